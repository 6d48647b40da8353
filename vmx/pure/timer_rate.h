/* SPDX-License-Identifier: MIT */
/*
 * The VMX-preemption timer's rate measured against the TSC (the
 * preemption_timer_rate check, docs/checks.md): the timer counts down by
 * one each time bit X of the TSC changes, X = IA32_VMX_MISC[4:0] (SDM Vol.
 * 3C 26.5.1, Vol. 3D A.6), so a run loaded with value V lasts V << X TSC
 * ticks. Runs with several values give the TSC ticks per timer tick as the
 * slope between the smallest and the largest, which cancels what every run
 * adds alike (VM entry and exit, the guest's first and last TSC reading).
 * Pure code.
 */
#ifndef PV_VMX_PURE_TIMER_RATE_H
#define PV_VMX_PURE_TIMER_RATE_H

#include <stdint.h>

/*
 * The tolerance: the measured ticks per timer tick must lie within 1/8 of
 * 2^X. A timer keyed to a neighbouring TSC bit (the errata Linux lists in
 * vmx_preemption_cpu_tfms[] make the timer count at another rate) is off
 * by a factor of 2 at least, four times the tolerance; what is left of the
 * fixed costs after the subtraction (their run-to-run jitter, the timer's
 * own granularity of 2^X ticks a run: a few thousand TSC ticks on bare
 * metal) is below 1% of the difference the check measures over (350 us of
 * TSC, ~1 million ticks at 3 GHz).
 */
#define PTIMER_RATE_TOL_DIV	8

struct ptimer_run {
	uint64_t value;		/* the timer value loaded */
	uint64_t span;		/* TSC ticks the guest measured until the exit */
};

enum ptimer_rate_verdict {
	PTIMER_RATE_MATCHES,	/* within the tolerance of 2^X */
	PTIMER_RATE_FAST,	/* fewer TSC ticks per timer tick: the timer counts faster */
	PTIMER_RATE_SLOW,	/* more: the timer counts slower */
	PTIMER_RATE_UNMEASURED,	/* fewer than 2 runs, values not increasing, a span shorter */
};

/*
 * Judges n runs (values increasing) at MISC rate X (0..31). *permille
 * (may be NULL): the measured TSC ticks per timer tick in thousandths of
 * 2^X (1000 = exactly as MISC says; 0 when unmeasured).
 */
enum ptimer_rate_verdict ptimer_rate_judge(const struct ptimer_run *runs, unsigned n,
					   unsigned rate, uint64_t *permille);

/* "matches", "too fast", "too slow", "unmeasured". */
const char *ptimer_rate_verdict_name(enum ptimer_rate_verdict v);

#endif
