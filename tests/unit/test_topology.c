/* SPDX-License-Identifier: MIT */
/* CPUID topology decoding (pure/topology.c) from crafted leaf values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "tests/unit/table.h"
#include "pure/topology.h"

/* One level of 0xB / 0x1F / 0x80000026: shift, logical processors, type, level number. */
#define LVL(shift, n, type, lvl) { (shift), (n), ((type) << 8) | (lvl), 0 }

struct tcase {
	const char *name;
	struct topo_cpuid c;
	unsigned smt, pkg;
	const char *source;
	uint32_t apic_id, want_pkg, want_core, want_thread;
};

static const struct tcase cases[] = {
	{ "intel_0xb_2_threads_32_cores",
	  { .max_leaf = 0xd, .lb = { LVL(1, 2, 1, 0), LVL(6, 64, 2, 1) } },
	  1, 6, "0xb", 0x45, 1, 2, 1 },
	{ "intel_0x1f_with_die_level",
	  { .max_leaf = 0x1f, .l1f = { LVL(1, 2, 1, 0), LVL(4, 16, 2, 1), LVL(7, 128, 5, 2) },
	    .lb = { LVL(1, 2, 1, 0), LVL(4, 16, 2, 1) } },
	  1, 7, "0x1f", 0x1a3, 3, 0x11, 1 },
	{ "intel_0x1f_absent_uses_0xb",
	  { .max_leaf = 0x1f, .l1f = { { 0, 0, 0, 0 } },
	    .lb = { LVL(0, 1, 1, 0), LVL(3, 8, 2, 1) } },
	  0, 3, "0xb", 9, 1, 1, 0 },
	{ "amd_0x80000026",
	  { .amd = true, .max_leaf = 0x10, .max_ext = 0x80000026,
	    .l80000026 = { LVL(1, 2, 1, 0), LVL(4, 16, 2, 1), LVL(6, 64, 4, 2) },
	    .lb = { LVL(1, 2, 1, 0), LVL(7, 128, 2, 1) } },
	  1, 6, "0x80000026", 0x83, 2, 1, 1 },
	{ "amd_0xb_no_0x80000026",
	  { .amd = true, .max_leaf = 0xd, .max_ext = 0x80000023,
	    .lb = { LVL(1, 2, 1, 0), LVL(8, 256, 2, 1) } },
	  1, 8, "0xb", 0x3ff, 3, 0x7f, 1 },
	{ "amd_legacy_0x8000001e",
	  { .amd = true, .max_leaf = 0xd, .max_ext = 0x8000001f,
	    .l80000008 = { 0, 0, (4 << 12) | 15, 0 }, .l8000001e = { 0, 1 << 8, 0, 0 } },
	  1, 4, "0x8000001e", 0x35, 3, 2, 1 },
	{ "amd_legacy_nc_only",
	  { .amd = true, .max_leaf = 0x5, .max_ext = 0x80000008,
	    .l80000008 = { 0, 0, 3, 0 } },
	  0, 2, "0x80000008", 6, 1, 2, 0 },
	{ "intel_legacy_htt_leaf4",
	  { .max_leaf = 0xa, .l1 = { 0, 8 << 16, 0, 1u << 28 }, .l4 = { 3u << 26, 0, 0, 0 } },
	  1, 3, "legacy", 0xb, 1, 1, 1 },
	{ "nothing_each_apic_id_a_package",
	  { .max_leaf = 0x2 },
	  0, 0, "legacy", 5, 5, 0, 0 },
	{ "0xb_ebx_zero_not_implemented",
	  { .max_leaf = 0xb, .lb = { { 1, 0, (1 << 8), 0 } } },
	  0, 0, "legacy", 1, 1, 0, 0 },
	{ "x2apic_id_above_255",
	  { .max_leaf = 0xd, .lb = { LVL(1, 2, 1, 0), LVL(9, 512, 2, 1) } },
	  1, 9, "0xb", 1000, 1, 244, 0 },
};

static void run_case(void **state)
{
	const struct tcase *c = *state;
	struct topo_shifts s;
	uint32_t pkg, core, thread;

	topo_decode(&c->c, &s);
	assert_int_equal(s.smt, c->smt);
	assert_int_equal(s.pkg, c->pkg);
	assert_string_equal(s.source, c->source);
	topo_split(&s, c->apic_id, &pkg, &core, &thread);
	assert_int_equal(pkg, c->want_pkg);
	assert_int_equal(core, c->want_core);
	assert_int_equal(thread, c->want_thread);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	return _cmocka_run_group_tests("topology", t, n, NULL, NULL);
}
