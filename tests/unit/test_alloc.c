/* SPDX-License-Identifier: MIT */
/*
 * Bump allocator: each named case is a memory map, exclusions, an optional
 * limit and a sequence of requests with the address each must return
 * (0: must fail). Plus an exhaustive walk checking every page handed out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <string.h>

#include "pure/alloc.h"
#include "lib/bits.h"

#define U MEM_USABLE
#define R MEM_RESERVED
#define K4 4096
#define M2 (2u << 20)

struct req {
	size_t npages, align;
	uint64_t want;          /* 0: the request must fail */
};

struct alloc_case {
	const char *name;
	struct mem_range map[6];
	unsigned nmap;
	struct mem_range ex[4];
	unsigned nex;
	uint64_t limit;
	struct req req[6];
	unsigned nreq;
	uint64_t usable_kib;
	const char *err;        /* expected bump_error() after the last request */
};

static struct alloc_case cases[] = {
	{ .name = "first_mib_never_handed_out",
	  .map = { { 0, 0x200000, U } }, .nmap = 1,
	  .req = { { 1, K4, 0x100000 } }, .nreq = 1, .usable_kib = 1024 },
	{ .name = "kernel_image_excluded",
	  .map = { { 0, 0x400000, U } }, .nmap = 1,
	  .ex = { { 0x100000, 0x23456, 0 } }, .nex = 1,
	  .req = { { 1, K4, 0x124000 } }, .nreq = 1, .usable_kib = 3072 - 144 },
	{ .name = "unaligned_info_excluded_whole_pages",
	  .map = { { 0x100000, 0x10000, U } }, .nmap = 1,
	  .ex = { { 0x100800, 0x900, 0 } }, .nex = 1,
	  .req = { { 1, K4, 0x102000 }, { 1, K4, 0x103000 } }, .nreq = 2,
	  .usable_kib = 56 },
	{ .name = "info_and_modules_excluded",
	  .map = { { 0, 0x9fc00, U }, { 0x100000, 0x400000, U } }, .nmap = 2,
	  .ex = { { 0x100000, 0x100000, 0 }, { 0x200000, 0x2000, 0 },
		  { 0x202000, 0x7e000, 0 }, { 0x2a0000, 0x1000, 0 } }, .nex = 4,
	  .req = { { 1, K4, 0x280000 }, { 32, K4, 0x2a1000 } }, .nreq = 2,
	  .usable_kib = 4096 - 1024 - 512 - 4 },
	{ .name = "reserved_hole_inside_usable_unnormalized",
	  .map = { { 0x100000, 0x100000, U }, { 0x101000, 0x1000, R } }, .nmap = 2,
	  .req = { { 1, K4, 0x100000 }, { 1, K4, 0x102000 } }, .nreq = 2,
	  .usable_kib = 1020 },
	{ .name = "reserved_partial_page_takes_whole_page",
	  .map = { { 0x100000, 0x4000, U }, { 0x100ff0, 0x20, R } }, .nmap = 2,
	  .req = { { 1, K4, 0x102000 } }, .nreq = 1, .usable_kib = 8 },
	{ .name = "usable_rounded_inward",
	  .map = { { 0x100800, 0x3000, U } }, .nmap = 1,
	  .req = { { 1, K4, 0x101000 }, { 1, K4, 0x102000 }, { 1, K4, 0 } }, .nreq = 3,
	  .usable_kib = 8 },
	{ .name = "align_zero_means_4k",
	  .map = { { 0x100000, 0x10000, U } }, .nmap = 1,
	  .req = { { 1, 0, 0x100000 }, { 2, 0, 0x101000 } }, .nreq = 2,
	  .usable_kib = 64 },
	{ .name = "align_2m_keeps_gap",
	  .map = { { 0x100000, 0x700000, U } }, .nmap = 1,
	  .req = { { 1, M2, 0x200000 }, { 1, K4, 0x100000 }, { 512, M2, 0x400000 },
		   { 1, K4, 0x101000 }, { 1, K4, 0x102000 } }, .nreq = 5,
	  .usable_kib = 7168 },
	{ .name = "align_2m_none_fits",
	  .map = { { 0x100000, 0x180000, U } }, .nmap = 1,
	  .req = { { 512, M2, 0 } }, .nreq = 1, .usable_kib = 1536,
	  .err = "out of memory: \"req\" wanted 512 page(s) aligned 2097152; "
		 "1536 KiB left (largest free run 1536 KiB)" },
	{ .name = "multi_page_run_skips_hole",
	  .map = { { 0x100000, 0x3000, U }, { 0x104000, 0xc000, U } }, .nmap = 2,
	  .req = { { 4, K4, 0x104000 }, { 3, K4, 0x100000 }, { 8, K4, 0x108000 },
		   { 1, K4, 0 } }, .nreq = 4, .usable_kib = 60 },
	{ .name = "multi_page_run_spans_adjacent_entries",
	  .map = { { 0x100000, 0x2000, U }, { 0x102000, 0x2000, U } }, .nmap = 2,
	  .req = { { 4, K4, 0x100000 } }, .nreq = 1, .usable_kib = 16 },
	{ .name = "exhaustion_message",
	  .map = { { 0x100000, 0x2000, U } }, .nmap = 1,
	  .req = { { 1, K4, 0x100000 }, { 1, K4, 0x101000 }, { 1, K4, 0 } }, .nreq = 3,
	  .usable_kib = 8,
	  .err = "out of memory: \"req\" wanted 1 page(s) aligned 4096; 0 KiB left "
		 "(largest free run 0 KiB)" },
	{ .name = "limit_below_4g",
	  .map = { { 0xfff00000, 0x100000, U }, { 0x100000000ULL, 0x100000, U } },
	  .nmap = 2, .limit = 0x100000000ULL,
	  .req = { { 128, K4, 0xfff00000 }, { 128, K4, 0xfff80000 }, { 1, K4, 0 } },
	  .nreq = 3, .usable_kib = 1024,
	  .err = "out of memory: \"req\" wanted 1 page(s) aligned 4096; 0 KiB left "
		 "below 0x100000000 (largest free run 0 KiB)" },
	{ .name = "limit_request_straddling_refused",
	  .map = { { 0x100000, 0x10000, U } }, .nmap = 1, .limit = 0x104000,
	  .req = { { 8, K4, 0 }, { 4, K4, 0x100000 } }, .nreq = 2, .usable_kib = 16 },
	{ .name = "bad_alignment_refused",
	  .map = { { 0x100000, 0x10000, U } }, .nmap = 1,
	  .req = { { 1, 3000, 0 } }, .nreq = 1, .usable_kib = 64,
	  .err = "bad request: \"req\": alignment 3000 is not a power of two >= 4096" },
	{ .name = "alignment_below_page_refused",
	  .map = { { 0x100000, 0x10000, U } }, .nmap = 1,
	  .req = { { 1, 2048, 0 } }, .nreq = 1, .usable_kib = 64,
	  .err = "bad request: \"req\": alignment 2048 is not a power of two >= 4096" },
	{ .name = "zero_pages_refused",
	  .map = { { 0x100000, 0x10000, U } }, .nmap = 1,
	  .req = { { 0, K4, 0 } }, .nreq = 1, .usable_kib = 64,
	  .err = "bad request: \"req\": 0 pages" },
	{ .name = "empty_map", .nmap = 0,
	  .req = { { 1, K4, 0 } }, .nreq = 1, .usable_kib = 0 },
	{ .name = "only_low_memory",
	  .map = { { 0, 0x9fc00, U } }, .nmap = 1,
	  .req = { { 1, K4, 0 } }, .nreq = 1, .usable_kib = 0 },
};

