/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/timer_rate.c: the VMX-preemption timer's measured rate against
 * IA32_VMX_MISC[4:0] (the preemption_timer_rate check). Spans as Bochs
 * measures them (rate 0, 7 ticks short of the value each run), a 2.7 GHz
 * part at rate 5 with entry/exit costs, the errata's factor of 2 either way,
 * the tolerance's edges (exactly 1/8 off passes, one tick more fails), and
 * input that measures nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "vmx/pure/timer_rate.h"

#define MAX_RUNS	4

struct rate_case {
	const char *name;
	unsigned rate, n;
	struct ptimer_run runs[MAX_RUNS];
	enum ptimer_rate_verdict want;
	uint64_t permille;
};

static const struct rate_case cases[] = {
	{ "bochs_rate0", 0, 4, { { 5000, 4993 }, { 10000, 9993 }, { 20000, 19993 }, { 40000, 39993 } },
	  PTIMER_RATE_MATCHES, 1000 },
	/* 2.7 GHz TSC >> 5: 500..4000 us; each run ~1500 ticks short (entry, exit, first read). */
	{ "hw_rate5_fixed_costs", 5, 4, { { 42187, 1348484 }, { 84375, 2698484 }, { 168750, 5398500 },
	  { 337500, 10798484 } }, PTIMER_RATE_MATCHES, 999 },
	/* Jitter of ~10000 ticks between runs: 1.001. */
	{ "hw_rate5_jitter", 5, 2, { { 42187, 1340000 }, { 337500, 10800000 } }, PTIMER_RATE_MATCHES,
	  1001 },
	/* The timer keyed to bit X + 1 (counts half as fast) or X - 1 (twice as fast). */
	{ "erratum_slow_x2", 5, 2, { { 42187, 2699968 }, { 337500, 21599968 } }, PTIMER_RATE_SLOW,
	  1999 },
	{ "erratum_fast_x2", 5, 2, { { 42187, 674984 }, { 337500, 5399984 } }, PTIMER_RATE_FAST, 499 },
	/* A timer that fires at a fixed time whatever its value. */
	{ "fixed_time", 0, 3, { { 5000, 7000 }, { 10000, 7000 }, { 20000, 7000 } }, PTIMER_RATE_FAST, 0 },
	/* Edges: dv << rate = 8000 ticks; 7000 and 9000 are exactly 1/8 off, 6999 / 9001 beyond. */
	{ "edge_low_passes", 0, 2, { { 1000, 1000 }, { 9000, 8000 } }, PTIMER_RATE_MATCHES, 875 },
	{ "edge_low_fails", 0, 2, { { 1000, 1000 }, { 9000, 7999 } }, PTIMER_RATE_FAST, 874 },
	{ "edge_high_passes", 0, 2, { { 1000, 1000 }, { 9000, 10000 } }, PTIMER_RATE_MATCHES, 1125 },
	{ "edge_high_fails", 0, 2, { { 1000, 1000 }, { 9000, 10001 } }, PTIMER_RATE_SLOW, 1125 },
	/* Nothing measured: one run, values not increasing, a span shrinking, a rate out of range. */
	{ "one_run", 0, 1, { { 5000, 5000 } }, PTIMER_RATE_UNMEASURED, 0 },
	{ "values_equal", 0, 2, { { 5000, 5000 }, { 5000, 9000 } }, PTIMER_RATE_UNMEASURED, 0 },
	{ "span_shrinks", 0, 2, { { 5000, 9000 }, { 10000, 5000 } }, PTIMER_RATE_UNMEASURED, 0 },
	{ "rate_32", 32, 2, { { 5000, 5000 }, { 10000, 10000 } }, PTIMER_RATE_UNMEASURED, 0 },
	/* The largest timer values at rate 31 would overflow the arithmetic: refused, not wrapped. */
	{ "overflow_refused", 31, 2, { { 1, 0 }, { 0xffffffffULL, 1ULL << 62 } },
	  PTIMER_RATE_UNMEASURED, 0 },
};

static void run_case(void **state)
{
	const struct rate_case *c = *state;
	uint64_t pm = 12345;

	assert_int_equal(ptimer_rate_judge(c->runs, c->n, c->rate, &pm), c->want);
	assert_int_equal(pm, c->permille);
	/* permille is optional. */
	assert_int_equal(ptimer_rate_judge(c->runs, c->n, c->rate, NULL), c->want);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(ptimer_rate_verdict_name(PTIMER_RATE_MATCHES), "matches");
	assert_string_equal(ptimer_rate_verdict_name(PTIMER_RATE_FAST), "too fast");
	assert_string_equal(ptimer_rate_verdict_name(PTIMER_RATE_SLOW), "too slow");
	assert_string_equal(ptimer_rate_verdict_name(PTIMER_RATE_UNMEASURED), "unmeasured");
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases) + 1];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(names);
	return _cmocka_run_group_tests("timer_rate", t, n, NULL, NULL);
}
