/* SPDX-License-Identifier: MIT */
/*
 * Physical memory map: normalization (one named case per input map), the
 * rejection of bad ranges, the full-map paths, the queries and the printer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <stdio.h>
#include <string.h>

#include "pure/memmap.h"
#include "lib/bits.h"

#define U MEM_USABLE
#define R MEM_RESERVED
#define A MEM_ACPI_RECLAIM
#define N MEM_ACPI_NVS
#define B MEM_BAD
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

struct rng {
	uint64_t base, len;
	uint32_t type;
};

static void fill(struct memmap *mm, const struct rng *in, unsigned n)
{
	memmap_init(mm);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(memmap_add(mm, in[i].base, in[i].len, in[i].type, NULL), 0);
}

static void expect(const struct memmap *mm, const struct rng *want, unsigned n)
{
	char buf[4096];
	struct out_buf ob;

	out_buf_init(&ob, buf, sizeof(buf));
	memmap_print(mm, &ob.out);
	if (mm->n != n)
		print_message("got:\n%s", buf);
	assert_int_equal(mm->n, n);
	for (unsigned i = 0; i < n; i++) {
		if (mm->r[i].base != want[i].base || mm->r[i].len != want[i].len ||
		    mm->r[i].type != want[i].type)
			print_message("range %u differs; got:\n%s", i, buf);
		assert_int_equal(mm->r[i].base, want[i].base);
		assert_int_equal(mm->r[i].len, want[i].len);
		assert_int_equal(mm->r[i].type, want[i].type);
	}
}

/* ---- normalization table ---------------------------------------------------- */

struct norm_case {
	const char *name;
	struct rng in[8];
	unsigned nin;
	struct rng want[8];
	unsigned nwant;
};

static struct norm_case norm_cases[] = {
	{ "empty", { { 0 } }, 0, { { 0 } }, 0 },
	{ "seabios_256m_sorted_kept",
	  { { 0, 0x9fc00, U }, { 0x9fc00, 0x400, R }, { 0xf0000, 0x10000, R },
	    { 0x100000, 0xfee0000, U }, { 0xffe0000, 0x20000, R },
	    { 0xfffc0000, 0x40000, R } }, 6,
	  { { 0, 0x9fc00, U }, { 0x9fc00, 0x400, R }, { 0xf0000, 0x10000, R },
	    { 0x100000, 0xfee0000, U }, { 0xffe0000, 0x20000, R },
	    { 0xfffc0000, 0x40000, R } }, 6 },
	{ "unsorted_input_sorted",
	  { { 0x100000, MiB, U }, { 0, 0x9f000, U }, { 0xe0000, 0x20000, R } }, 3,
	  { { 0, 0x9f000, U }, { 0xe0000, 0x20000, R }, { 0x100000, MiB, U } }, 3 },
	{ "merge_adjacent_same_type",
	  { { 0x100000, MiB, U }, { 0x200000, MiB, U }, { 0x300000, 2 * MiB, U } }, 3,
	  { { 0x100000, 4 * MiB, U } }, 1 },
	{ "adjacent_different_types_not_merged",
	  { { 0x100000, MiB, U }, { 0x200000, MiB, A } }, 2,
	  { { 0x100000, MiB, U }, { 0x200000, MiB, A } }, 2 },
	{ "merge_across_unsorted_efi_like_pieces",
	  { { 0x300000, MiB, U }, { 0x100000, MiB, U }, { 0x200000, MiB, U },
	    { 0x400000, 0x1000, R } }, 4,
	  { { 0x100000, 3 * MiB, U }, { 0x400000, 0x1000, R } }, 2 },
	{ "overlap_same_type_union",
	  { { 0x100000, 2 * MiB, U }, { 0x200000, 2 * MiB, U } }, 2,
	  { { 0x100000, 3 * MiB, U } }, 1 },
	{ "reserved_wins_inside_usable",
	  { { 0x100000, 8 * MiB, U }, { 0x400000, MiB, R } }, 2,
	  { { 0x100000, 3 * MiB, U }, { 0x400000, MiB, R }, { 0x500000, 4 * MiB, U } }, 3 },
	{ "reserved_wins_listed_first",
	  { { 0x400000, MiB, R }, { 0x100000, 8 * MiB, U } }, 2,
	  { { 0x100000, 3 * MiB, U }, { 0x400000, MiB, R }, { 0x500000, 4 * MiB, U } }, 3 },
	{ "reserved_overlaps_usable_tail",
	  { { 0, 0xa0000, U }, { 0x9fc00, 0x60400, R } }, 2,
	  { { 0, 0x9fc00, U }, { 0x9fc00, 0x60400, R } }, 2 },
	{ "reserved_covers_usable_entirely",
	  { { 0x200000, MiB, U }, { 0x100000, 4 * MiB, R } }, 2,
	  { { 0x100000, 4 * MiB, R } }, 1 },
	{ "acpi_reclaim_beats_usable_nvs_beats_reclaim",
	  { { 0, 0x10000, U }, { 0x4000, 0x8000, A }, { 0x6000, 0x1000, N } }, 3,
	  { { 0, 0x4000, U }, { 0x4000, 0x2000, A }, { 0x6000, 0x1000, N },
	    { 0x7000, 0x5000, A }, { 0xc000, 0x4000, U } }, 5 },
	{ "bad_beats_reserved",
	  { { 0x100000, MiB, R }, { 0x180000, MiB, B } }, 2,
	  { { 0x100000, 0x80000, R }, { 0x180000, MiB, B } }, 2 },
	{ "identical_duplicates_collapse",
	  { { 0x100000, MiB, U }, { 0x100000, MiB, U }, { 0x100000, MiB, U } }, 3,
	  { { 0x100000, MiB, U } }, 1 },
	{ "hole_between_ranges_kept",
	  { { 0x100000, MiB, U }, { 0x300000, MiB, U } }, 2,
	  { { 0x100000, MiB, U }, { 0x300000, MiB, U } }, 2 },
	{ "range_ending_at_top_of_address_space",
	  { { 0xffffffff00000000ULL, 0xffffffffULL, R }, { 0, 0x1000, U } }, 2,
	  { { 0, 0x1000, U }, { 0xffffffff00000000ULL, 0xffffffffULL, R } }, 2 },
	{ "above_4g",
	  { { 0x100000000ULL, 4 * GiB, U }, { 0xfee00000, 0x1000, R },
	    { 0x100000, 0xbff00000ULL, U } }, 3,
	  { { 0x100000, 0xbff00000ULL, U }, { 0xfee00000, 0x1000, R },
	    { 0x100000000ULL, 4 * GiB, U } }, 3 },
};

