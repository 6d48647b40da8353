/* SPDX-License-Identifier: MIT */
/*
 * Event injection (APM Vol. 2 15.20): VMRUN delivers the event in EVENTINJ
 * through the guest's IDT as if it had occurred right before the first
 * guest instruction.
 *
 * First VMRUN: a #GP (type 3, exception) with error code 0xbad0. Its
 * handler records the error code and the EIP it would return to, then
 * reports with VMMCALL. Second VMRUN, at the instruction after that
 * VMMCALL, with RFLAGS.IF set: external interrupt 0x41 (type 0), whose
 * handler records its return EIP and ends. Expected: both handlers saw
 * exactly those values. Broken: vector 12 is injected, which has no gate,
 * so its delivery faults (#NP) and exits.
 */
#include "svm/checks.h"

#define VEC_BROKEN	12
#define GP_ERROR	0xbad0

extern const char schk_g_event[], schk_h_gp[], schk_h_gp_resume[], schk_h_ext[];

static void setup(struct schk *c)
{
	unsigned vec = c->broken ? VEC_BROKEN : X86_TRAP_GP;

	schk_set_gate(c, X86_TRAP_GP, schk_h_gp);
	schk_set_gate(c, SCHK_VEC_EXT, schk_h_ext);
	c->vmcb->control.event_inj = SVM_EVTINJ_VALID | SVM_EVTINJ_VALID_ERR |
				     SVM_EVTINJ_TYPE_EXEPT << SVM_EVTINJ_TYPE_SHIFT | vec |
				     (uint64_t)GP_ERROR << SVM_EVTINJ_ERRCODE_SHIFT;
}

static enum schk_verdict on_exit(struct schk *c)
{
	if (c->step == 0 && schk_call(c, SCHK_CALL_REPORT)) {
		if (schk_word(c, SCHK_D0) != GP_ERROR ||
		    schk_word(c, SCHK_D1) != schk_ga(schk_g_event))
			return schk_fail(c, "the #GP handler saw error code 0x%x, return EIP 0x%x; "
					 "expected 0x%x, 0x%llx", schk_word(c, SCHK_D0),
					 schk_word(c, SCHK_D1), GP_ERROR,
					 (unsigned long long)schk_ga(schk_g_event));
		c->step = 1;
		schk_skip(c, 3);
		c->vmcb->save.rflags |= X86_EFLAGS_IF;
		c->vmcb->control.event_inj = SVM_EVTINJ_VALID |
					     SVM_EVTINJ_TYPE_INTR << SVM_EVTINJ_TYPE_SHIFT |
					     SCHK_VEC_EXT;
		return SCHK_RESUME;
	}
	if (c->step == 1 && schk_call(c, SCHK_CALL_DONE)) {
		if (schk_word(c, SCHK_D3) != schk_ga(schk_h_gp_resume))
			return schk_fail(c, "the vector 0x41 handler saw return EIP 0x%x, expected "
					 "0x%llx", schk_word(c, SCHK_D3),
					 (unsigned long long)schk_ga(schk_h_gp_resume));
		return schk_pass(c, "injected #GP (error code 0xbad0) and external interrupt 0x41 "
				 "reached the guest's handlers");
	}
	return schk_unexpected(c);
}

const struct svm_check schk_event_injection = {
	.name = "event_injection",
	.apm = "APM Vol. 2 15.20",
	.entry = schk_g_event,
	.setup = setup,
	.exit = on_exit,
};
