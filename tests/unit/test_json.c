/* SPDX-License-Identifier: MIT */
/*
 * lib/json.c: string escaping (RFC 8259 section 7), commas between members
 * at every nesting level, hex and null values, and what happens past
 * JSON_MAX_DEPTH (the flag is set, brackets stay balanced, the levels below
 * keep their commas) and when the output buffer is too small.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "lib/json.h"
#include "lib/out.h"

static char buf[4096];

static struct json *start(struct out_buf *b, struct json *j, size_t cap)
{
	memset(buf, 0, sizeof(buf));
	out_buf_init(b, buf, cap);
	json_init(j, &b->out);
	return j;
}

struct esc_case {
	const char *name;
	const char *in;
	const char *want;
};

static const struct esc_case esc_cases[] = {
	{ "plain", "abc", "\"abc\"" },
	{ "empty", "", "\"\"" },
	{ "quote", "a\"b", "\"a\\\"b\"" },
	{ "backslash", "a\\b", "\"a\\\\b\"" },
	{ "newline_tab", "a\nb\tc", "\"a\\nb\\tc\"" },
	{ "control_chars", "\x01\x1f", "\"\\u0001\\u001f\"" },
	{ "delete", "\x7f", "\"\\u007f\"" },
	{ "utf8_passes", "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
	{ "slash_not_escaped", "a/b", "\"a/b\"" },
};

static void escape_case(void **state)
{
	const struct esc_case *c = *state;
	struct out_buf b;
	struct json j;

	start(&b, &j, sizeof(buf));
	json_str(&j, NULL, c->in);
	assert_string_equal(buf, c->want);
}

static void key_is_escaped(void **state)
{
	struct out_buf b;
	struct json j;

	(void)state;
	start(&b, &j, sizeof(buf));
	json_obj_begin(&j, NULL);
	json_u64(&j, "a\"b", 1);
	json_obj_end(&j);
	assert_string_equal(buf, "{\"a\\\"b\":1}");
}

static void nesting_and_commas(void **state)
{
	struct out_buf b;
	struct json j;

	(void)state;
	start(&b, &j, sizeof(buf));
	json_obj_begin(&j, NULL);
	json_u64(&j, "schema", 1);
	json_str(&j, "status", "pass");
	json_arr_begin(&j, "percpu");
	json_obj_begin(&j, NULL);
	json_u64(&j, "cpu", 0);
	json_bool(&j, "online", true);
	json_obj_end(&j);
	json_obj_begin(&j, NULL);
	json_u64(&j, "cpu", 1);
	json_bool(&j, "online", false);
	json_null(&j, "x");
	json_obj_end(&j);
	json_arr_end(&j);
	json_obj_begin(&j, "vmx");
	json_hex(&j, "0x480", 0xd810000000002bULL);
	json_hex(&j, "max", UINT64_MAX);
	json_obj_end(&j);
	json_str(&j, "null_string", NULL);
	json_obj_end(&j);
	assert_string_equal(buf,
		"{\"schema\":1,\"status\":\"pass\",\"percpu\":[{\"cpu\":0,\"online\":true},"
		"{\"cpu\":1,\"online\":false,\"x\":null}],\"vmx\":{\"0x480\":\"0xd810000000002b\","
		"\"max\":\"0xffffffffffffffff\"},\"null_string\":\"\"}");
	assert_false(j.overflow);
	assert_int_equal(j.depth, 0);
}

static void u64_extremes(void **state)
{
	struct out_buf b;
	struct json j;

	(void)state;
	start(&b, &j, sizeof(buf));
	json_arr_begin(&j, NULL);
	json_u64(&j, NULL, 0);
	json_u64(&j, NULL, UINT64_MAX);
	json_arr_end(&j);
	assert_string_equal(buf, "[0,18446744073709551615]");
}

/* Past JSON_MAX_DEPTH: flagged, balanced, and the outer levels keep their commas. */
static void depth_overflow(void **state)
{
	struct out_buf b;
	struct json j;
	const int extra = 4, levels = JSON_MAX_DEPTH + extra;
	char want[256] = "[";
	size_t n = 1;

	(void)state;
	start(&b, &j, sizeof(buf));
	json_arr_begin(&j, NULL);
	for (int i = 1; i < levels; i++)
		json_arr_begin(&j, NULL);
	for (int i = 1; i < levels; i++)
		json_arr_end(&j);
	json_u64(&j, NULL, 7);
	json_arr_end(&j);
	assert_true(j.overflow);
	assert_int_equal(j.depth, 0);
	assert_int_equal(j.excess, 0);
	for (int i = 1; i < levels; i++)
		want[n++] = '[';
	for (int i = 1; i < levels; i++)
		want[n++] = ']';
	strcpy(want + n, ",7]");
	assert_string_equal(buf, want);
}

/* A buffer too small: the writer stops at the end and says it lost output. */
static void buffer_too_small(void **state)
{
	struct out_buf b;
	struct json j;

	(void)state;
	start(&b, &j, 16);
	json_obj_begin(&j, NULL);
	json_str(&j, "status", "unsupported");
	json_obj_end(&j);
	assert_true(b.lost);
	assert_true(b.len < 16);
	assert_int_equal(buf[15], 0);
}

int main(void)
{
	struct CMUnitTest t[32];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, esc_cases, escape_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(key_is_escaped);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(nesting_and_commas);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(u64_extremes);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(depth_overflow);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(buffer_too_small);
	return _cmocka_run_group_tests("json", t, n, NULL, NULL);
}
