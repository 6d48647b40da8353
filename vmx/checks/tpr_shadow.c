/* SPDX-License-Identifier: MIT */
/*
 * TPR shadow (SDM Vol. 3C 30.1.1, 30.3, 27.3.1.1 (entry checks), 25.6.8;
 * primary control "use TPR shadow"): in a 64-bit guest, MOV to CR8 writes
 * bits 7:4 of the virtual-APIC page's VTPR (offset 0x80), MOV from CR8
 * reads them, no exit; a write that lowers VTPR[7:4] below the TPR
 * threshold exits (reason 43) after the MOV (trap-like).
 *
 * VTPR starts at 0x80, threshold 4, CR8-load/store exiting off. The 64-bit
 * guest sets CR8 = 6, reads it back, sets CR8 = 2, then waits for the host
 * to acknowledge the exit (D7). Expected: one exit, 43, at the instruction
 * after the second MOV, VTPR 0x20 and the guest read 6. Broken: threshold
 * 0, so no exit comes and the guest waits for good: the watchdog (the
 * VMX-preemption timer, or the LAPIC timer on CPUs without it) stops it,
 * which is what selftest=break-tpr_shadow shows on Core 2.
 */
#include "vmx/checks.h"
#include "vmx/checks/env.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define VTPR_OFF	0x80
#define VTPR_START	0x80
#define THRESHOLD	4

extern const char vchk_g_tpr[], vchk_g_tpr_after[];

static void setup(struct vchk *c)
{
	uint8_t *vapic = vchk_host_page(c, 0, 0);

	vapic[VTPR_OFF] = VTPR_START;
	c->val[0] = (uint64_t)(uintptr_t)vapic;
	vchk_enter_ia32e(c, true);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_TPR_SHADOW,
		 CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING);
	vmcs_write64(VIRTUAL_APIC_PAGE_ADDR, c->val[0]);
	vmcs_write32(TPR_THRESHOLD, c->broken ? 0 : THRESHOLD);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	uint32_t vtpr = *(volatile uint32_t *)(uintptr_t)(c->val[0] + VTPR_OFF);

	if (c->reason == EXIT_REASON_TPR_BELOW_THRESHOLD && c->step == 0) {
		if (c->rip != vchk_ga(vchk_g_tpr_after) || vtpr != 0x20 ||
		    vchk_word(c, CHK_D0) != 6 || c->exits != 1)
			return vchk_fail(
				c,
				"TPR-threshold exit at rip 0x%llx after %u exits, VTPR 0x%x, "
				"CR8 read 0x%x; expected rip 0x%llx, none, 0x20, 6",
				(unsigned long long)c->rip, c->exits - 1, vtpr,
				vchk_word(c, CHK_D0),
				(unsigned long long)vchk_ga(vchk_g_tpr_after));
		/* VM entry needs threshold <= VTPR[7:4] (SDM 27.2.1.1): KVM lowers it too. */
		vmcs_write32(TPR_THRESHOLD, 0);
		vchk_set_word(c, CHK_D7, 1);
		c->step++;
		return CHK_RESUME;
	}
	if (!vchk_call(c, CHK_CALL_DONE) || c->step != 1)
		return vchk_unexpected(c);
	return vchk_pass(c,
			 "CR8 writes and reads served by VTPR, TPR-threshold exit (43) after "
			 "lowering below %u",
			 THRESHOLD);
}

const struct vmx_check vchk_tpr_shadow = {
	.name = "tpr_shadow",
	.sdm = "SDM Vol. 3C 30.1.1, 30.3, 25.6.8",
	.need = { .proc = CPU_BASED_TPR_SHADOW, .entry = VM_ENTRY_IA32E_MODE },
	.entry = vchk_g_tpr,
	.setup = setup,
	.exit = on_exit,
};
