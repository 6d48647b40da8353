/* SPDX-License-Identifier: MIT */
/*
 * I/O permission map (APM Vol. 2 15.10): with the IOIO_PROT intercept, an
 * IN/OUT exits (0x7b) when any bit of the ports it touches is set, with
 * port, size and direction in EXITINFO1 (15.10.2) and the next RIP in
 * EXITINFO2; the map is modelled by svm/pure/permmap.c.
 *
 * Map all ones but port 0x80: a byte OUT to 0x80 passes (the only port
 * touched for real: POST codes); OUT to 0x81, a word OUT to 0x80 (touches
 * 0x81), a byte OUT to 0x8001 and a dword IN from 0x8000 exit in order.
 * Broken: port 0x80 stays intercepted.
 */
#include "svm/checks.h"
#include "svm/pure/permmap.h"
#include "svm/pure/svm_names.h"

extern const char schk_g_io[];

struct io_access {
	uint16_t port;
	uint8_t size, in;
};

/* The guest's accesses in order; the first is the one the map lets through. */
static const struct io_access list[] = {
	{ 0x80, 1, 0 }, { 0x81, 1, 0 }, { 0x80, 2, 0 }, { 0x8001, 1, 0 }, { 0x8000, 4, 1 },
};
#define FIRST_EXIT	1

static void setup(struct schk *c)
{
	if (!c->broken)
		svm_iopm_set(c->iopm, 0x80, false);
}

/* The access whose exit comes next, or NULL after the last. */
static const struct io_access *next_exit(struct schk *c)
{
	unsigned i = FIRST_EXIT + c->step;

	return i < ARRAY_SIZE(list) ? &list[i] : NULL;
}

static enum chk_verdict on_exit(struct schk *c)
{
	const struct io_access *want = next_exit(c);

	if (c->code == SVM_EXIT_IOIO && want) {
		struct svm_ioio io;
		unsigned len = want->size == 2 ? 2 : 1;	/* 66 EF / 66 ED, else one byte */

		svm_ioio_decode(c->info1, &io);
		if (io.port != want->port || io.size != want->size || io.in != !!want->in ||
		    io.string)
			return schk_fail(c, "IOIO exit EXITINFO1 0x%llx (port 0x%x, %u bytes, %s); "
					 "expected port 0x%x, %u bytes, %s",
					 (unsigned long long)c->info1, io.port, io.size,
					 io.in ? "in" : "out", want->port, want->size,
					 want->in ? "in" : "out");
		if (c->info2 != c->rip + len)
			return schk_fail(c, "IOIO exit at rip 0x%llx: EXITINFO2 (next RIP) 0x%llx, "
					 "expected 0x%llx", (unsigned long long)c->rip,
					 (unsigned long long)c->info2,
					 (unsigned long long)(c->rip + len));
		c->step++;
		if (io.in)
			c->g.regs.rax = 0xffffffff;
		c->vmcb->save.rip = c->info2;
		return CHK_RESUME;
	}
	if (schk_call(c, CHK_CALL_DONE) && !want)
		return schk_pass(c, "OUT 0x80 passed; OUT 0x81, OUTW 0x80, OUT 0x8001, IND 0x8000 "
				 "exited (0x7b) with port, size, direction and next RIP");
	if (c->code == SVM_EXIT_IOIO) {
		struct svm_ioio io;

		svm_ioio_decode(c->info1, &io);
		return schk_fail(c, "an extra IOIO exit for port 0x%x (%u bytes, %s) at rip 0x%llx",
				 io.port, io.size, io.in ? "in" : "out", (unsigned long long)c->rip);
	}
	if (schk_call(c, CHK_CALL_DONE))
		return schk_fail(c, "the guest ended without the exit for port 0x%x", want->port);
	return schk_unexpected(c);
}

const struct svm_check schk_iopm = {
	.name = "iopm",
	.apm = "APM Vol. 2 15.10",
	.entry = schk_g_io,
	.setup = setup,
	.exit = on_exit,
};
