/* SPDX-License-Identifier: MIT */
/*
 * The strict JSON reader (lib/jread.c): accepted documents and their nodes,
 * every rejection RFC 8259 asks for, the accessors, and the bounds (nodes,
 * depth). Each input is a heap copy of exactly its length (no NUL after it),
 * so the sanitizer build catches a read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <stdlib.h>
#include <string.h>

#include "lib/jread.h"

static struct jr_node nodes[256];
static char *copy_buf;

static int parse(const char *s, struct jr_doc *d, size_t cap)
{
	size_t n = strlen(s);

	free(copy_buf);
	copy_buf = malloc(n ? n : 1);
	assert_non_null(copy_buf);
	memcpy(copy_buf, s, n);
	return jr_parse(copy_buf, n, nodes, cap, d);
}

struct bad {
	const char *name;
	const char *text;
	const char *error;
};

static const struct bad bad_cases[] = {
	{ "empty", "", "no value" },
	{ "blank", "  \n ", "no value" },
	{ "trailing_comma_array", "[1,2,]", "trailing comma" },
	{ "trailing_comma_object", "{\"a\":1,}", "trailing comma" },
	{ "leading_zero", "[01]", "leading zero in a number" },
	{ "bare_minus", "-", "bad number" },
	{ "dot_without_digits", "1.", "bad fraction" },
	{ "exponent_without_digits", "1e+", "bad exponent" },
	{ "plus_sign", "+1", "bad number" },
	{ "single_quotes", "'a'", "bad number" },
	{ "control_char_in_string", "\"a\tb\"", "control character in a string" },
	{ "bad_escape", "\"\\x\"", "bad escape" },
	{ "short_unicode_escape", "\"\\u12\"", "bad \\u escape" },
	{ "lone_low_surrogate", "\"\\udc00\"", "lone low surrogate" },
	{ "high_surrogate_alone", "\"\\ud800x\"", "high surrogate without its low half" },
	{ "unterminated_string", "\"abc", "unterminated string" },
	{ "cut_report", "{\"schema\":1,\"status\":\"pa", "unterminated string" },
	{ "cut_after_comma", "{\"a\":[1,", "bad number" },
	{ "unclosed_object", "{\"a\":1", "expected ',' or '}'" },
	{ "unclosed_array", "[1 2]", "expected ',' or ']'" },
	{ "missing_colon", "{\"a\" 1}", "expected ':'" },
	{ "unquoted_key", "{a:1}", "expected a member name" },
	{ "text_after_value", "{} x", "text after the value" },
	{ "two_values", "1 2", "text after the value" },
	{ "bad_literal", "tru", "unknown literal" },
	{ "nul_byte_literal", "nul", "unknown literal" },
};

static void rejects(void **state)
{
	const struct bad *c = *state;
	struct jr_doc d;

	assert_int_equal(parse(c->text, &d, 256), -1);
	assert_non_null(d.error);
	assert_string_equal(d.error, c->error);
	assert_null(d.nodes);
	assert_int_equal(d.n, 0);
}

static void accepts_and_walks(void **state)
{
	struct jr_doc d;
	char buf[64];
	uint64_t v;
	bool b;
	(void)state;

	assert_int_equal(parse(" {\"schema\":2,\"status\":\"pass\",\"cpus\":{\"listed\":4,"
			       "\"crashed\":\"1-2\"},\"arr\":[1,[2,3],{\"x\":null},true,false,"
			       "-1.5e3],\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\"} \r\n",
			       &d, 256), 0);
	assert_null(d.error);
	assert_int_equal(d.nodes[0].type, JR_OBJECT);
	assert_int_equal(d.nodes[0].nchild, 5);
	assert_int_equal(d.nodes[0].end, d.n);
	assert_int_equal(jr_u64(&d, jr_get(&d, 0, "schema"), &v), 0);
	assert_int_equal(v, 2);
	assert_true(jr_str_eq(&d, jr_get(&d, 0, "status"), "pass"));
	assert_false(jr_str_eq(&d, jr_get(&d, 0, "status"), "pas"));
	assert_int_equal(jr_u64(&d, jr_path(&d, 0, "cpus.listed"), &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(jr_str(&d, jr_path(&d, 0, "cpus.crashed"), buf, sizeof(buf)), 3);
	assert_string_equal(buf, "1-2");
	assert_int_equal(jr_path(&d, 0, "cpus.nothing"), -1);
	assert_int_equal(jr_path(&d, 0, "status.deeper"), -1);

	int arr = jr_get(&d, 0, "arr");
	assert_int_equal(d.nodes[arr].nchild, 6);
	int e1 = jr_index(&d, arr, 1);
	assert_int_equal(d.nodes[e1].type, JR_ARRAY);
	assert_int_equal(jr_u64(&d, jr_index(&d, e1, 1), &v), 0);
	assert_int_equal(v, 3);
	int e2 = jr_next(&d, arr, e1);
	assert_int_equal(d.nodes[e2].type, JR_OBJECT);
	assert_int_equal(d.nodes[jr_get(&d, e2, "x")].type, JR_NULL);
	assert_int_equal(jr_bool(&d, jr_index(&d, arr, 3), &b), 0);
	assert_true(b);
	assert_int_equal(jr_bool(&d, jr_index(&d, arr, 4), &b), 0);
	assert_false(b);
	int num = jr_index(&d, arr, 5);
	assert_int_equal(d.nodes[num].type, JR_NUMBER);
	assert_int_equal(jr_u64(&d, num, &v), -1);     /* negative, fraction */
	assert_int_equal(jr_index(&d, arr, 6), -1);
	assert_int_equal(jr_next(&d, arr, num), -1);
	assert_int_equal(jr_bool(&d, num, &b), -1);

	assert_int_equal(jr_str(&d, jr_get(&d, 0, "s"), buf, sizeof(buf)), 13);
	assert_string_equal(buf, "a\"b\\c/\n\xc3\xa9\xf0\x9f\x98\x80");
	/* Cut to the buffer, the full length returned. */
	assert_int_equal(jr_str(&d, jr_get(&d, 0, "s"), buf, 4), 13);
	assert_string_equal(buf, "a\"b");
	assert_int_equal(jr_str(&d, arr, buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	/* Wrong types and indexes. */
	assert_int_equal(jr_get(&d, arr, "x"), -1);
	assert_int_equal(jr_get(&d, -1, "x"), -1);
	assert_int_equal(jr_get(&d, 10000, "x"), -1);
	assert_int_equal(jr_index(&d, num, 0), -1);
}

static void escaped_keys_match(void **state)
{
	struct jr_doc d;
	uint64_t v;
	(void)state;

	assert_int_equal(parse("{\"st\\u0061tus\":7,\"a\\\"b\":8}", &d, 16), 0);
	assert_int_equal(jr_u64(&d, jr_get(&d, 0, "status"), &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(jr_u64(&d, jr_get(&d, 0, "a\"b"), &v), 0);
	assert_int_equal(v, 8);
	/* The first of duplicate members wins. */
	assert_int_equal(parse("{\"k\":1,\"k\":2}", &d, 16), 0);
	assert_int_equal(jr_u64(&d, jr_get(&d, 0, "k"), &v), 0);
	assert_int_equal(v, 1);
}

static void numbers(void **state)
{
	struct jr_doc d;
	uint64_t v;
	(void)state;

	assert_int_equal(parse("[0,18446744073709551615,18446744073709551616,-0,1E5,0.5]", &d, 16), 0);
	assert_int_equal(jr_u64(&d, jr_index(&d, 0, 0), &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(jr_u64(&d, jr_index(&d, 0, 1), &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(jr_u64(&d, jr_index(&d, 0, 2), &v), -1);     /* overflow */
	assert_int_equal(jr_u64(&d, jr_index(&d, 0, 3), &v), -1);
	assert_int_equal(jr_u64(&d, jr_index(&d, 0, 4), &v), -1);
	assert_int_equal(jr_u64(&d, jr_index(&d, 0, 5), &v), -1);
}

static void bounds(void **state)
{
	struct jr_doc d;
	char deep[2 * (JREAD_MAX_DEPTH + 1) + 1];
	(void)state;

	/* Exactly as many nodes as values: accepted; one fewer: refused. */
	assert_int_equal(parse("[1,2,3]", &d, 4), 0);
	assert_int_equal(parse("[1,2,3]", &d, 3), -1);
	assert_string_equal(d.error, "too many values");
	/* JREAD_MAX_DEPTH nested arrays are fine, one more is not. */
	memset(deep, 0, sizeof(deep));
	memset(deep, '[', JREAD_MAX_DEPTH);
	memset(deep + JREAD_MAX_DEPTH, ']', JREAD_MAX_DEPTH);
	assert_int_equal(parse(deep, &d, 256), 0);
	memset(deep, '[', JREAD_MAX_DEPTH + 1);
	memset(deep + JREAD_MAX_DEPTH + 1, ']', JREAD_MAX_DEPTH + 1);
	assert_int_equal(parse(deep, &d, 256), -1);
	assert_string_equal(d.error, "nested too deeply");
	/* Empty containers. */
	assert_int_equal(parse("{ }", &d, 1), 0);
	assert_int_equal(d.nodes[0].nchild, 0);
	assert_int_equal(jr_get(&d, 0, "a"), -1);
	assert_int_equal(jr_index(&d, 0, 0), -1);
	assert_int_equal(parse("[\n]", &d, 1), 0);
	assert_int_equal(d.nodes[0].type, JR_ARRAY);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(bad_cases) + 8];
	size_t n = 0;
	int rc;

	ADD_TABLE_CASES(tests, n, bad_cases, rejects);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(accepts_and_walks);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(escaped_keys_match);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(numbers);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(bounds);
	rc = _cmocka_run_group_tests("jread", tests, n, NULL, NULL);
	free(copy_buf);
	return rc;
}
