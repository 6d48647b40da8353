/* SPDX-License-Identifier: MIT */
/*
 * pure/pt4.c, the 4-level builder behind the EPT and the nested page
 * tables, with a format of its own: which bits land on tables, 4 KiB
 * leaves and large leaves; 1 GiB leaves only where allowed; the walk
 * honours the format's present bits; the error names; and the EPT and NPT
 * formats laying out the same range with the same tables.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/bits.h"
#include "pure/pt4.h"
#include "svm/pure/npt.h"
#include "vmx/pure/ept.h"

#define POOL_PAGES	16
#define FAKE_PHYS	0x40000000ULL
#define MiB		(1ULL << 20)
#define GiB		(1ULL << 30)

/* A format whose every role has bits of its own, so each is told apart. */
#define T_TABLE		(BIT(0) | BIT(60))
#define T_LEAF		(BIT(0) | BIT(61))
#define T_LARGE		BIT(7)
static const struct pt4_format test_format = {
	.table = T_TABLE, .leaf = T_LEAF, .large = T_LARGE, .present = BIT(0),
	.nomem = "out of test pages",
};

static uint64_t pool[POOL_PAGES][PT4_ENTRIES] __attribute__((aligned(4096)));
static unsigned pool_used, pool_limit = POOL_PAGES;

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

static void reset(void)
{
	pool_used = 0;
	pool_limit = POOL_PAGES;
}

/* 2 MiB + 4 KiB from 2 MiB: one 2 MiB leaf, one 4 KiB leaf; each entry has its role's bits. */
static void test_bits_by_role(void **state)
{
	uint64_t hpa, size, ent;
	struct pt4 t;

	(void)state;
	reset();
	assert_int_equal(pt4_build(&t, &test_format, 2 * MiB, 2 * MiB + 4096, PT4_ALLOW_2M,
				   fake_alloc, NULL), PT4_OK);
	assert_int_equal(t.tables, 4);
	assert_int_equal(t.leaves[0], 1);
	assert_int_equal(t.leaves[1], 1);
	assert_int_equal(t.pml4[0] & ~PT4_ADDR_MASK, T_TABLE);
	assert_true(pt4_translate(&t, 0x1234, fake_p2v, NULL, &hpa, &size, &ent));
	assert_int_equal(hpa, 2 * MiB + 0x1234);
	assert_int_equal(size, 2 * MiB);
	assert_int_equal(ent & ~PT4_ADDR_MASK, T_LEAF | T_LARGE);
	assert_true(pt4_translate(&t, 2 * MiB + 8, fake_p2v, NULL, &hpa, &size, &ent));
	assert_int_equal(hpa, 4 * MiB + 8);
	assert_int_equal(size, 4096);
	assert_int_equal(ent & ~PT4_ADDR_MASK, T_LEAF);
}

/* 1 GiB leaves only when allowed; else 2 MiB ones. */
static void test_1g_only_when_allowed(void **state)
{
	struct pt4 t;

	(void)state;
	reset();
	assert_int_equal(pt4_build(&t, &test_format, GiB, GiB, PT4_ALLOW_2M | PT4_ALLOW_1G,
				   fake_alloc, NULL), PT4_OK);
	assert_int_equal(t.leaves[2], 1);
	assert_int_equal(t.tables, 2);
	reset();
	assert_int_equal(pt4_build(&t, &test_format, GiB, GiB, PT4_ALLOW_2M, fake_alloc, NULL),
			 PT4_OK);
	assert_int_equal(t.leaves[2], 0);
	assert_int_equal(t.leaves[1], 512);
}

/* An entry without the format's present bits maps nothing. */
static void test_walk_honours_present(void **state)
{
	uint64_t hpa, size, ent;
	struct pt4 t;

	(void)state;
	reset();
	assert_int_equal(pt4_build(&t, &test_format, 0x10000, 0x3000, 0, fake_alloc, NULL),
			 PT4_OK);
	assert_true(pt4_translate(&t, 0x1000, fake_p2v, NULL, &hpa, &size, &ent));
	pool[3][1] &= ~BIT(0);		/* the PT is the fourth page; entry 1 maps 0x1000 */
	assert_false(pt4_translate(&t, 0x1000, fake_p2v, NULL, &hpa, &size, &ent));
	assert_true(pt4_translate(&t, 0x2000, fake_p2v, NULL, &hpa, &size, &ent));
	assert_int_equal(hpa, 0x12000);
}

static void test_err_names(void **state)
{
	struct pt4 t;

	(void)state;
	reset();
	pool_limit = 2;
	assert_int_equal(pt4_build(&t, &test_format, 0, 4096, 0, fake_alloc, NULL), PT4_E_NOMEM);
	assert_string_equal(pt4_err_name(&test_format, PT4_E_NOMEM), "out of test pages");
	assert_string_equal(ept_err_name(PT4_E_NOMEM), "out of memory for EPT paging structures");
	assert_string_equal(npt_err_name(PT4_E_NOMEM), "out of memory for nested page tables");
	assert_string_equal(ept_err_name(PT4_E_ALIGN), npt_err_name(PT4_E_ALIGN));
	assert_string_equal(pt4_err_name(&test_format, (enum pt4_err)99),
			    "unknown page-table error");
}

/* The EPT and NPT formats lay out one range alike: same tables, same leaves. */
static void test_ept_npt_same_shape(void **state)
{
	struct pt4 e, n;
	uint64_t copy[4][PT4_ENTRIES];

	(void)state;
	reset();
	assert_int_equal(ept_build(&e, 2 * MiB, 3 * MiB, PT4_ALLOW_2M, fake_alloc, NULL), PT4_OK);
	memcpy(copy, pool, sizeof(copy));
	reset();
	assert_int_equal(npt_build(&n, 2 * MiB, 3 * MiB, fake_alloc, NULL), PT4_OK);
	assert_int_equal(e.tables, n.tables);
	assert_memory_equal(e.leaves, n.leaves, sizeof(e.leaves));
	for (unsigned p = 0; p < 4; p++)
		for (unsigned i = 0; i < PT4_ENTRIES; i++)
			assert_int_equal(copy[p][i] & PT4_ADDR_MASK, pool[p][i] & PT4_ADDR_MASK);
}

/* The A/D flags a check row reads through the format: the SDM's EPT bits 8 and 9 (29.3.5), the
 * APM's long-mode bits 5 and 6 (5.4.2); no built entry starts with either set. */
static void test_ad_bits(void **state)
{
	const struct pt4_format *const fmts[] = { &ept_format, &npt_format };

	(void)state;
	assert_int_equal(ept_format.accessed, BIT(8));
	assert_int_equal(ept_format.dirty, BIT(9));
	assert_int_equal(npt_format.accessed, BIT(5));
	assert_int_equal(npt_format.dirty, BIT(6));
	for (unsigned f = 0; f < 2; f++) {
		uint64_t ad = fmts[f]->accessed | fmts[f]->dirty;

		assert_int_equal(fmts[f]->table & ad, 0);
		assert_int_equal(fmts[f]->leaf & ad, 0);
		assert_int_equal((fmts[f]->large | fmts[f]->present) & ad, 0);
	}
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(test_bits_by_role),
		cmocka_unit_test(test_1g_only_when_allowed),
		cmocka_unit_test(test_walk_honours_present),
		cmocka_unit_test(test_err_names),
		cmocka_unit_test(test_ept_npt_same_shape),
		cmocka_unit_test(test_ad_bits),
	};

	return cmocka_run_group_tests_name("pt4", t, NULL, NULL);
}
