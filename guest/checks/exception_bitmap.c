/* SPDX-License-Identifier: MIT */
/*
 * Exception intercepts (SDM Vol. 3C 25.6.3, 26.2: the exception bitmap;
 * APM Vol. 2 15.12: the VMCB's exception intercepts): an exception whose
 * bit is set exits (VT-x: reason 0 with the vector and type in the VM-exit
 * interruption information, 25.9.2; AMD-V: 0x40 + vector) with RIP at the
 * faulting instruction; one whose bit is clear is delivered through the
 * guest's IDT.
 *
 * Every exception intercepted but #BP (3). The guest executes INT3, whose
 * handler counts and returns, then UD2. Expected: no exit for #BP, the
 * handler ran once, then the #UD exit: vector 6, a hardware exception (VT-x
 * says so), no error code, RIP at the UD2. Broken: #BP intercepted too.
 */
#include "guest/checks.h"

CHK_PROG_EXTERN(g_exc);
CHK_PROG_EXTERN(g_exc_ud);
CHK_PROG_EXTERN(h_bp);

static void setup(struct chk_run *r)
{
	chk_run_gate(r, X86_TRAP_BP, CHK_PROG(h_bp));
	r->ops->intercept_exception(r, X86_TRAP_BP, r->broken);
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	uint64_t ud2 = chk_run_ga(r, CHK_PROG(g_exc_ud));
	struct chk_exit e;

	r->ops->decode(r, &e);
	if (e.kind != CHK_EXIT_EXCEPTION)
		return r->ops->unexpected(r);
	if (e.vector == X86_TRAP_BP)
		return chk_run_fail(r, "#BP exited (%s) at rip 0x%llx although it is not intercepted",
				    e.name, (unsigned long long)e.rip);
	if (e.vector != X86_TRAP_UD || e.software || e.error_valid)
		return r->ops->unexpected(r);
	if (e.rip != ud2)
		return chk_run_fail(r, "#UD exit at rip 0x%llx, expected the UD2 at 0x%llx",
				    (unsigned long long)e.rip, (unsigned long long)ud2);
	if (chk_run_word(r, CHK_D0) != 1)
		return chk_run_fail(r, "the guest's #BP handler ran %u times, expected once",
				    chk_run_word(r, CHK_D0));
	return chk_run_pass(r, "#UD exited (%s) at the UD2; #BP (not intercepted) reached the "
			    "guest's handler", e.name);
}

const struct chk_row chk_row_exception_bitmap = {
	.name = "exception_bitmap",
	.svm_name = "exception_intercept",
	.sdm = "SDM Vol. 3C 25.6.3, 26.2",
	.apm = "APM Vol. 2 15.12",
	.entry = CHK_PROG(g_exc),
	.setup = setup,
	.exit = on_exit,
};
