/* SPDX-License-Identifier: MIT */
/*
 * Exception intercepts (APM Vol. 2 15.12): an exception whose bit is set
 * in the VMCB's exception vector exits (0x40 + vector) with RIP at the
 * faulting instruction; one whose bit is clear is delivered through the
 * guest's own IDT.
 *
 * Every exception intercepted but #BP: INT3 reaches the guest's handler (no
 * exit), then UD2 exits 0x46 at the UD2 with EXITINFO1 0 (no error code).
 * Broken: #BP intercepted too.
 */
#include "svm/checks.h"


extern const char schk_g_exc[], schk_g_exc_ud[], schk_h_bp[];

static void setup(struct schk *c)
{
	schk_set_gate(c, X86_TRAP_BP, schk_h_bp);
	if (!c->broken)
		c->vmcb->control.intercept_exceptions &= ~(uint32_t)BIT(X86_TRAP_BP);
}

static enum chk_verdict on_exit(struct schk *c)
{
	if (c->code == SVM_EXIT_EXCP_BASE + X86_TRAP_UD) {
		if (c->rip != schk_ga(schk_g_exc_ud) || schk_word(c, CHK_D0) != 1)
			return schk_fail(c, "#UD exit at rip 0x%llx (expected 0x%llx) after the #BP "
					 "handler ran %u times (expected 1)",
					 (unsigned long long)c->rip,
					 (unsigned long long)schk_ga(schk_g_exc_ud),
					 schk_word(c, CHK_D0));
		return schk_pass(c, "#BP reached the guest's handler, #UD exited (0x46) at the UD2");
	}
	if (c->code == SVM_EXIT_EXCP_BASE + X86_TRAP_BP)
		return schk_fail(c, "#BP exited (0x43) at rip 0x%llx although its intercept bit "
				 "is clear", (unsigned long long)c->rip);
	return schk_unexpected(c);
}

const struct svm_check schk_exception_intercept = {
	.name = "exception_intercept",
	.apm = "APM Vol. 2 15.12",
	.entry = schk_g_exc,
	.setup = setup,
	.exit = on_exit,
};
