/* SPDX-License-Identifier: MIT */
/*
 * I/O bitmaps (SDM Vol. 3C 25.6.4, 26.1.3): IN/OUT exit (reason 30) when
 * any port they touch has its bit set in bitmap A (0x0000-0x7FFF) or B
 * (0x8000-0xFFFF). The model is vmx/pure/iobitmap.c.
 *
 * The guest makes the accesses of the list below (handed in at CHK_DLIST).
 * Expected: exactly the accesses the model says exit, in order, with port,
 * size and direction in the qualification. Only port 0x80 (POST codes,
 * written by every BIOS and by Linux for I/O delays) is passed through to
 * the machine. Broken: port 0x80 intercepted too, so it exits.
 */
#include "vmx/checks.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

static const struct {
	uint16_t port;
	uint8_t size;
	bool in;
} accesses[] = {
	{ 0x80, 1, false },	/* passes */
	{ 0x81, 1, false },	/* bitmap A bit set */
	{ 0x80, 2, false },	/* its second byte is port 0x81 */
	{ 0x8001, 1, false },	/* bitmap B bit set */
	{ 0x8000, 4, true },	/* touches 0x8001 */
	{ 0x80, 1, false },	/* passes */
};

extern const char chk_g_io[];

static void setup(struct chk *c)
{
	uint8_t *list = c->mem + CHK_DLIST;

	for (unsigned i = 0; i < IOBITMAP_BYTES; i++)
		c->io.a[i] = c->io.b[i] = 0;
	iobitmap_set_range(&c->io, 0x81, 1, true);
	iobitmap_set_range(&c->io, 0x8001, 1, true);
	for (unsigned i = 0; i < ARRAY_SIZE(accesses); i++) {
		list[i * CHK_IO_ENTRY_SIZE] = (uint8_t)accesses[i].port;
		list[i * CHK_IO_ENTRY_SIZE + 1] = (uint8_t)(accesses[i].port >> 8);
		list[i * CHK_IO_ENTRY_SIZE + 2] = accesses[i].size;
		list[i * CHK_IO_ENTRY_SIZE + 3] = accesses[i].in;
		if (iobitmap_access_exits(&c->io, accesses[i].port, accesses[i].size))
			c->val[0] |= 1u << i;
	}
	if (c->broken)
		iobitmap_set_range(&c->io, 0x80, 1, true);
	chk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_IO_BITMAPS, CPU_BASED_UNCOND_IO_EXITING);
	vmcs_write64(IO_BITMAP_A, c->g.io_bitmap_a);
	vmcs_write64(IO_BITMAP_B, c->g.io_bitmap_b);
}

static enum chk_verdict on_exit(struct chk *c)
{
	unsigned i = c->step;

	while (i < ARRAY_SIZE(accesses) && !(c->val[0] & (1u << i)))
		i++;
	if (c->reason == EXIT_REASON_IO_INSTRUCTION) {
		struct io_qual q;

		exit_decode_io(c->qual, &q);
		if (i == ARRAY_SIZE(accesses) || q.port != accesses[i].port ||
		    q.size != accesses[i].size || q.in != accesses[i].in)
			return chk_fail(c, "%s port 0x%x (%u bytes) exited at rip 0x%llx, but no port "
					"it touches is intercepted", q.in ? "IN from" : "OUT to", q.port,
					q.size, (unsigned long long)c->rip);
		if (q.in)
			c->g.regs.rax = 0xffffffff;
		return chk_next(c, i + 1);
	}
	if (!chk_call(c, CHK_CALL_DONE))
		return chk_unexpected(c);
	if (i < ARRAY_SIZE(accesses))
		return chk_fail(c, "%s port 0x%x (%u bytes) did not exit although it touches an "
				"intercepted port", accesses[i].in ? "IN from" : "OUT to",
				accesses[i].port, accesses[i].size);
	return chk_pass(c, "ports 0x81, 0x80 (word), 0x8001, 0x8000 (dword IN) exited; 0x80 "
			"(byte) passed through twice");
}

const struct vmx_check chk_io_bitmap = {
	.name = "io_bitmap",
	.sdm = "SDM Vol. 3C 25.6.4, 26.1.3",
	.need = { .proc = CPU_BASED_USE_IO_BITMAPS },
	.entry = chk_g_io,
	.setup = setup,
	.exit = on_exit,
};
