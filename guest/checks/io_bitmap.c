/* SPDX-License-Identifier: MIT */
/*
 * Port intercepts (VT-x: the I/O bitmaps, SDM Vol. 3C 25.6.4, 26.1.3,
 * modelled by vmx/pure/iobitmap.c; AMD-V: the I/O permission map with the
 * IOIO_PROT intercept, APM Vol. 2 15.10, modelled by svm/pure/permmap.c):
 * IN/OUT exits (VT-x reason 30, AMD-V 0x7b) when any port it touches has
 * its bit set, with port, size and direction in the exit qualification
 * (EXITINFO1, 15.10.2); AMD-V also reports the next RIP (EXITINFO2).
 *
 * Every port intercepted but 0x80 (POST codes, written by every BIOS and
 * by Linux for I/O delays: the only port touched for real). The guest
 * makes the accesses of the list below (handed in at CHK_DLIST). Expected:
 * exactly the accesses the backend's model says exit, in order, with port,
 * size and direction (and, where reported, the next RIP). Broken: port
 * 0x80 intercepted too, so it exits.
 */
#include "guest/checks.h"
#include "lib/out.h"

static const struct {
	uint16_t port;
	uint8_t size;
	bool in;
} accesses[] = {
	{ 0x80, 1, false },	/* passes */
	{ 0x81, 1, false },	/* intercepted */
	{ 0x80, 2, false },	/* its second byte is port 0x81 */
	{ 0x8001, 1, false },	/* VT-x: bitmap B */
	{ 0x8000, 4, true },	/* touches 0x8001 */
	{ 0x80, 1, false },	/* passes */
};
_Static_assert(ARRAY_SIZE(accesses) * CHK_IO_ENTRY_SIZE < PAGE_SIZE, "the list in its page");

#define PASSED_PORT	0x80
#define IN_VALUE	0xffffffffU	/* what an emulated IN returns */

/* The row's values (chk_run.val; CHK_VAL_EXITING: the model's exits). */
#define NEXT_RIP	1		/* the exits reported the next RIP */

CHK_PROG_EXTERN(g_io);

static const char *insn(unsigned i)
{
	static const char *const names[2][5] = {
		{ "", "OUT", "OUTW", "", "OUTD" }, { "", "IN", "INW", "", "IND" },
	};

	return names[accesses[i].in][accesses[i].size];
}

/* IN/OUT with DX: EC-EF, with an operand-size prefix for a word. */
static unsigned insn_len(unsigned size)
{
	return size == 2 ? 2 : 1;
}

static void setup(struct chk_run *r)
{
	uint8_t *list = r->mem + CHK_DLIST;

	r->ops->intercept_io(r, PASSED_PORT, false);
	for (unsigned i = 0; i < ARRAY_SIZE(accesses); i++) {
		list[i * CHK_IO_ENTRY_SIZE] = (uint8_t)accesses[i].port;
		list[i * CHK_IO_ENTRY_SIZE + 1] = (uint8_t)(accesses[i].port >> 8);
		list[i * CHK_IO_ENTRY_SIZE + 2] = accesses[i].size;
		list[i * CHK_IO_ENTRY_SIZE + 3] = accesses[i].in;
		/* The expected outcome is the model's, before any deliberate break. */
		if (r->ops->io_exits(r, accesses[i].port, accesses[i].size))
			r->val[CHK_VAL_EXITING] |= 1u << i;
	}
	list[ARRAY_SIZE(accesses) * CHK_IO_ENTRY_SIZE + 2] = 0;	/* the end */
	if (r->broken)
		r->ops->intercept_io(r, PASSED_PORT, true);
}

static enum chk_verdict pass(struct chk_run *r)
{
	char exited[96], passed[48];
	struct out_buf x, p;

	out_buf_init(&x, exited, sizeof(exited));
	out_buf_init(&p, passed, sizeof(passed));
	for (unsigned i = 0; i < ARRAY_SIZE(accesses); i++) {
		struct out_buf *b = r->val[CHK_VAL_EXITING] & (1u << i) ? &x : &p;

		oprintf(&b->out, "%s%s 0x%x", b->len ? ", " : "", insn(i), accesses[i].port);
	}
	return chk_run_pass(r, "%s exited with port, size, direction%s; %s passed", exited,
			    r->val[NEXT_RIP] ? " and next RIP" : "", passed);
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	unsigned i = chk_run_next_exit(r, ARRAY_SIZE(accesses));
	struct chk_exit e;

	r->ops->decode(r, &e);
	if (e.kind == CHK_EXIT_IO) {
		if (i == ARRAY_SIZE(accesses) || e.port != accesses[i].port ||
		    e.size != accesses[i].size || e.in != accesses[i].in || e.string)
			return chk_run_fail(r, "%s port 0x%x (%u bytes%s) exited (%s) at rip 0x%llx, but "
					    "no port it touches is intercepted", e.in ? "IN from" :
					    "OUT to", e.port, e.size, e.string ? ", string" : "",
					    e.name, (unsigned long long)e.rip);
		if (e.next_rip && e.next_rip != e.rip + insn_len(e.size))
			return chk_run_fail(r, "%s port 0x%x exited at rip 0x%llx: next RIP 0x%llx, "
					    "expected 0x%llx", insn(i), e.port,
					    (unsigned long long)e.rip, (unsigned long long)e.next_rip,
					    (unsigned long long)(e.rip + insn_len(e.size)));
		if (e.next_rip)
			r->val[NEXT_RIP] = 1;
		if (e.in)
			r->regs->rax = IN_VALUE;
		r->step = i + 1;
		r->ops->skip(r, insn_len(e.size));
		return CHK_RESUME;
	}
	if (!chk_exit_done(&e))
		return r->ops->unexpected(r);
	if (i < ARRAY_SIZE(accesses))
		return chk_run_fail(r, "%s port 0x%x (%u bytes) did not exit although it touches an "
				    "intercepted port", accesses[i].in ? "IN from" : "OUT to",
				    accesses[i].port, accesses[i].size);
	return pass(r);
}

const struct chk_row chk_row_io_bitmap = {
	.name = "io_bitmap",
	.svm_name = "iopm",
	.sdm = "SDM Vol. 3C 25.6.4, 26.1.3",
	.apm = "APM Vol. 2 15.10",
	.entry = CHK_PROG(g_io),
	.setup = setup,
	.exit = on_exit,
};
