/* SPDX-License-Identifier: MIT */
/*
 * svm/pure/npt.c (the nested format of pure/pt4.c): nested page tables built
 * over fake physical pages, then walked the way the nested walk does (long-mode 4-level format, APM Vol. 2 5.3):
 * leaf sizes, table counts, translations at the edges and past the end,
 * entry bits (P, R/W, U/S on every level as 15.25.5 requires, PS only on
 * 2 MiB leaves, no NX, no cache-disable bits), and the error paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "arch/x86/x86.h"
#include "svm/pure/npt.h"

#define POOL_PAGES	16
#define FAKE_PHYS	0x7f000000ULL
#define ADDR_MASK	GENMASK(51, 12)
#define MiB		(1ULL << 20)
#define GiB		(1ULL << 30)

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

static uint64_t *p2v(uint64_t pa)
{
	uint64_t i = (pa - FAKE_PHYS) / PT4_PAGE_SIZE;

	assert_true(pa >= FAKE_PHYS && i < pool_used);
	assert_int_equal(pa & (PT4_PAGE_SIZE - 1), 0);
	return pool[i];
}

/* The nested walk of gpa: true and the host-physical address when mapped. */
static bool walk(const struct pt4 *n, uint64_t gpa, uint64_t *hpa)
{
	uint64_t *t = n->pml4;

	if (gpa >= PT4_MAX_GPA)
		return false;
	for (unsigned level = PT4_LEVELS; level >= 1; level--) {
		unsigned shift = 12 + 9 * (level - 1);
		uint64_t e = t[(gpa >> shift) & (PT4_ENTRIES - 1)];

		if (!(e & PTE_P))
			return false;
		if (level == 1 || (e & PTE_PS)) {
			uint64_t span = 1ULL << shift;

			*hpa = (e & ADDR_MASK & ~(span - 1)) | (gpa & (span - 1));
			return true;
		}
		t = p2v(e & ADDR_MASK);
	}
	return false;
}

static void check_entry_bits(const uint64_t *t, unsigned level)
{
	for (unsigned i = 0; i < PT4_ENTRIES; i++) {
		uint64_t e = t[i];

		if (!e)
			continue;
		/* Nested walks are user accesses: U/S on every level, writable. */
		assert_int_equal(e & (PTE_P | PTE_W | PTE_U), PTE_P | PTE_W | PTE_U);
		assert_false(e & (PTE_PWT | PTE_PCD | PTE_NX | PTE_G));
		if (e & PTE_PS) {
			assert_int_equal(level, 2);	/* 2 MiB leaves only */
			assert_int_equal(e & ADDR_MASK & (PT4_2M - 1), 0);
		} else if (level > 1) {
			check_entry_bits(p2v(e & ADDR_MASK), level - 1);
		}
	}
}

struct npt_case {
	const char *name;
	uint64_t host, size;
	unsigned limit;
	enum pt4_err err;
	unsigned tables, n4k, n2m;
};

static const struct npt_case cases[] = {
	{ "guest_2m_aligned_one_large_page", 2 * MiB, 2 * MiB, 16, PT4_OK, 3, 0, 1 },
	{ "guest_2m_host_unaligned_4k_pages", 2 * MiB + 4096, 2 * MiB, 16, PT4_OK, 4, 512, 0 },
	{ "guest_3m_large_then_small", 4 * MiB, 3 * MiB, 16, PT4_OK, 4, 256, 1 },
	{ "one_page", 0x5000, 4096, 16, PT4_OK, 4, 1, 0 },
	{ "crosses_a_pdpt_entry", 2 * MiB, GiB + 2 * MiB, 16, PT4_OK, 4, 0, 513 },
	{ "size_zero", 0, 0, 16, PT4_E_ALIGN, 0, 0, 0 },
	{ "size_unaligned", 2 * MiB, 0x1800, 16, PT4_E_ALIGN, 0, 0, 0 },
	{ "host_unaligned", 0x1234, 4096, 16, PT4_E_ALIGN, 0, 0, 0 },
	{ "beyond_4_level_walk", 0, 1ULL << 49, 16, PT4_E_RANGE, 0, 0, 0 },
	{ "host_beyond_52_bits", 1ULL << 52, 4096, 16, PT4_E_RANGE, 0, 0, 0 },
	{ "no_page_for_the_pml4", 2 * MiB, 2 * MiB, 0, PT4_E_NOMEM, 0, 0, 0 },
	{ "out_of_pages", 2 * MiB + 4096, 2 * MiB, 3, PT4_E_NOMEM, 3, 0, 0 },
};

static void expect_map(const struct pt4 *n, uint64_t gpa, uint64_t want)
{
	uint64_t hpa = 0;

	assert_true(walk(n, gpa, &hpa));
	assert_int_equal(hpa, want);
}

static void run_case(void **state)
{
	const struct npt_case *c = *state;
	uint64_t hpa;
	struct pt4 n;

	pool_used = 0;
	pool_limit = c->limit;
	assert_int_equal(npt_build(&n, c->host, c->size, fake_alloc, NULL), c->err);
	assert_string_not_equal(npt_err_name(c->err), "unknown NPT error");
	if (c->err != PT4_OK) {
		if (c->err == PT4_E_NOMEM)
			assert_int_equal(pool_used, c->tables);
		return;
	}
	assert_int_equal(n.tables, c->tables);
	assert_int_equal(pool_used, c->tables);
	assert_int_equal(n.leaves[0], c->n4k);
	assert_int_equal(n.leaves[1], c->n2m);
	assert_int_equal(n.pml4_pa, FAKE_PHYS);	/* N_CR3: the PML4, nothing in its low bits */
	check_entry_bits(n.pml4, PT4_LEVELS);

	expect_map(&n, 0, c->host);
	expect_map(&n, c->size - 1, c->host + c->size - 1);
	for (uint64_t off = 0; off < c->size && off < 2 * MiB; off += 4096)
		expect_map(&n, off + 0x123, c->host + off + 0x123);
	for (uint64_t off = c->size > 2 * MiB ? c->size - 2 * MiB : 0; off < c->size; off += 4096)
		expect_map(&n, off, c->host + off);
	/* Nothing past guest memory: the guest's touch there is a nested page fault. */
	assert_false(walk(&n, c->size, &hpa));
	assert_false(walk(&n, 1ULL << 47, &hpa));
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	return _cmocka_run_group_tests("npt", t, n, NULL, NULL);
}
