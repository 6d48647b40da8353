/* SPDX-License-Identifier: MIT */
/* Reading report records for folding (pure/jfold.c): shapes, numbers, paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "pure/jfold.h"

static struct jfold_rec a, b;

static void rd(const char *s, struct jfold_rec *r)
{
	jfold_read(s, strlen(s), r);
}

static void test_same_shape_numbers_differ(void **state)
{
	const char *x = "{\"cpu\":0,\"apic_id\":0,\"topo\":{\"pkg\":0,\"core\":3},\"ok\":true}";
	const char *y = "{\"cpu\":17,\"apic_id\":1000,\"topo\":{\"pkg\":1,\"core\":12},\"ok\":true}";

	(void)state;
	rd(x, &a);
	rd(y, &b);
	assert_true(a.shape == b.shape);
	assert_int_equal(a.n, 4);
	assert_int_equal(b.v[1], 1000);
	assert_int_equal(b.v[3], 12);
}

static void test_strings_and_bools_are_shape(void **state)
{
	(void)state;
	rd("{\"guest\":\"done\",\"n\":1}", &a);
	rd("{\"guest\":\"failed\",\"n\":1}", &b);
	assert_true(a.shape != b.shape);
	rd("{\"online\":true}", &a);
	rd("{\"online\":false}", &b);
	assert_true(a.shape != b.shape);
	/* Digits inside a string are not numbers. */
	rd("{\"e\":\"cpu3 at 0x10\"}", &a);
	assert_int_equal(a.n, 0);
	rd("{\"e\":\"a\\\"1\",\"n\":2}", &a);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0], 2);
}

static void test_odd_numbers_are_shape(void **state)
{
	(void)state;
	rd("{\"a\":1.5,\"b\":007,\"c\":99999999999999999999,\"d\":3}", &a);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0], 3);
	rd("{\"a\":1.5,\"b\":007,\"c\":99999999999999999999,\"d\":4}", &b);
	assert_true(a.shape == b.shape);
	rd("{\"a\":1.6,\"b\":007,\"c\":99999999999999999999,\"d\":4}", &b);
	assert_true(a.shape != b.shape);
}

static void test_paths(void **state)
{
	const char *s = "{\"cpu\":0,\"topo\":{\"pkg\":1,\"core\":2},\"l\":[5,{\"x\":6}],\"z\":7}";
	const char *want[] = { "cpu", "topo.pkg", "topo.core", "l[0]", "l[1].x", "z" };
	char path[64];
	struct out_buf o;

	(void)state;
	rd(s, &a);
	assert_int_equal(a.n, 6);
	for (unsigned k = 0; k < 6; k++) {
		out_buf_init(&o, path, sizeof(path));
		jfold_path(s, strlen(s), a.off[k], &o.out);
		assert_string_equal(path, want[k]);
	}
}

static void test_too_many_numbers(void **state)
{
	char s[2048];
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(s + n, sizeof(s) - n, "[");
	for (unsigned i = 0; i < JFOLD_MAX_NUMS + 5; i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, "%s%u", i ? "," : "", i);
	snprintf(s + n, sizeof(s) - n, "]");
	rd(s, &a);
	assert_int_equal(a.n, JFOLD_MAX_NUMS);
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(test_same_shape_numbers_differ),
		cmocka_unit_test(test_strings_and_bools_are_shape),
		cmocka_unit_test(test_odd_numbers_are_shape),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_too_many_numbers),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
