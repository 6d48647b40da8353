/* SPDX-License-Identifier: MIT */
/* Linux cpulists and number sequences (pure/cpulist.c): written, parsed back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "tests/unit/table.h"
#include "pure/cpulist.h"

static char buf[4096];

static const char *list_of(const unsigned *cpus, unsigned n, const char *prefix, unsigned *items)
{
	struct out_buf b;
	struct cpulist_w w;

	out_buf_init(&b, buf, sizeof(buf));
	cpulist_begin(&w, &b.out, prefix);
	for (unsigned i = 0; i < n; i++)
		cpulist_add(&w, cpus[i]);
	*items = cpulist_end(&w);
	return buf;
}

struct lcase {
	const char *name;
	unsigned cpus[16];
	unsigned n;
	const char *want;
	unsigned items;
};

static const struct lcase lcases[] = {
	{ "empty", { 0 }, 0, "", 0 },
	{ "one", { 5 }, 1, "5", 1 },
	{ "pair_folds", { 0, 1 }, 2, "0-1", 1 },
	{ "linux_example", { 0, 1, 2, 3, 8, 10, 11 }, 7, "0-3,8,10-11", 3 },
	{ "gaps", { 0, 2, 4 }, 3, "0,2,4", 3 },
	{ "big", { 1023, 4095, 4096, 8191 }, 4, "1023,4095-4096,8191", 3 },
	{ "repeat_ignored", { 3, 3, 4 }, 3, "3-4", 1 },
};

static void run_lcase(void **state)
{
	const struct lcase *c = *state;
	uint64_t bits[8192 / 64];
	unsigned items;

	assert_string_equal(list_of(c->cpus, c->n, NULL, &items), c->want);
	assert_int_equal(items, c->items);
	/* Parsed back: the same set. */
	int n = cpulist_parse(c->want, bits, 8192);
	assert_true(n >= 0);
	for (unsigned i = 0; i < c->n; i++)
		assert_true((bits[c->cpus[i] / 64] >> (c->cpus[i] % 64)) & 1);
	struct out_buf b;
	char again[256];
	out_buf_init(&b, again, sizeof(again));
	cpulist_print_bits(&b.out, bits, 8192);
	assert_string_equal(again, c->want);
}

static void test_prefix(void **state)
{
	static const unsigned cpus[] = { 0, 1, 2, 5 };
	unsigned items;

	(void)state;
	assert_string_equal(list_of(cpus, 4, "cpu", &items), "cpu0-2,cpu5");
}

struct pcase {
	const char *name;
	const char *s;
	int want;
};

static const struct pcase pcases[] = {
	{ "p_empty", "", 0 },
	{ "p_range", "0-3", 4 },
	{ "p_overlap_counts_once", "0-3,2", 4 },
	{ "p_descending", "3-0", -1 },
	{ "p_too_big", "8192", -1 },
	{ "p_trailing_comma", "1,", -1 },
	{ "p_space", "1, 2", -1 },
	{ "p_letters", "cpu1", -1 },
	{ "p_dash_alone", "-", -1 },
	{ "p_last_fits", "8191", 1 },
	{ "p_huge_number", "99999999999999999999999", -1 },
};

static void run_pcase(void **state)
{
	const struct pcase *c = *state;
	uint64_t bits[8192 / 64];

	assert_int_equal(cpulist_parse(c->s, bits, 8192), c->want);
}

struct scase {
	const char *name;
	uint64_t v[12];
	unsigned n;
	const char *want;
};

static const struct scase scases[] = {
	{ "s_empty", { 0 }, 0, "" },
	{ "s_one", { 7 }, 1, "7" },
	{ "s_ascending", { 0, 1, 2, 3 }, 4, "0-3" },
	{ "s_repeat", { 0, 0, 0, 1, 1, 1 }, 6, "0*3,1*3" },
	{ "s_alternate", { 0, 1, 0, 1, 0 }, 5, "0-1,0-1,0" },
	{ "s_mixed", { 5, 9, 9, 10, 11, 3 }, 6, "5,9*2,10-11,3" },
	{ "s_descending", { 3, 2, 1 }, 3, "3,2,1" },
	{ "s_big", { 18446744073709551615ULL, 18446744073709551615ULL }, 2,
	  "18446744073709551615*2" },
};

static void run_scase(void **state)
{
	const struct scase *c = *state;
	struct out_buf b;
	struct numseq_w w;
	uint64_t back[64];

	out_buf_init(&b, buf, sizeof(buf));
	numseq_begin(&w, &b.out);
	for (unsigned i = 0; i < c->n; i++)
		numseq_add(&w, c->v[i]);
	numseq_end(&w);
	assert_string_equal(buf, c->want);
	if (!strstr(c->want, "18446744073709551615")) {
		assert_int_equal(numseq_parse(buf, back, 64), (int)c->n);
		for (unsigned i = 0; i < c->n; i++)
			assert_int_equal(back[i], c->v[i]);
	}
}

static void test_numseq_parse_bad(void **state)
{
	uint64_t v[8];

	(void)state;
	assert_int_equal(numseq_parse("0-8", v, 8), -1);        /* 9 values */
	assert_int_equal(numseq_parse("0-7", v, 8), 8);
	assert_int_equal(numseq_parse("1*1", v, 8), -1);
	assert_int_equal(numseq_parse("1*9", v, 8), -1);
	assert_int_equal(numseq_parse("4-2", v, 8), -1);
	assert_int_equal(numseq_parse("1,,2", v, 8), -1);
	assert_int_equal(numseq_parse("0*4,1*4,2", v, 8), -1);
	assert_int_equal(numseq_parse("0*4,1-4", v, 8), 8);
	assert_int_equal(v[7], 4);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(lcases) + ARRAY_SIZE(pcases) + ARRAY_SIZE(scases) + 2];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, lcases, run_lcase);
	ADD_TABLE_CASES(t, n, pcases, run_pcase);
	ADD_TABLE_CASES(t, n, scases, run_scase);
	t[n++] = (struct CMUnitTest){ .name = "prefix", .test_func = test_prefix };
	t[n++] = (struct CMUnitTest){ .name = "numseq_parse_bad", .test_func = test_numseq_parse_bad };
	return _cmocka_run_group_tests("cpulist", t, n, NULL, NULL);
}
