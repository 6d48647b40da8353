/* SPDX-License-Identifier: MIT */
/*
 * pure/cpumap.c: the final screen's CPU map, rows written out by hand: one
 * cell per CPU, a row per package, cells of several CPUs (the worst kind)
 * when the rows are too few.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <string.h>

#include "pure/cpumap.h"

#define STRIDE	64

struct map_case {
	const char *name;
	const char *kinds;		/* one of "+-FX" per CPU */
	const char *pkgs;		/* package digit per CPU, NULL: all 0 */
	unsigned width, max_rows;
	bool ok;
	unsigned per, rows;
	const char *want[8];
};

static enum cpumap_kind kind_of(const void *ctx, unsigned cpu)
{
	const struct map_case *c = ctx;

	return (enum cpumap_kind)(strchr("+-FX", c->kinds[cpu]) - "+-FX");
}

static unsigned pkg_of(const void *ctx, unsigned cpu)
{
	const struct map_case *c = ctx;

	return c->pkgs ? (unsigned)(c->pkgs[cpu] - '0') : 0;
}

static const struct map_case map_cases[] = {
	{ "one_row", "++F+", NULL, 20, 4, true, 1, 1, { "p0 ++F+" } },
	{ "wraps_under_blank_label", "++++++++X", NULL, 10, 4, true, 1, 2,
	  { "p0 +++++++", "   +X" } },
	{ "row_per_package", "++--FFXX", "00001111", 20, 4, true, 1, 2, { "p0 ++--", "p1 FFXX" } },
	/* 40 CPUs, 5 cells a row, 2 rows: 4 CPUs a cell, the worst of them shown. */
	{ "cells_of_four", "++++" "+-++" "+F-+" "X+++" "++++" "++++" "++++" "++++" "++++" "+++F",
	  NULL, 8, 2, true, 4, 2, { "p0 +-FX+", "   ++++F" } },
	/* A last cell with fewer CPUs than the others. */
	{ "short_last_cell", "+++++X", NULL, 5, 1, true, 3, 1, { "p0 +X" } },
	/* Three packages, two rows: every CPU of a package in one cell, the rows that fit. */
	{ "more_packages_than_rows", "+X+-F+", "001122", 10, 2, true, 6, 2, { "p0 X", "p1 -" } },
	{ "label_widens", "++++++++++++", "0123456789::", 30, 12, true, 1, 11,
	  { "p0  +", "p1  +", "p2  +", "p3  +", "p4  +", "p5  +", "p6  +", "p7  +" } },
	{ "too_narrow", "++", NULL, 3, 4, false, 1, 0, { NULL } },
	{ "no_rows", "++", NULL, 20, 0, false, 1, 0, { NULL } },
};

static void run_map(void **state)
{
	const struct map_case *c = *state;
	const struct cpumap_src src = { .n = (unsigned)strlen(c->kinds), .kind = kind_of,
					.package = pkg_of, .ctx = c };
	char text[16][STRIDE];
	struct cpumap_layout l;

	memset(text, 0x55, sizeof(text));
	assert_int_equal(cpumap_draw(&src, c->width, c->max_rows, text[0], STRIDE, &l), c->ok);
	assert_int_equal(l.rows, c->rows);
	if (!c->ok)
		return;
	assert_int_equal(l.per, c->per);
	for (unsigned r = 0; r < c->rows && r < 8 && c->want[r]; r++) {
		assert_string_equal(text[r], c->want[r]);
		assert_true(strlen(text[r]) <= c->width);
	}
	/* Nothing past the rows it reported. */
	assert_int_equal((unsigned char)text[c->rows][0], 0x55);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(map_cases)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, map_cases, run_map);
	return _cmocka_run_group_tests("cpumap", t, n, NULL, NULL);
}
