/* SPDX-License-Identifier: MIT */
/*
 * Exception bitmap (SDM Vol. 3C 25.6.3, 26.2): an exception whose vector's
 * bit is set causes a VM exit (reason 0) with the vector and type in the
 * VM-exit interruption information (25.9.2); one whose bit is clear is
 * delivered through the guest's IDT.
 *
 * The bitmap has every bit but #BP (3). The guest executes INT3, whose
 * handler counts and returns, then UD2. Expected: no exit for #BP, the
 * handler ran once, then exit 0 for #UD: vector 6, hardware exception, no
 * error code, RIP at the UD2. Broken: #BP intercepted too.
 */
#include "vmx/checks.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"


extern const char chk_g_exc[], chk_g_exc_ud[], chk_h_bp[];

static void setup(struct chk *c)
{
	chk_set_gate(c, X86_TRAP_BP, chk_h_bp);
	vmcs_write32(EXCEPTION_BITMAP, c->broken ? 0xffffffffU : ~(uint32_t)BIT(X86_TRAP_BP));
}

static enum chk_verdict on_exit(struct chk *c)
{
	struct intr_info i;

	if (c->reason != EXIT_REASON_EXCEPTION_NMI)
		return chk_unexpected(c);
	exit_decode_intr_info(vmcs_read32(VM_EXIT_INTR_INFO), &i);
	if (i.valid && i.vector == X86_TRAP_BP)
		return chk_fail(c, "#BP exited at rip 0x%llx although its bit in the exception "
				"bitmap is clear", (unsigned long long)c->rip);
	if (!i.valid || i.vector != X86_TRAP_UD || i.type != INTR_TYPE_HARD_EXCEPTION || i.error_valid)
		return chk_unexpected(c);
	if (c->rip != chk_ga(chk_g_exc_ud))
		return chk_fail(c, "#UD exit at rip 0x%llx, expected the UD2 at 0x%llx",
				(unsigned long long)c->rip, (unsigned long long)chk_ga(chk_g_exc_ud));
	if (chk_word(c, CHK_D0) != 1)
		return chk_fail(c, "the guest's #BP handler ran %u times, expected once",
				chk_word(c, CHK_D0));
	return chk_pass(c, "#UD exited as vector 6 (hardware exception) at the UD2; #BP (bit clear) "
			"reached the guest's handler");
}

const struct vmx_check chk_exception_bitmap = {
	.name = "exception_bitmap",
	.sdm = "SDM Vol. 3C 25.6.3, 26.2",
	.entry = chk_g_exc,
	.setup = setup,
	.exit = on_exit,
};
