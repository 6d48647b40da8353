/* SPDX-License-Identifier: MIT */
/*
 * TSC offset (APM Vol. 2 15.30.5 and Appendix B, TSC_OFFSET at VMCB
 * 050h): in the guest RDTSC returns the host TSC plus the offset.
 *
 * Offset 2^50, RDTSC not intercepted: the guest's RDTSC lies between the
 * host TSC before VMRUN and after #VMEXIT, each plus 2^50. Broken: offset 0.
 */
#include "svm/checks.h"

#define OFFSET		(1ULL << 50)

extern const char schk_g_rdtsc[];

static void setup(struct schk *c)
{
	c->vmcb->control.tsc_offset = c->broken ? 0 : OFFSET;
}

static enum chk_verdict on_exit(struct schk *c)
{
	uint64_t g;

	if (!schk_call(c, CHK_CALL_DONE))
		return schk_unexpected(c);
	g = (uint64_t)schk_word(c, CHK_D1) << 32 | schk_word(c, CHK_D0);
	if (g < c->tsc_entry + OFFSET || g > c->tsc_exit + OFFSET)
		return schk_fail(c, "guest RDTSC 0x%llx outside [0x%llx, 0x%llx] (host TSC around "
				 "the run + 2^50)", (unsigned long long)g,
				 (unsigned long long)(c->tsc_entry + OFFSET),
				 (unsigned long long)(c->tsc_exit + OFFSET));
	return schk_pass(c, "guest RDTSC = host TSC + 2^50 (%llu ticks after VMRUN)",
			 (unsigned long long)(g - OFFSET - c->tsc_entry));
}

const struct svm_check schk_tsc_offset = {
	.name = "tsc_offset",
	.apm = "APM Vol. 2 Appendix B (TSC_OFFSET)",
	.entry = schk_g_rdtsc,
	.setup = setup,
	.exit = on_exit,
};
