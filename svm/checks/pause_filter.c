/* SPDX-License-Identifier: MIT */
/*
 * PAUSE intercept filtering (APM Vol. 2 15.14.4): VMRUN loads the VMCB's
 * PAUSE filter count into an internal counter; each PAUSE decrements it,
 * and only when it has run down does an intercepted PAUSE exit (0x77).
 * Hypervisors rely on it to leave short spin-waits alone.
 *
 * Count SCHK_PAUSE_COUNT (10), PAUSE intercepted: the guest counts the
 * PAUSEs it executes. Expected: the exit comes at the 10th or the 11th
 * PAUSE (the APM's "decremented until it reaches zero" read either way),
 * never earlier; without the filter it comes at the first. Broken: count 0.
 */
#include "svm/checks.h"

extern const char schk_g_pause[];

static void setup(struct schk *c)
{
	c->vmcb->control.intercept_misc1 |= INTERCEPT_PAUSE;
	c->vmcb->control.pause_filter_count = c->broken ? 0 : SCHK_PAUSE_COUNT;
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint32_t n = schk_word(c, CHK_D0);

	if (c->code == SVM_EXIT_PAUSE) {
		if (n < SCHK_PAUSE_COUNT || n > SCHK_PAUSE_COUNT + 1)
			return schk_fail(c, "PAUSE exited at the guest's PAUSE number %u with filter "
					 "count %u (expected %u or %u)%s", n, SCHK_PAUSE_COUNT,
					 SCHK_PAUSE_COUNT, SCHK_PAUSE_COUNT + 1,
					 n == 1 ? ": the filter count is ignored" : "");
		return schk_pass(c, "with filter count %u the PAUSE intercept exited at PAUSE "
				 "number %u", SCHK_PAUSE_COUNT, n);
	}
	if (schk_call(c, CHK_CALL_DONE))
		return schk_fail(c, "%u PAUSEs with the PAUSE intercept and filter count %u, and "
				 "no exit", n, SCHK_PAUSE_COUNT);
	return schk_unexpected(c);
}

const struct svm_check schk_pause_filter = {
	.name = "pause_filter",
	.apm = "APM Vol. 2 15.14.4",
	.feat = SVM_FEAT_PAUSE_FILTER,
	.entry = schk_g_pause,
	.setup = setup,
	.exit = on_exit,
};
