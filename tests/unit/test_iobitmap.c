/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/iobitmap.c: ports land in bitmap A (0-0x7FFF) or B (0x8000-0xFFFF),
 * ranges clip at 0xFFFF, and an access exits when any byte's port is
 * intercepted or it wraps past 0xFFFF (SDM 26.1.3).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "lib/bits.h"
#include "vmx/pure/iobitmap.h"

static uint8_t map_a[IOBITMAP_BYTES], map_b[IOBITMAP_BYTES];

struct io_case {
	const char *name;
	bool start_all;			/* start from "every port exits" */
	uint32_t first, count;
	bool intercept;
	unsigned want_changed;
	uint16_t probe;
	unsigned size;
	bool want_exit;
	int a_byte, a_val, b_byte, b_val;	/* one byte of each map to check; -1: none */
};

static const struct io_case cases[] = {
	{ "com1_data_port", false, 0x3f8, 1, true, 1, 0x3f8, 1, true, 0x7f, 0x01, -1, 0 },
	{ "neighbour_not_intercepted", false, 0x3f8, 1, true, 1, 0x3f7, 1, false, 0x7e, 0x00, -1, 0 },
	{ "word_reaches_intercepted_port", false, 0x3f8, 1, true, 1, 0x3f7, 2, true, -1, 0, -1, 0 },
	{ "dword_misses_range", false, 0x3f8, 1, true, 1, 0x3f4, 4, false, -1, 0, -1, 0 },
	{ "whole_uart", false, 0x3f8, 8, true, 8, 0x3ff, 1, true, 0x7f, 0xff, -1, 0 },
	{ "range_across_a_and_b", false, 0x7ffe, 4, true, 4, 0x8001, 1, true, 0xfff, 0xc0, 0x000, 0x03 },
	{ "bitmap_b_first_port", false, 0x8000, 1, true, 1, 0x8000, 1, true, 0xfff, 0x00, 0x000, 0x01 },
	{ "last_port", false, 0xffff, 1, true, 1, 0xffff, 1, true, -1, 0, 0xfff, 0x80 },
	{ "range_clipped_at_ffff", false, 0xfff0, 0x100, true, 16, 0xfff0, 1, true, -1, 0, 0xffe, 0xff },
	{ "first_beyond_space", false, 0x10000, 4, true, 0, 0, 1, false, 0x000, 0x00, -1, 0 },
	{ "wrap_always_exits", false, 0, 0, true, 0, 0xffff, 2, true, -1, 0, -1, 0 },
	{ "dword_wrap_exits", false, 0, 0, true, 0, 0xfffe, 4, true, -1, 0, -1, 0 },
	{ "intercept_all", true, 0, 0, true, 0, 0x1234, 1, true, 0x246, 0xff, 0x9a, 0xff },
	{ "pass_through_one_port", true, 0x80, 1, false, 1, 0x80, 1, false, 0x10, 0xfe, -1, 0 },
	{ "pass_through_range_keeps_rest", true, 0x60, 5, false, 5, 0x65, 1, true, 0x0c, 0xe0, -1, 0 },
	{ "repeat_changes_nothing", true, 0x3f8, 8, true, 0, 0x3f8, 1, true, -1, 0, -1, 0 },
};

static void run_case(void **state)
{
	const struct io_case *c = *state;
	struct io_bitmaps m = { map_a, map_b };

	memset(map_a, 0, sizeof(map_a));
	memset(map_b, 0, sizeof(map_b));
	if (c->start_all)
		iobitmap_intercept_all(&m);
	assert_int_equal(iobitmap_set_range(&m, c->first, c->count, c->intercept), c->want_changed);
	assert_int_equal(iobitmap_access_exits(&m, c->probe, c->size), c->want_exit);
	if (c->a_byte >= 0)
		assert_int_equal(map_a[c->a_byte], c->a_val);
	if (c->b_byte >= 0)
		assert_int_equal(map_b[c->b_byte], c->b_val);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	return _cmocka_run_group_tests("iobitmap", t, n, NULL, NULL);
}