static void build_map(struct memmap *mm, const struct mem_range *r, unsigned n)
{
	memmap_init(mm);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(memmap_add(mm, r[i].base, r[i].len, r[i].type, NULL), 0);
}

static void run_case(void **state)
{
	const struct alloc_case *c = *state;
	struct memmap mm;
	struct bump b;
	uint64_t allocated = 0;

	build_map(&mm, c->map, c->nmap);
	bump_init(&b, &mm, c->ex, c->nex);
	if (c->limit)
		bump_set_limit(&b, c->limit);
	assert_int_equal(bump_usable_kib(&b), c->usable_kib);
	for (unsigned i = 0; i < c->nreq; i++) {
		uint64_t got = bump_alloc(&b, c->req[i].npages, c->req[i].align, "req");
		if (got != c->req[i].want)
			print_message("request %u: got 0x%llx want 0x%llx (%s)\n", i,
				      (unsigned long long)got,
				      (unsigned long long)c->req[i].want, bump_error(&b));
		assert_int_equal(got, c->req[i].want);
		if (got) {
			allocated += c->req[i].npages * 4;
		} else {
			assert_true(bump_error(&b)[0] != '\0');
		}
	}
	assert_int_equal(bump_allocated_kib(&b), allocated);
	if (c->err)
		assert_string_equal(bump_error(&b), c->err);
}

