/* SPDX-License-Identifier: MIT */
/*
 * INT3 under the #BP exception intercept (APM Vol. 2 15.12 "Exception
 * Intercepts", 15.13 on INTn: its intercept covers INTn only, INT3 raises
 * #BP as an exception). KVM relies on it to debug guests. With bit 3 of the
 * exception vector set, the guest's INT3 exits 0x43 and never reaches the
 * guest's own #BP handler.
 *
 * The exception_intercept guest (INT3, then UD2) with every exception
 * intercepted: the first exit must be 0x43 and the guest's #BP handler must
 * not have run. Broken: the #BP intercept cleared.
 *
 * QEMU 7.2 TCG FAILs it: raise_interrupt2() (target/i386/tcg/excp_helper.c)
 * checks the exception intercept only for exceptions that do not come from
 * an INT instruction; INT3 goes there with is_int = 1 and is checked
 * against the INTn (SWINT) intercept instead, so the #BP reaches the guest.
 */
#include "svm/checks.h"


extern const char schk_g_exc[], schk_h_bp[];

static void setup(struct schk *c)
{
	schk_set_gate(c, X86_TRAP_BP, schk_h_bp);
	c->vmcb->control.intercept_exceptions |= (uint32_t)BIT(X86_TRAP_BP);
	if (c->broken)
		c->vmcb->control.intercept_exceptions &= ~(uint32_t)BIT(X86_TRAP_BP);
}

static enum chk_verdict on_exit(struct schk *c)
{
	if (c->code == SVM_EXIT_EXCP_BASE + X86_TRAP_BP) {
		if (schk_word(c, CHK_D0))
			return schk_fail(c, "#BP exited (0x43), but the guest's #BP handler had "
					 "run %u times before", schk_word(c, CHK_D0));
		return schk_pass(c, "INT3 exited 0x43 at rip 0x%llx, the guest's #BP handler "
				 "never ran", (unsigned long long)c->rip);
	}
	if (c->code == SVM_EXIT_EXCP_BASE + X86_TRAP_UD)
		return schk_fail(c, "INT3 did not exit although #BP is intercepted (exception "
				 "vector bit 3): the guest's #BP handler ran %u time(s), then the "
				 "UD2 after it exited", schk_word(c, CHK_D0));
	return schk_unexpected(c);
}

const struct svm_check schk_int3_intercept = {
	.name = "int3_intercept",
	.apm = "APM Vol. 2 15.12",
	.entry = schk_g_exc,
	.setup = setup,
	.exit = on_exit,
};
