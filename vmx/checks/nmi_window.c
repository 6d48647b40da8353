/* SPDX-License-Identifier: MIT */
/*
 * NMI-window exiting (SDM Vol. 3C 25.6.2, 27.7.6; needs "virtual NMIs",
 * 27.2.1.1): with the control set, a VM exit (reason 8) happens at the
 * start of any instruction at which there is no virtual-NMI blocking.
 *
 * The guest is entered unblocked. Expected: the exit before its first
 * instruction; with the control cleared it then ends. Broken: entered
 * with "blocking by NMI" set, so the window never opens.
 */
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define INTERRUPTIBILITY_NMI	BIT(3)

extern const char vchk_g_nmiwin[];

static void setup(struct vchk *c)
{
	vchk_ctl(PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_NMI_WINDOW_EXITING, 0);
	if (c->broken)
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, INTERRUPTIBILITY_NMI);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (c->reason == EXIT_REASON_NMI_WINDOW && c->step == 0) {
		if (c->rip != vchk_ga(vchk_g_nmiwin))
			return vchk_fail(c,
					 "NMI-window exit at rip 0x%llx, expected before the first "
					 "instruction (0x%llx)",
					 (unsigned long long)c->rip,
					 (unsigned long long)vchk_ga(vchk_g_nmiwin));
		vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_NMI_WINDOW_EXITING);
		c->step = 1;
		return CHK_RESUME;
	}
	if (vchk_call(c, CHK_CALL_DONE))
		return c->step ? vchk_pass(c, "exit before the first instruction")
			       : vchk_fail(c, "no NMI-window exit although nothing blocked NMIs");
	return vchk_unexpected(c);
}

const struct vmx_check vchk_nmi_window = {
	.name = "nmi_window",
	.sdm = "SDM Vol. 3C 25.6.2, 27.7.6",
	.need = { .pin = PIN_BASED_VIRTUAL_NMIS, .proc = CPU_BASED_NMI_WINDOW_EXITING },
	.entry = vchk_g_nmiwin,
	.setup = setup,
	.exit = on_exit,
};
