/* SPDX-License-Identifier: MIT */
/*
 * NMI virtualization (APM Vol. 2 15.21.10, "NMI Virtualization"): with
 * V_NMI_ENABLE (VMCB 060h bit 26) the hypervisor makes an NMI pending for
 * the guest by setting V_NMI (bit 11); the CPU delivers it through the
 * guest's IDT vector 2 as an NMI, clearing V_NMI and setting V_NMI_BLOCKING
 * (bit 12, "masked"), and the guest's IRET clears V_NMI_BLOCKING again. A
 * V_NMI set while blocked waits for that IRET. Without it, the hypervisor
 * must intercept IRET to find the end of the guest's NMI handler.
 *
 * V_NMI_ENABLE, V_NMI pending, the #NMI exception intercept off. The NMI
 * must arrive before the guest's first instruction: its handler reports
 * (VMMCALL) and the VMCB must read V_NMI 0, V_NMI_BLOCKING 1; the host sets
 * V_NMI again. The handler then records how many NMIs it has seen and
 * IRETs: the second NMI must arrive right after that IRET (its handler
 * reports with the first handler's record complete and the same return
 * address) and not while the first handler ran. After the second IRET the
 * program ends: V_NMI and V_NMI_BLOCKING must both read 0. Broken:
 * V_NMI_ENABLE left clear (V_NMI is then ignored: no NMI arrives).
 */
#include "svm/checks.h"

extern const char schk_g_vnmi[], schk_h_vnmi[];

static void setup(struct schk *c)
{
	struct vmcb_control *v = &c->vmcb->control;

	schk_set_gate(c, X86_TRAP_NMI, schk_h_vnmi);
	v->intercept_exceptions &= ~(uint32_t)BIT(X86_TRAP_NMI);
	v->int_ctl |= V_NMI_PENDING_MASK | (c->broken ? 0 : V_NMI_ENABLE_MASK);
	c->waiting = "the virtual NMI";
}

/* V_NMI and V_NMI_BLOCKING as the VMCB holds them after this #VMEXIT. */
static bool pending(const struct schk *c)
{
	return c->vmcb->control.int_ctl & V_NMI_PENDING_MASK;
}

static bool blocked(const struct schk *c)
{
	return c->vmcb->control.int_ctl & V_NMI_BLOCKING_MASK;
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint32_t seen = schk_word(c, CHK_D0), ret = schk_word(c, CHK_D1);
	uint32_t before_iret = schk_word(c, CHK_D2);
	uint64_t entry = schk_ga(schk_g_vnmi);

	if (schk_call(c, CHK_CALL_REPORT) && c->step < 2) {
		if (seen != c->step + 1 || (ret != entry && ret != entry + 1))
			return schk_fail(c, "virtual NMI %u: handler entry %u, return EIP 0x%x "
					 "(expected 0x%llx or the next instruction)%s", c->step + 1,
					 seen, ret, (unsigned long long)entry,
					 c->step && before_iret != 1 ?
					 ": delivered while the first handler ran" : "");
		if (c->step == 1 && before_iret != 1)
			return schk_fail(c, "the second virtual NMI arrived before the first "
					 "handler's IRET (the handler had recorded %u)", before_iret);
		if (pending(c) || !blocked(c))
			return schk_fail(c, "in the NMI handler (NMI %u): V_NMI %u, V_NMI_BLOCKING "
					 "%u (expected 0 and 1)", c->step + 1, pending(c), blocked(c));
		if (c->step == 0) {
			c->vmcb->control.int_ctl |= V_NMI_PENDING_MASK;
			c->waiting = "the second virtual NMI, after the handler's IRET";
		}
		c->step++;
		schk_skip(c, CHK_CALL_LEN);
		return CHK_RESUME;
	}
	if (schk_call(c, CHK_CALL_DONE)) {
		if (c->step == 0)
			return schk_fail(c, "no virtual NMI was delivered (V_NMI %u pending at the "
					 "end)", pending(c));
		if (c->step == 1)
			return schk_fail(c, "the second virtual NMI, set while the first was "
					 "blocked, never arrived (V_NMI %u, V_NMI_BLOCKING %u)",
					 pending(c), blocked(c));
		if (pending(c) || blocked(c))
			return schk_fail(c, "after the handler's IRET: V_NMI %u, V_NMI_BLOCKING %u "
					 "(expected both 0)", pending(c), blocked(c));
		return schk_pass(c, "V_NMI went to the guest's vector 2 with V_NMI_BLOCKING set; "
				 "a second V_NMI waited for the handler's IRET, which cleared the "
				 "blocking");
	}
	return schk_unexpected(c);
}

const struct svm_check schk_vnmi = {
	.name = "vnmi",
	.apm = "APM Vol. 2 15.21.10",
	.feat = SVM_FEAT_VNMI,
	.entry = schk_g_vnmi,
	.setup = setup,
	.exit = on_exit,
};
