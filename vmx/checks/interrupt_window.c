/* SPDX-License-Identifier: MIT */
/*
 * Interrupt-window exiting (SDM Vol. 3C 25.6.2, 27.7.5): with the control
 * set, a VM exit (reason 7) happens at the start of any instruction at
 * which RFLAGS.IF = 1 and nothing blocks interrupts (STI blocking covers
 * the instruction after STI).
 *
 * The guest starts with IF = 0, writes a mark, executes STI and one NOP.
 * Expected: the exit comes exactly after that NOP (not before STI: the
 * mark is written), then, with the control cleared, the guest ends.
 * Broken: the guest is entered with IF = 1, so the exit comes at once.
 */
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"


extern const char vchk_g_iwin[], vchk_g_iwin_open[];

static void setup(struct vchk *c)
{
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_INTR_WINDOW_EXITING, 0);
	if (c->broken)
		vmcs_writenat(GUEST_RFLAGS, vmcs_readnat(GUEST_RFLAGS) | X86_EFLAGS_IF);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (c->reason == EXIT_REASON_INTERRUPT_WINDOW && c->step == 0) {
		if (c->rip != vchk_ga(vchk_g_iwin_open) || vchk_word(c, CHK_D0) != 1)
			return vchk_fail(
				c,
				"interrupt-window exit at rip 0x%llx, expected 0x%llx (after "
				"STI and the instruction in its shadow)",
				(unsigned long long)c->rip,
				(unsigned long long)vchk_ga(vchk_g_iwin_open));
		vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_INTR_WINDOW_EXITING);
		c->step = 1;
		return CHK_RESUME;
	}
	if (vchk_call(c, CHK_CALL_DONE))
		return c->step ? vchk_pass(c,
					   "exit right after STI and the instruction in its shadow")
			       : vchk_fail(c, "no interrupt-window exit after STI");
	return vchk_unexpected(c);
}

const struct vmx_check vchk_interrupt_window = {
	.name = "interrupt_window",
	.sdm = "SDM Vol. 3C 25.6.2, 27.7.5",
	.need = { .proc = CPU_BASED_INTR_WINDOW_EXITING },
	.entry = vchk_g_iwin,
	.setup = setup,
	.exit = on_exit,
};