static void run_norm_case(void **state)
{
	const struct norm_case *c = *state;
	struct memmap mm;

	fill(&mm, c->in, c->nin);
	memmap_normalize(&mm);
	expect(&mm, c->want, c->nwant);
	assert_false(mm.truncated);
	/* Normalizing twice changes nothing. */
	memmap_normalize(&mm);
	expect(&mm, c->want, c->nwant);
}

/* ---- rejection and full map ------------------------------------------------- */

struct reject_case {
	const char *name;
	uint64_t base, len;
	const char *msg;
};

static struct reject_case reject_cases[] = {
	{ "reject_zero_length", 0x100000, 0, "zero-length usable range at 0x100000" },
	{ "reject_wrap", 0xfffffffffffff000ULL, 0x2000, "wraps past 2^64" },
	{ "reject_end_exactly_2_64", 0xfffffffffffff000ULL, 0x1000, "wraps past 2^64" },
	{ "reject_huge_len", 1, UINT64_MAX, "wraps past 2^64" },
};

static void run_reject_case(void **state)
{
	const struct reject_case *c = *state;
	struct memmap mm;
	char buf[256];
	struct out_buf ob;

	memmap_init(&mm);
	out_buf_init(&ob, buf, sizeof(buf));
	assert_int_equal(memmap_add(&mm, c->base, c->len, U, &ob.out), -1);
	assert_int_equal(mm.n, 0);
	assert_non_null(strstr(buf, c->msg));
}

static void full_map_compacts_adjacent(void **state)
{
	struct memmap mm;

	(void)state;
	memmap_init(&mm);
	/* 300 adjacent EFI-like 4 KiB pieces fit once merged. */
	for (unsigned i = 0; i < 300; i++)
		assert_int_equal(memmap_add(&mm, 0x100000 + i * 0x1000ULL, 0x1000, U, NULL), 0);
	memmap_normalize(&mm);
	assert_false(mm.truncated);
	assert_int_equal(mm.n, 1);
	assert_int_equal(mm.r[0].len, 300 * 0x1000ULL);
}

