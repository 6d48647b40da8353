/* SPDX-License-Identifier: MIT */
/*
 * LBR virtualization (APM Vol. 2 15.23): with LBR_VIRTUALIZATION_ENABLE
 * (VMCB 0B8h bit 0) VMRUN loads the guest's DebugCtl and last-branch MSRs
 * from the VMCB (670h-690h) and #VMEXIT saves them there, so the guest
 * records branches without disturbing the host's.
 *
 * VMCB DBGCTL = 1 (LBR), reads of DebugCtl (0x1d9), LastBranchFromIP
 * (0x1db) and LastBranchToIP (0x1dc) not intercepted. The guest reads
 * DebugCtl (expected 1), takes one JMP, reads the two LBR MSRs: they must
 * name that JMP and its target, and after the exit the VMCB's BR_FROM /
 * BR_TO too. Broken: LBR virtualization left disabled (the guest then
 * reads the host's DebugCtl).
 */
#include "svm/checks.h"
#include "svm/pure/permmap.h"

#define DBGCTL_LBR		1

extern const char schk_g_lbr[], schk_g_lbr_jmp[], schk_g_lbr_to[];

static void setup(struct schk *c)
{
	svm_msrpm_set(c->msrpm, MSR_IA32_DEBUGCTL, false, false);
	svm_msrpm_set(c->msrpm, MSR_IA32_LASTBRANCHFROMIP, false, false);
	svm_msrpm_set(c->msrpm, MSR_IA32_LASTBRANCHTOIP, false, false);
	if (!c->broken)
		c->vmcb->control.virt_ext |= SVM_LBR_CTL_ENABLE;
	c->vmcb->save.dbgctl = DBGCTL_LBR;
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint64_t from = schk_ga(schk_g_lbr_jmp), to = schk_ga(schk_g_lbr_to);
	const struct vmcb_save *s = &c->vmcb->save;

	if (c->code == SVM_EXIT_EXCP_BASE + 13)
		return schk_fail(c, "#GP at rip 0x%llx reading MSR 0x%x (DebugCtl / LBR MSRs)",
				 (unsigned long long)c->rip, (uint32_t)c->g.regs.rcx);
	if (!schk_call(c, CHK_CALL_DONE))
		return schk_unexpected(c);
	if (schk_word(c, CHK_D0) != DBGCTL_LBR || schk_word(c, CHK_D1) != from ||
	    schk_word(c, CHK_D2) != to)
		return schk_fail(c, "the guest read DebugCtl 0x%x, LastBranchFromIP 0x%x, "
				 "LastBranchToIP 0x%x; expected 0x%x, 0x%llx, 0x%llx",
				 schk_word(c, CHK_D0), schk_word(c, CHK_D1), schk_word(c, CHK_D2),
				 DBGCTL_LBR, (unsigned long long)from, (unsigned long long)to);
	if (s->br_from != from || s->br_to != to)
		return schk_fail(c, "#VMEXIT saved BR_FROM 0x%llx, BR_TO 0x%llx, expected 0x%llx, "
				 "0x%llx", (unsigned long long)s->br_from,
				 (unsigned long long)s->br_to, (unsigned long long)from,
				 (unsigned long long)to);
	return schk_pass(c, "the guest's DebugCtl came from the VMCB, its JMP was recorded and "
			 "saved to BR_FROM/BR_TO");
}

const struct svm_check schk_lbr_virt = {
	.name = "lbr_virt",
	.apm = "APM Vol. 2 15.23",
	.feat = SVM_FEAT_LBRV,
	.entry = schk_g_lbr,
	.setup = setup,
	.exit = on_exit,
};
