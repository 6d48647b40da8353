/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/ple.c: judging a PAUSE-loop exit (the pause_loop_exiting
 * check), with PLE_Gap 4096 and PLE_Window 65536 as parameters. A run as
 * Bochs makes it (exit seen 35 ticks past the window, the last PAUSE at
 * the window), the window's edge (an exit exactly a
 * window in is early), the late edge (window + 2 gaps), a loop re-entered
 * after an interrupt exit (counted from that entry), and TSC readings that
 * wrap around 2^32 between the start and the exit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "vmx/pure/ple.h"

#define GAP	4096u
#define WIN	65536u

struct ple_case {
	const char *name;
	struct ple_times t;
	enum ple_verdict want;
	uint32_t to_exit, to_last;
};

#define T(start_, last_, entry_, exit_) \
	{ .start = (start_), .last = (last_), .entry = (entry_), .at_exit = (exit_), \
	  .gap = GAP, .window = WIN }

static const struct ple_case cases[] = {
	{ "bochs", T(1000000, 1065536, 900000, 1065571), PLE_IN_TIME, 65571, 65536 },
	{ "exit_at_window_is_early", T(1000, 1000 + WIN - 10, 0, 1000 + WIN), PLE_EARLY, WIN,
	  WIN - 10 },
	{ "exit_one_past_window", T(1000, 1000 + WIN - 10, 0, 1001 + WIN), PLE_IN_TIME, WIN + 1,
	  WIN - 10 },
	{ "no_exit_loop_ran_long", T(1000, 1000 + 200000, 0, 1000 + 200010), PLE_LATE, 200010, 200000 },
	{ "late_edge_passes", T(1000, 1000 + WIN + 2 * GAP, 0, 1000 + WIN + 2 * GAP + 50), PLE_IN_TIME,
	  WIN + 2 * GAP + 50, WIN + 2 * GAP },
	{ "late_edge_fails", T(1000, 1001 + WIN + 2 * GAP, 0, 1001 + WIN + 2 * GAP + 50), PLE_LATE,
	  WIN + 2 * GAP + 51, WIN + 2 * GAP + 1 },
	/* An interrupt exit 30000 ticks into the loop: the window restarts at that entry. */
	{ "reentered_counts_from_entry", T(1000, 31000 + WIN, 31000, 31000 + WIN + 40), PLE_IN_TIME,
	  WIN + 40, WIN },
	{ "reentered_exit_too_soon", T(1000, 31000 + 1000, 31000, 31000 + 2000), PLE_EARLY, 2000, 1000 },
	/* The entry before the loop began (the usual case) is not the beginning. */
	{ "entry_before_start", T(50000, 50000 + WIN, 10000, 50000 + WIN + 35), PLE_IN_TIME, WIN + 35,
	  WIN },
	/* The TSC's low 32 bits wrap inside the loop. */
	{ "wraps", T(0xffff8000u, 0xffff8000u + WIN, 0xfff00000u, 0xffff8000u + WIN + 35), PLE_IN_TIME,
	  WIN + 35, WIN },
	/* The guest never read the TSC after a PAUSE (last before start): nothing late. */
	{ "last_before_start", T(5000, 4000, 0, 5000 + WIN + 1), PLE_IN_TIME, WIN + 1, 0 },
};

static void run_case(void **state)
{
	const struct ple_case *c = *state;
	uint32_t to_exit = 7, to_last = 7;

	assert_int_equal(ple_judge(&c->t, &to_exit, &to_last), c->want);
	assert_int_equal(to_exit, c->to_exit);
	assert_int_equal(to_last, c->to_last);
	assert_int_equal(ple_judge(&c->t, NULL, NULL), c->want);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	return _cmocka_run_group_tests("ple", t, n, NULL, NULL);
}
