/* SPDX-License-Identifier: MIT */
/*
 * Event injection (SDM Vol. 3C 25.8.3, 27.6; APM Vol. 2 15.20): VM entry
 * (VMRUN) delivers the event in the VM-entry interruption-information
 * field (EVENTINJ) through the guest's IDT as if it had occurred right
 * before the first guest instruction. On VT-x a VM exit clears the field's
 * valid bit (SDM 28.2).
 *
 * First entry: a #GP (hardware exception, vector 13) with error code
 * 0xbad0. Its handler records the error code, the EIP it would return to
 * and its vector, then reports with the hypercall. Second entry, at the
 * instruction after that hypercall, with RFLAGS.IF set: external
 * interrupt 0x41, whose handler records its return EIP and vector and
 * ends. Expected: both handlers ran with exactly those values. Broken:
 * vector 12 is injected, which has no gate, so delivery faults (#NP) and
 * exits.
 */
#include "guest/checks.h"

#define GP_ERROR	0xbad0
#define VEC_NO_GATE	X86_TRAP_SS	/* the guest's IDT has no gate for it */

CHK_PROG_EXTERN(g_event);
CHK_PROG_EXTERN(h_gp);
CHK_PROG_EXTERN(h_gp_resume);
CHK_PROG_EXTERN(h_ext);

static void setup(struct chk_run *r)
{
	chk_run_gate(r, X86_TRAP_GP, CHK_PROG(h_gp));
	chk_run_gate(r, CHK_VEC_EXT, CHK_PROG(h_ext));
	r->ops->inject(r, CHK_INJECT_EXCEPTION, r->broken ? VEC_NO_GATE : X86_TRAP_GP, true,
		       GP_ERROR);
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	if (r->ops->injection_pending && r->ops->injection_pending(r))
		return chk_run_fail(r, "the VM-entry interruption-information field is still valid "
				    "after a VM exit");
	if (r->step == 0 && r->ops->call(r, CHK_CALL_REPORT)) {
		uint64_t resume = chk_run_ga(r, CHK_PROG(g_event));

		if (chk_run_word(r, CHK_D2) != X86_TRAP_GP || chk_run_word(r, CHK_D0) != GP_ERROR ||
		    chk_run_word(r, CHK_D1) != resume)
			return chk_run_fail(r, "the #GP handler saw error code 0x%x, return EIP 0x%x; "
					    "expected 0x%x, 0x%llx", chk_run_word(r, CHK_D0),
					    chk_run_word(r, CHK_D1), GP_ERROR,
					    (unsigned long long)resume);
		r->step = 1;
		r->ops->skip(r, CHK_CALL_LEN);
		r->ops->rflags_set(r, X86_EFLAGS_IF);
		r->ops->inject(r, CHK_INJECT_EXTINT, CHK_VEC_EXT, false, 0);
		return CHK_RESUME;
	}
	if (r->step == 1 && r->ops->call(r, CHK_CALL_DONE)) {
		uint64_t resume = chk_run_ga(r, CHK_PROG(h_gp_resume));

		if (chk_run_word(r, CHK_D4) != CHK_VEC_EXT || chk_run_word(r, CHK_D3) != resume)
			return chk_run_fail(r, "the vector 0x41 handler saw return EIP 0x%x, expected "
					    "0x%llx", chk_run_word(r, CHK_D3),
					    (unsigned long long)resume);
		return chk_run_pass(r, "injected #GP (error code 0xbad0) and external interrupt 0x41 "
				    "reached the guest's handlers");
	}
	return r->ops->unexpected(r);
}

const struct chk_row chk_row_event_injection = {
	.name = "event_injection",
	.sdm = "SDM Vol. 3C 25.8.3, 27.6",
	.apm = "APM Vol. 2 15.20",
	.entry = CHK_PROG(g_event),
	.setup = setup,
	.exit = on_exit,
};
