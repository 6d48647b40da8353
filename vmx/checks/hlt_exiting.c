/* SPDX-License-Identifier: MIT */
/*
 * HLT exiting (SDM Vol. 3C 25.6.2 Table 25-6 bit 7, 26.1.3; exit reason 12,
 * Appendix C): with the control set, HLT exits
 * instead of halting, before it executes (the guest's activity state stays
 * active, RIP at the HLT).
 *
 * The guest sets IF (STI, NOP) and executes HLT. Expected: exit 12 at the
 * HLT with instruction length 1, qualification 0 and the activity state
 * saved as active (0); skipped by the host, the program ends. Broken: the
 * control cleared, so the guest halts until the battery's watchdog (the
 * VMX-preemption timer, or the LAPIC timer's interrupt, which IF = 1 lets
 * wake the HLT) stops it: a timeout FAIL.
 */
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define HLT_INSN_LEN		1
#define ACTIVITY_ACTIVE		0

extern const char vchk_g_hlt[], vchk_g_hlt_insn[];

static void setup(struct vchk *c)
{
	if (c->broken)
		vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_HLT_EXITING);
	else
		vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_HLT_EXITING, 0);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (c->reason == EXIT_REASON_HLT && c->step == 0) {
		uint32_t len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
		uint32_t activity = vmcs_read32(GUEST_ACTIVITY_STATE);

		if (c->rip != vchk_ga(vchk_g_hlt_insn) || len != HLT_INSN_LEN || c->qual ||
		    activity != ACTIVITY_ACTIVE)
			return vchk_fail(c,
					 "HLT exit at rip 0x%llx, length %u, qualification 0x%llx, "
					 "activity state %u; expected 0x%llx, 1, 0, 0 (active)",
					 (unsigned long long)c->rip, len,
					 (unsigned long long)c->qual, activity,
					 (unsigned long long)vchk_ga(vchk_g_hlt_insn));
		return vchk_next(c, 1);
	}
	if (!vchk_call(c, CHK_CALL_DONE))
		return vchk_unexpected(c);
	if (!c->step)
		return vchk_fail(c, "the guest went past its HLT without an HLT exit");
	return vchk_pass(c, "HLT exited (12) at the HLT, length 1, the guest still active");
}

const struct vmx_check vchk_hlt_exiting = {
	.name = "hlt_exiting",
	.sdm = "SDM Vol. 3C 25.6.2, 26.1.3",
	.need = { .proc = CPU_BASED_HLT_EXITING },
	.entry = vchk_g_hlt,
	.setup = setup,
	.exit = on_exit,
};
