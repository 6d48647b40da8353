/* SPDX-License-Identifier: MIT */
/* The VMX-preemption timer's measured rate against IA32_VMX_MISC[4:0] (timer_rate.h). */
#include "vmx/pure/timer_rate.h"

#define PERMILLE	1000u

enum ptimer_rate_verdict ptimer_rate_judge(const struct ptimer_run *runs, unsigned n,
					   unsigned rate, uint64_t *permille)
{
	uint64_t dv, ds, want, pm;

	if (permille)
		*permille = 0;
	if (n < 2 || rate > 31)
		return PTIMER_RATE_UNMEASURED;
	for (unsigned i = 1; i < n; i++)
		if (runs[i].value <= runs[i - 1].value || runs[i].span < runs[i - 1].span)
			return PTIMER_RATE_UNMEASURED;
	dv = runs[n - 1].value - runs[0].value;
	ds = runs[n - 1].span - runs[0].span;
	/* No overflow below: want * (DIV + 1) and ds * PERMILLE fit 64 bits. */
	if (dv > (UINT64_MAX / (PTIMER_RATE_TOL_DIV + 1)) >> rate || ds > UINT64_MAX / PERMILLE)
		return PTIMER_RATE_UNMEASURED;
	want = dv << rate;
	pm = ds * PERMILLE / want;
	if (permille)
		*permille = pm;
	/* Compared exactly: ds * DIV against want * (DIV -+ 1). */
	if (ds * PTIMER_RATE_TOL_DIV < want * (PTIMER_RATE_TOL_DIV - 1))
		return PTIMER_RATE_FAST;
	if (ds * PTIMER_RATE_TOL_DIV > want * (PTIMER_RATE_TOL_DIV + 1))
		return PTIMER_RATE_SLOW;
	return PTIMER_RATE_MATCHES;
}

const char *ptimer_rate_verdict_name(enum ptimer_rate_verdict v)
{
	switch (v) {
	case PTIMER_RATE_MATCHES:
		return "matches";
	case PTIMER_RATE_FAST:
		return "too fast";
	case PTIMER_RATE_SLOW:
		return "too slow";
	case PTIMER_RATE_UNMEASURED:
		break;
	}
	return "unmeasured";
}
