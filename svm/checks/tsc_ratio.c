/* SPDX-License-Identifier: MIT */
/*
 * TSC ratio (APM Vol. 2 15.30.5, MSR TSC_RATIO 0xc0000104: an 8.32 fixed
 * point multiplier applied to the TSC the guest reads; 1.0 = 1 << 32).
 *
 * Ratio 3.0, offset 0: the guest's RDTSC lies between 3 x the host TSC
 * before VMRUN and 3 x the one after #VMEXIT. The ratio goes back to 1.0
 * afterwards. Broken: ratio 1.0.
 */
#include "arch/x86/cpu.h"
#include "svm/checks.h"

#define RATIO_ONE	(1ULL << 32)
#define FACTOR		3

extern const char schk_g_rdtsc[];

static void setup(struct schk *c)
{
	wrmsr(MSR_AMD64_TSC_RATIO, c->broken ? RATIO_ONE : FACTOR * RATIO_ONE);
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint64_t g;

	wrmsr(MSR_AMD64_TSC_RATIO, RATIO_ONE);
	if (!schk_call(c, CHK_CALL_DONE))
		return schk_unexpected(c);
	g = (uint64_t)schk_word(c, CHK_D1) << 32 | schk_word(c, CHK_D0);
	if (g < FACTOR * c->tsc_entry || g > FACTOR * c->tsc_exit)
		return schk_fail(c, "guest RDTSC 0x%llx outside [0x%llx, 0x%llx] (3 x the host TSC "
				 "around the run)", (unsigned long long)g,
				 (unsigned long long)(FACTOR * c->tsc_entry),
				 (unsigned long long)(FACTOR * c->tsc_exit));
	return schk_pass(c, "guest RDTSC = 3 x host TSC with TSC_RATIO 3.0");
}

const struct svm_check schk_tsc_ratio = {
	.name = "tsc_ratio",
	.apm = "APM Vol. 2 15.30.5",
	.feat = SVM_FEAT_TSC_RATE,
	.entry = schk_g_rdtsc,
	.setup = setup,
	.exit = on_exit,
};
