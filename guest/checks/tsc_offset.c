/* SPDX-License-Identifier: MIT */
/*
 * TSC offsetting (SDM Vol. 3C 25.6.5, 26.3; APM Vol. 2 15.30.5 and
 * Appendix B, TSC_OFFSET at VMCB 050h): without RDTSC exiting (the RDTSC
 * intercept), RDTSC in the guest returns the TSC plus the 64-bit TSC
 * offset, without an exit. On VT-x the offset needs "use TSC offsetting";
 * on AMD-V it always applies.
 *
 * Offset 2^50. Expected: the guest's value lies between the host TSC read
 * right before the entry (VMRUN) and right after the exit, each plus the
 * offset. Broken: offset 0.
 */
#include "guest/checks.h"

#define OFFSET	(1ULL << 50)

CHK_PROG_EXTERN(g_rdtsc);

static void setup(struct chk_run *r)
{
	r->ops->set_tsc_offset(r, r->broken ? 0 : OFFSET);
}

static enum chk_verdict on_exit(struct chk_run *r)
{
	uint64_t seen, entry;

	if (!r->ops->call(r, CHK_CALL_DONE))
		return r->ops->unexpected(r);
	if (!chk_run_tsc_in_range(r, 1, OFFSET, "host TSC + 2^50", &seen, &entry))
		return CHK_DONE;
	return chk_run_pass(r, "RDTSC returned the host TSC + 2^50 without an exit (%llu ticks "
			    "after the entry)", (unsigned long long)(seen - OFFSET - entry));
}

const struct chk_row chk_row_tsc_offset = {
	.name = "tsc_offset",
	.sdm = "SDM Vol. 3C 25.6.5, 26.3",
	.apm = "APM Vol. 2 15.30.5, Appendix B (TSC_OFFSET)",
	.entry = CHK_PROG(g_rdtsc),
	.setup = setup,
	.exit = on_exit,
};
