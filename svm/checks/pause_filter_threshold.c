/* SPDX-License-Identifier: MIT */
/*
 * PAUSE filter threshold (APM Vol. 2 15.14.4): with PauseFilterThreshold
 * (CPUID 0x8000000a EDX[12]) the CPU compares the time since the guest's
 * previous PAUSE with the VMCB's threshold (offset 03Ch, in cycles): a PAUSE
 * after a longer gap reloads the filter count from the VMCB, a PAUSE after a
 * shorter one decrements it, and only an intercepted PAUSE that finds the
 * count run down exits. A spin-loop exits; PAUSEs spaced out by real work
 * never do.
 *
 * Count SCHK_PFT_COUNT (10), threshold SCHK_PFT_THRESH (1000), PAUSE
 * intercepted. Phase 1: SCHK_PFT_SPACED (20) PAUSEs, each followed by
 * SCHK_PFT_GAP (20000) iterations of DEC/JNZ (at least 20000 cycles on any
 * CPU, far above the threshold): none may exit, although they are twice the
 * count. Phase 2: back-to-back PAUSEs (a few instructions apart): the exit
 * must come at PAUSE 10 to 12 of the phase (the phase's first PAUSE follows
 * a long gap and reloads the count; "until it goes below zero" and whether
 * the reloading PAUSE also counts are each read either way), never earlier.
 * Broken: threshold 0xffff, above the phase-1 gap on the emulators
 * (Bochs counts one tick an instruction: 40000) and at 1-2 cycles an
 * iteration on hardware: phase 1 then counts down and exits.
 */
#include "svm/checks.h"

#define THRESH_BROKEN	0xffff

extern const char schk_g_pft[];

static void setup(struct schk *c)
{
	c->vmcb->control.intercept_misc1 |= INTERCEPT_PAUSE;
	c->vmcb->control.pause_filter_count = SCHK_PFT_COUNT;
	c->vmcb->control.pause_filter_thresh = c->broken ? THRESH_BROKEN : SCHK_PFT_THRESH;
	c->waiting = "the spaced PAUSEs' delay loops";
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint32_t n = schk_word(c, CHK_D0), phase = schk_word(c, CHK_D1);

	if (c->code == SVM_EXIT_PAUSE && phase == 1)
		return schk_fail(c, "PAUSE exited at spaced PAUSE %u of %u (%u loop iterations "
				 "apart, threshold %u, count %u): the count was not reloaded", n,
				 SCHK_PFT_SPACED, SCHK_PFT_GAP, c->vmcb->control.pause_filter_thresh,
				 SCHK_PFT_COUNT);
	if (c->code == SVM_EXIT_PAUSE && phase == 2) {
		if (n < SCHK_PFT_COUNT || n > SCHK_PFT_COUNT + 2)
			return schk_fail(c, "after %u spaced PAUSEs without an exit, back-to-back "
					 "PAUSEs exited at number %u (expected %u to %u)",
					 SCHK_PFT_SPACED, n, SCHK_PFT_COUNT, SCHK_PFT_COUNT + 2);
		return schk_pass(c, "count %u, threshold %u: %u PAUSEs %u iterations apart did not "
				 "exit; back-to-back PAUSEs exited at number %u", SCHK_PFT_COUNT,
				 SCHK_PFT_THRESH, SCHK_PFT_SPACED, SCHK_PFT_GAP, n);
	}
	if (schk_call(c, CHK_CALL_DONE))
		return schk_fail(c, "%u spaced and %u back-to-back PAUSEs with count %u and "
				 "threshold %u, and no exit", SCHK_PFT_SPACED, n, SCHK_PFT_COUNT,
				 c->vmcb->control.pause_filter_thresh);
	return schk_unexpected(c);
}

const struct svm_check schk_pause_filter_threshold = {
	.name = "pause_filter_threshold",
	.apm = "APM Vol. 2 15.14.4",
	.feat = SVM_FEAT_PAUSE_FILTER | SVM_FEAT_PAUSE_FILTER_THRESH,
	.entry = schk_g_pft,
	.setup = setup,
	.exit = on_exit,
};