/* MEMMAP_MAX disjoint usable ranges [i*2M, i*2M+1M); then reserved ones. */
static void fill_full_disjoint(struct memmap *mm)
{
	memmap_init(mm);
	for (unsigned i = 0; i < MEMMAP_MAX; i++)
		assert_int_equal(memmap_add(mm, i * 2 * MiB, MiB, U, NULL), 0);
}

static void full_map_drops_usable(void **state)
{
	struct memmap mm;
	char buf[256];
	struct out_buf ob;

	(void)state;
	fill_full_disjoint(&mm);
	out_buf_init(&ob, buf, sizeof(buf));
	assert_int_equal(memmap_add(&mm, 0x40000000000ULL, MiB, U, &ob.out), -1);
	assert_true(mm.truncated);
	assert_non_null(strstr(buf, "full"));
	assert_false(memmap_is_usable(&mm, 0x40000000000ULL, 0x1000));
}

static void full_map_carves_reserved(void **state)
{
	struct memmap mm;

	(void)state;
	fill_full_disjoint(&mm);
	/* Covers usable range 3 entirely: it is deleted, the slot reused. */
	assert_int_equal(memmap_add(&mm, 6 * MiB, MiB, R, NULL), 0);
	assert_true(mm.truncated);
	assert_false(memmap_is_usable(&mm, 6 * MiB, 0x1000));
	assert_true(memmap_is_usable(&mm, 4 * MiB, 0x1000));

	/* Inside usable range 5: no slot; the range keeps its larger piece. */
	fill_full_disjoint(&mm);
	assert_int_equal(memmap_add(&mm, 10 * MiB + 0x1000, 0x1000, R, NULL), -1);
	assert_true(mm.truncated);
	assert_false(memmap_is_usable(&mm, 10 * MiB + 0x1000, 0x1000));
	assert_false(memmap_is_usable(&mm, 10 * MiB, 0x1000));
	assert_true(memmap_is_usable(&mm, 10 * MiB + 0x2000, MiB - 0x2000));
}

static void normalize_overflow_truncates_top(void **state)
{
	struct memmap mm;

	(void)state;
	/* One usable range with MEMMAP_MAX reserved holes: needs 2*MAX+1. */
	memmap_init(&mm);
	assert_int_equal(memmap_add(&mm, 0, 1ULL << 40, U, NULL), 0);
	for (unsigned i = 0; i < MEMMAP_MAX - 1; i++)
		assert_int_equal(memmap_add(&mm, (i + 1) * 2 * MiB, MiB, R, NULL), 0);
	memmap_normalize(&mm);
	assert_true(mm.truncated);
	assert_int_equal(mm.n, MEMMAP_MAX);
	/* What remains is correct; the dropped top is a hole. */
	assert_true(memmap_is_usable(&mm, 0, 2 * MiB));
	assert_false(memmap_is_usable(&mm, 2 * MiB, 0x1000));
	assert_false(memmap_is_usable(&mm, (1ULL << 40) - 0x1000, 0x1000));
}

/* ---- queries ------------------------------------------------------------------ */

static const struct rng bios_map[] = {
	{ 0, 0x9fc00, U }, { 0x9fc00, 0x400, R }, { 0xf0000, 0x10000, R },
	{ 0x100000, 0xfee0000, U }, { 0xffe0000, 0x20000, R },
	{ 0xfffc0000, 0x40000, R },
};

struct usable_case {
	const char *name;
	uint64_t base, len;
	bool want;
};

static struct usable_case usable_cases[] = {
	{ "usable_low_page", 0x1000, 0x1000, true },
	{ "usable_straddles_ebda", 0x9f000, 0x1000, false },
	{ "usable_in_hole", 0xa0000, 0x1000, false },
	{ "usable_whole_high_range", 0x100000, 0xfee0000, true },
	{ "usable_one_byte_past", 0x100000, 0xfee0001, false },
	{ "usable_zero_len", 0x100000, 0, false },
	{ "usable_wrapping", 0xfffffffffffff000ULL, 0x2000, false },
	{ "usable_spans_two_ranges_with_hole", 0x9e000, 0x63000, false },
};

static void run_usable_case(void **state)
{
	const struct usable_case *c = *state;
	struct memmap mm;

	fill(&mm, bios_map, ARRAY_SIZE(bios_map));
	memmap_normalize(&mm);
	assert_int_equal(memmap_is_usable(&mm, c->base, c->len), c->want);
}