/* Every page handed out is usable, outside exclusions, above 1 MiB, new. */
static void exhaustive_walk(void **state)
{
	static const struct mem_range map[] = {
		{ 0, 0x9fc00, U }, { 0x9fc00, 0x400, R }, { 0xf0000, 0x10000, R },
		{ 0x100000, 0x700000, U }, { 0x380000, 0x3000, R },
		{ 0x7ff000, 0x1000, R },
	};
	static const struct mem_range ex[] = {
		{ 0x100000, 0x45678, 0 }, { 0x200100, 0x1f00, 0 }, { 0x400000, 0x80000, 0 },
	};
	struct memmap mm;
	struct bump b;
	uint64_t prev = 0, n = 0, got;

	(void)state;
	build_map(&mm, map, ARRAY_SIZE(map));
	bump_init(&b, &mm, ex, ARRAY_SIZE(ex));
	uint64_t usable = bump_usable_kib(&b);
	while ((got = bump_alloc(&b, 1, 0, "walk")) != 0) {
		assert_true(got >= 0x100000);
		assert_true(got % 4096 == 0);
		assert_true(got > prev);
		assert_true(memmap_is_usable(&mm, got, 4096));
		for (size_t i = 0; i < ARRAY_SIZE(ex); i++)
			assert_false(got < ex[i].base + ex[i].len && got + 4096 > ex[i].base);
		prev = got;
		n++;
	}
	assert_int_equal(n * 4, usable);
	assert_int_equal(bump_allocated_kib(&b), usable);
	assert_int_equal(bump_free_kib(&b), 0);
	assert_non_null(strstr(bump_error(&b), "\"walk\" wanted 1 page(s)"));
}

/* More holes than run slots: pages are lost, never an excluded one handed out. */
static void many_exclusions_truncate_safely(void **state)
{
	static struct mem_range ex[300];
	static const struct mem_range map[] = { { 0x100000, 600 * 4096, U } };
	struct memmap mm;
	struct bump b;
	uint64_t got, n = 0;

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(ex); i++) {
		ex[i].base = 0x100000 + (2 * i + 1) * 4096ULL;
		ex[i].len = 100;        /* partial page: the whole page goes */
	}
	build_map(&mm, map, 1);
	bump_init(&b, &mm, ex, ARRAY_SIZE(ex));
	assert_true(b.truncated);
	assert_true(bump_usable_kib(&b) < 300 * 4);
	while ((got = bump_alloc(&b, 1, 0, "page")) != 0) {
		assert_int_equal((got - 0x100000) / 4096 % 2, 0);
		n++;
	}
	assert_int_equal(n * 4, bump_usable_kib(&b));
}

static void free_kib_tracks_allocations(void **state)
{
	struct memmap mm;
	struct bump b;
	static const struct mem_range map[] = { { 0x100000, 0x100000, U } };

	(void)state;
	build_map(&mm, map, 1);
	bump_init(&b, &mm, NULL, 0);
	assert_int_equal(bump_free_kib(&b), 1024);
	assert_int_equal(bump_alloc(&b, 16, 0, "x"), 0x100000);
	assert_int_equal(bump_free_kib(&b), 1024 - 64);
	bump_set_limit(&b, 0x180000);
	assert_int_equal(bump_free_kib(&b), 512 - 64);
	assert_int_equal(bump_usable_kib(&b), 512);     /* handed out + free below the limit */
	bump_set_limit(&b, 0);
	assert_int_equal(bump_free_kib(&b), 1024 - 64);
	assert_int_equal(bump_usable_kib(&b), 1024);
}

/*
 * QEMU's pc machine with 8 GiB: 3 GiB below the PCI hole, 5 GiB above
 * 4 GiB. The allocator stays below 4 GiB (core/main.c), so the usable figure
 * the report prints is the low part only, and it is exactly what can be
 * handed out: 2 MiB pieces until none fits, every one below 4 GiB.
 */
static void usable_counts_only_below_limit(void **state)
{
	static const struct mem_range map[] = {
		{ 0, 0x9fc00, U }, { 0x9fc00, 0x400, R }, { 0xf0000, 0x10000, R },
		{ 0x100000, 0xbfee0000ULL, U }, { 0xbffe0000ULL, 0x20000, R },
		{ 0xfffc0000ULL, 0x40000, R }, { 0x100000000ULL, 0x140000000ULL, U },
	};
	static const struct mem_range ex[] = { { 0x100000, 0x300000, 0 } };
	const uint64_t low_kib = (0xbffe0000ULL - 0x400000) >> 10;
	struct memmap mm;
	struct bump b;
	uint64_t got, kib = 0;

	(void)state;
	build_map(&mm, map, ARRAY_SIZE(map));
	bump_init(&b, &mm, ex, ARRAY_SIZE(ex));
	assert_int_equal(bump_usable_kib(&b), low_kib + (0x140000000ULL >> 10));
	bump_set_limit(&b, 1ULL << 32);
	assert_int_equal(bump_usable_kib(&b), low_kib);
	assert_int_equal(bump_free_kib(&b), low_kib);
	while ((got = bump_alloc(&b, 512, 0, "piece")) != 0) {
		assert_true(got + M2 <= 1ULL << 32);
		kib += 2048;
	}
	while ((got = bump_alloc(&b, 1, 0, "page")) != 0) {
		assert_true(got < 1ULL << 32);
		kib += 4;
	}
	assert_int_equal(kib, low_kib);
	assert_int_equal(bump_allocated_kib(&b), bump_usable_kib(&b));
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases) + 4];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(exhaustive_walk);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(many_exclusions_truncate_safely);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(free_kib_tracks_allocations);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(usable_counts_only_below_limit);
	return _cmocka_run_group_tests("alloc", t, n, NULL, NULL);
}
