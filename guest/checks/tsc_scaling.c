/* SPDX-License-Identifier: MIT */
/*
 * TSC scaling (VT-x: "use TSC scaling", SDM Vol. 3C 25.6.5, 26.3, the
 * TSC multiplier a fixed-point number with 48 fraction bits; AMD-V: the
 * TSC ratio, APM Vol. 2 15.30.5, MSR TSC_RATIO 0xc0000104, 8.32 fixed
 * point): RDTSC in the guest returns the TSC times the multiplier, plus the
 * offset, without an exit.
 *
 * Multiplier 3.0, offset 0. Expected: the guest's value lies between three
 * times the host TSC read right before the entry (VMRUN) and right after
 * the exit. Broken: multiplier 1.0.
 */
#include "guest/checks.h"

#define FACTOR		3ULL

CHK_PROG_EXTERN(g_rdtsc);

static void setup(struct chk_run *r)
{
	r->ops->set_tsc_multiplier(r, r->broken ? 1 : FACTOR);
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	uint64_t seen, entry;

	if (!r->ops->call(r, CHK_CALL_DONE))
		return r->ops->unexpected(r);
	if (!chk_run_tsc_in_range(r, FACTOR, 0, "3 x host TSC", &seen, &entry))
		return CHK_DONE;
	return chk_run_pass(r, "RDTSC returned 3 x the host TSC (multiplier 3.0)");
}

const struct chk_row chk_row_tsc_scaling = {
	.name = "tsc_scaling",
	.svm_name = "tsc_ratio",
	.sdm = "SDM Vol. 3C 25.6.5, 26.3",
	.apm = "APM Vol. 2 15.30.5",
	.entry = CHK_PROG(g_rdtsc),
	.setup = setup,
	.exit = on_exit,
};