static void usable_unnormalized_overlap(void **state)
{
	struct memmap mm;
	const struct rng in[] = {
		{ 0x100000, 0x100000, U }, { 0x200000, 0x100000, U },
		{ 0x180000, 0x1000, R },
	};

	(void)state;
	fill(&mm, in, ARRAY_SIZE(in));
	/* Not normalized: usable across two adjacent entries, reserved still wins. */
	assert_true(memmap_is_usable(&mm, 0x1ff000, 0x2000));
	assert_false(memmap_is_usable(&mm, 0x17f000, 0x2000));
}

static void totals(void **state)
{
	struct memmap mm;

	(void)state;
	fill(&mm, bios_map, ARRAY_SIZE(bios_map));
	memmap_normalize(&mm);
	assert_int_equal(memmap_usable_bytes(&mm), 0x9fc00ULL + 0xfee0000ULL);
	assert_int_equal(memmap_highest_addr(&mm), 0x100000000ULL);
	memmap_init(&mm);
	assert_int_equal(memmap_usable_bytes(&mm), 0);
	assert_int_equal(memmap_highest_addr(&mm), 0);
}

static void print_format(void **state)
{
	struct memmap mm;
	char buf[1024];
	struct out_buf ob;

	(void)state;
	fill(&mm, bios_map, 4);
	memmap_normalize(&mm);
	out_buf_init(&ob, buf, sizeof(buf));
	memmap_print(&mm, &ob.out);
	assert_string_equal(buf,
		"  [0x0000000000000000-0x000000000009fc00) usable           639 KiB\n"
		"  [0x000000000009fc00-0x00000000000a0000) reserved         1 KiB\n"
		"  [0x00000000000f0000-0x0000000000100000) reserved         64 KiB\n"
		"  [0x0000000000100000-0x000000000ffe0000) usable           260992 KiB\n"
		"  4 range(s), usable 261631 KiB, top 0xffe0000\n");
}

/* ---- low page for the AP trampoline ------------------------------------------ */

struct low_case {
	const char *name;
	struct rng map[4];
	unsigned nmap;
	struct rng ex[3];
	unsigned nex;
	uint64_t want;
};

static struct low_case low_cases[] = {
	{ "low_page_below_ebda", { { 0, 0x9fc00, U }, { 0x9fc00, 0x400, R } }, 2,
	  { { 0 } }, 0, 0x9e000 },
	{ "low_page_full_640k", { { 0, 0xa0000, U } }, 1, { { 0 } }, 0, 0x9f000 },
	{ "low_page_skips_exclusions", { { 0, 0xa0000, U } }, 1,
	  { { 0x9f000, 0x1000, U }, { 0x9d800, 0x1000, U } }, 2, 0x9c000 },
	{ "low_page_uefi_info_at_4000", { { 0x1000, 0x9000, U } }, 1,
	  { { 0x4000, 0x1c00, U } }, 1, 0x9000 },
	{ "low_page_never_page_zero", { { 0, 0x1000, U } }, 1, { { 0 } }, 0, 0 },
	{ "low_page_none_usable", { { 0, 0xa0000, R } }, 1, { { 0 } }, 0, 0 },
	{ "low_page_everything_excluded", { { 0, 0xa0000, U } }, 1,
	  { { 0, 0x100000, U } }, 1, 0 },
};

static void run_low_case(void **state)
{
	const struct low_case *c = *state;
	struct memmap mm;

	fill(&mm, c->map, c->nmap);
	memmap_normalize(&mm);
	struct mem_range ex[3];
	for (unsigned i = 0; i < c->nex; i++) {
		ex[i].base = c->ex[i].base;
		ex[i].len = c->ex[i].len;
		ex[i].type = c->ex[i].type;
	}
	assert_int_equal(memmap_find_low_page(&mm, ex, c->nex), c->want);
}

int main(void)
{
	struct CMUnitTest t[128];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, norm_cases, run_norm_case);
	ADD_TABLE_CASES(t, n, reject_cases, run_reject_case);
	ADD_TABLE_CASES(t, n, usable_cases, run_usable_case);
	ADD_TABLE_CASES(t, n, low_cases, run_low_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(full_map_compacts_adjacent);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(full_map_drops_usable);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(full_map_carves_reserved);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(normalize_overflow_truncates_top);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(usable_unnormalized_overlap);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(totals);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(print_format);
	return _cmocka_run_group_tests("memmap", t, n, NULL, NULL);
}
