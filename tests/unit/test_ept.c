/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/ept.c (the EPT format of pure/pt4.c): EPT built over fake
 * physical pages, then walked: leaf sizes, table counts, translations at every leaf boundary and just past the end,
 * entry bits (SDM 29.3.2), the EPTP, and the error paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "lib/bits.h"
#include "vmx/pure/ept.h"

#define POOL_PAGES	16
#define FAKE_PHYS	0x7f000000ULL	/* where the fake pool "lives" physically */

static uint64_t pool[POOL_PAGES][PT4_ENTRIES] __attribute__((aligned(4096)));
static unsigned pool_used, pool_limit;

static bool fake_alloc(void *ctx, uint64_t *pa, uint64_t **va)
{
	(void)ctx;
	if (pool_used >= pool_limit)
		return false;
	memset(pool[pool_used], 0, sizeof(pool[0]));
	*va = pool[pool_used];
	*pa = FAKE_PHYS + (uint64_t)pool_used * PT4_PAGE_SIZE;
	pool_used++;
	return true;
}

static uint64_t *fake_p2v(void *ctx, uint64_t pa)
{
	uint64_t i = (pa - FAKE_PHYS) / PT4_PAGE_SIZE;

	(void)ctx;
	assert_true(pa >= FAKE_PHYS && i < pool_used);
	return pool[i];
}

struct ept_case {
	const char *name;
	uint64_t host, size;
	unsigned allow, limit;
	enum pt4_err err;
	unsigned tables, n4k, n2m, n1g;
};

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static const struct ept_case cases[] = {
	{ "guest_2m_aligned_one_large_page", 2 * MiB, 2 * MiB, PT4_ALLOW_2M, 16, PT4_OK, 3, 0, 1, 0 },
	{ "guest_2m_host_unaligned_4k_pages", 2 * MiB + 4096, 2 * MiB, PT4_ALLOW_2M, 16, PT4_OK, 4, 512, 0, 0 },
	{ "guest_2m_without_2m_capability", 2 * MiB, 2 * MiB, 0, 16, PT4_OK, 4, 512, 0, 0 },
	{ "guest_3m_large_then_small", 4 * MiB, 3 * MiB, PT4_ALLOW_2M, 16, PT4_OK, 4, 256, 1, 0 },
	{ "one_page", 0x5000, 4096, PT4_ALLOW_2M, 16, PT4_OK, 4, 1, 0, 0 },
	{ "1g_page_allowed", GiB, GiB, PT4_ALLOW_1G | PT4_ALLOW_2M, 16, PT4_OK, 2, 0, 0, 1 },
	{ "1g_not_allowed_uses_2m", GiB, GiB, PT4_ALLOW_2M, 16, PT4_OK, 3, 0, 512, 0 },
	{ "crosses_a_pdpt_entry", 2 * MiB, GiB + 2 * MiB, PT4_ALLOW_2M, 16, PT4_OK, 4, 0, 513, 0 },
	{ "size_zero", 0, 0, PT4_ALLOW_2M, 16, PT4_E_ALIGN, 0, 0, 0, 0 },
	{ "size_unaligned", 2 * MiB, 0x1800, PT4_ALLOW_2M, 16, PT4_E_ALIGN, 0, 0, 0, 0 },
	{ "host_unaligned", 0x1234, 4096, PT4_ALLOW_2M, 16, PT4_E_ALIGN, 0, 0, 0, 0 },
	{ "beyond_4_level_walk", 0, 1ULL << 49, PT4_ALLOW_2M, 16, PT4_E_RANGE, 0, 0, 0, 0 },
	{ "host_beyond_52_bits", 1ULL << 52, 4096, PT4_ALLOW_2M, 16, PT4_E_RANGE, 0, 0, 0, 0 },
	{ "out_of_pages", 2 * MiB + 4096, 2 * MiB, PT4_ALLOW_2M, 3, PT4_E_NOMEM, 3, 0, 0, 0 },
};

static void check_entry_bits(const uint64_t *t, unsigned level)
{
	for (unsigned i = 0; i < PT4_ENTRIES; i++) {
		uint64_t e = t[i];
		bool leaf = level == 1 || (e & EPT_LARGE_PAGE);

		if (!e)
			continue;
		assert_int_equal(e & EPT_RWX, EPT_RWX);
		if (leaf) {
			assert_int_equal((e & EPT_MT_MASK) >> EPT_MT_SHIFT, EPT_MT_WB);
			assert_false(e & EPT_IGNORE_PAT);
		} else {
			/* Non-leaf: bits 7:3 reserved (SDM tables 29-2, 29-4, 29-6). */
			assert_int_equal(e & GENMASK(7, 3), 0);
			check_entry_bits(fake_p2v(NULL, e & EPT_ADDR_MASK), level - 1);
		}
	}
}

static void expect_map(const struct pt4 *e, uint64_t gpa, uint64_t want_hpa)
{
	uint64_t hpa = 0, size = 0, ent = 0;

	assert_true(pt4_translate(e, gpa, fake_p2v, NULL, &hpa, &size, &ent));
	assert_int_equal(hpa, want_hpa);
}

static void run_case(void **state)
{
	const struct ept_case *c = *state;
	uint64_t hpa, size, ent;
	struct pt4 e;

	pool_used = 0;
	pool_limit = c->limit;
	assert_int_equal(ept_build(&e, c->host, c->size, c->allow, fake_alloc, NULL), c->err);
	assert_string_not_equal(ept_err_name(c->err), "unknown EPT error");
	if (c->err != PT4_OK)
		return;
	assert_int_equal(e.tables, c->tables);
	assert_int_equal(pool_used, c->tables);
	assert_int_equal(e.leaves[0], c->n4k);
	assert_int_equal(e.leaves[1], c->n2m);
	assert_int_equal(e.leaves[2], c->n1g);
	assert_int_equal(ept_eptp(&e), FAKE_PHYS | 6 | (3 << 3));
	check_entry_bits(e.pml4, PT4_LEVELS);

	/* First byte, last byte, every 4 KiB step of the first and last 2 MiB. */
	expect_map(&e, 0, c->host);
	expect_map(&e, c->size - 1, c->host + c->size - 1);
	for (uint64_t off = 0; off < c->size && off < 2 * MiB; off += 4096)
		expect_map(&e, off + 0x123 % 4096, c->host + off + 0x123 % 4096);
	for (uint64_t off = c->size > 2 * MiB ? c->size - 2 * MiB : 0; off < c->size; off += 4096)
		expect_map(&e, off, c->host + off);
	/* The guest sees nothing past its memory. */
	assert_false(pt4_translate(&e, c->size, fake_p2v, NULL, &hpa, &size, &ent));
	assert_false(pt4_translate(&e, 1ULL << 48, fake_p2v, NULL, &hpa, &size, &ent));
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	return _cmocka_run_group_tests("ept", t, n, NULL, NULL);
}
