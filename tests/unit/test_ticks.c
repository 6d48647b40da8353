/* SPDX-License-Identifier: MIT */
/*
 * pure/ticks.c: the guest watchdog's timer arithmetic. Rates from the
 * emulators and real parts: Bochs' 10 MHz TSC (VMX-preemption timer rate 0),
 * a 3 GHz TSC >> 5, QEMU's 1 GHz APIC bus / 16, a 25 MHz crystal / 16.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "pure/ticks.h"

struct ms_case {
	const char *name;
	uint64_t hz;
	uint32_t ms;
	uint32_t ticks, got_ms;
};

static const struct ms_case ms_cases[] = {
	{ "bochs_tsc_rate0", 10000000, 1000, 10000000, 1000 },
	{ "tsc_3ghz_rate5", 3000000000ULL >> 5, 1000, 93750000, 1000 },
	{ "qemu_apic_div16", 62500000, 1000, 62500000, 1000 },
	/* A measured rate that does not divide evenly: the budget is still the one asked for. */
	{ "measured_rate_uneven", 62500123, 250, 15625030, 250 },
	{ "crystal_25mhz_div16", 1562500, 1000, 1562500, 1000 },
	/* 5 GHz at rate 0: 5e9 ticks do not fit 32 bits, the clamp gives 858 ms. */
	{ "clamped_5ghz", 5000000000ULL, 1000, UINT32_MAX, 858 },
	{ "clamped_huge_rate", UINT64_MAX, 1000, UINT32_MAX, 0 },
	{ "slow_timer_at_least_one_tick", 100, 1, 1, 10 },
	{ "zero_ms_one_tick", 62500000, 0, 1, 0 },
	{ "timer_not_counting", 0, 1000, UINT32_MAX, 1000 },
	{ "large_ms_no_overflow", 4000000000ULL, UINT32_MAX, UINT32_MAX, 1073 },
};

static void run_ms(void **state)
{
	const struct ms_case *c = *state;
	uint32_t got = 12345;

	assert_int_equal(ticks_for_ms(c->hz, c->ms, &got), c->ticks);
	assert_int_equal(got, c->got_ms);
}

struct hz_case {
	const char *name;
	uint64_t counted, tsc_ticks, tsc_khz;
	uint64_t hz;
};

static const struct hz_case hz_cases[] = {
	/* 1 ms of QEMU's APIC timer at divide 16 against a 2.1 GHz TSC. */
	{ "qemu_1ms", 62500, 2100000, 2100000, 62500000 },
	/* Bochs: the TSC and the APIC timer count instructions alike. */
	{ "bochs_1ms", 10000, 10000, 10000, 10000000 },
	{ "no_tsc_time", 62500, 0, 2100000, 0 },
	{ "nothing_counted", 0, 2100000, 2100000, 0 },
	/* A broken counter: the product would overflow 64 bits; the result saturates. */
	{ "saturates", UINT64_MAX, 1, 4000000, UINT64_MAX },
	{ "huge_but_divisible", 1ULL << 40, 1ULL << 20, 4000000, (1ULL << 20) * 4000000000ULL },
};

static void run_hz(void **state)
{
	const struct hz_case *c = *state;

	assert_int_equal(timer_hz(c->counted, c->tsc_ticks, c->tsc_khz), c->hz);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(ms_cases) + ARRAY_SIZE(hz_cases)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, ms_cases, run_ms);
	ADD_TABLE_CASES(t, n, hz_cases, run_hz);
	return _cmocka_run_group_tests("ticks", t, n, NULL, NULL);
}
