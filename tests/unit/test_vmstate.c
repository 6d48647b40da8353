/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/vmstate.c: which IA32_PERF_GLOBAL_CTRL bits exist for crafted
 * CPUID 0xa values (Bochs' skylake_x and tigerlake leaves among them), when
 * load_perf_global_ctrl runs (PMU version, counters, Linux's
 * perf_global_ctrl erratum models), and the EPT permission matrix: every
 * R/W/X combination and access, with and without execute-only support,
 * against SDM Vol. 3C 29.3.3.1/29.3.3.2 written out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "vmx/pure/vmstate.h"

struct valid_case {
	const char *name;
	uint32_t max, eax, edx;
	uint64_t valid;
};

static const struct valid_case valid_cases[] = {
	{ "skylake_x", 0x16, 0x07300404, 0x603, 0x70000000fULL },	/* 4 GP, 3 fixed */
	{ "tigerlake", 0x1b, 0x08300805, 0x8604, 0xf000000ffULL },	/* 8 GP, 4 fixed */
	{ "v1_no_fixed", 0xd, 0x07280201, 0x3, 0x3 },			/* v1: EDX not defined */
	{ "v0", 0xd, 0x07280200, 0x3, 0 },
	{ "no_leaf", 0x5, 0x07300404, 0x603, 0 },
	{ "gp0_fixed3", 0xd, 0x00000002, 0x3, 0x700000000ULL },
	{ "max_counters", 0xd, 0x0030ff05, 0x1f, 0x7fffffffffffffffULL },
};

static void test_valid(void **state)
{
	const struct valid_case *c = *state;

	assert_int_equal(pmu_global_ctrl_valid(c->max, c->eax, c->edx), c->valid);
}

struct unmet_case {
	const char *name;
	uint32_t max, eax, sig;
	const char *why;		/* NULL: runs */
};

static const struct unmet_case unmet_cases[] = {
	{ "skylake_x", 0x16, 0x07300404, 0x50654, NULL },
	{ "penryn", 0xd, 0x07280202, 0x1067a, NULL },
	{ "no_leaf", 0x5, 0, 0x1067a,
	  "not advertised: no architectural PMU (CPUID leaf 0xa above the maximum leaf 0x5)" },
	{ "v1", 0xd, 0x07280201, 0x6f6,
	  "not advertised: no IA32_PERF_GLOBAL_CTRL (CPUID 0xa: architectural PMU version 1, "
	  "the MSR exists from version 2)" },
	{ "no_gp", 0xd, 0x07000002, 0x1067a,
	  "not advertised: no general-purpose counter (CPUID 0xa EAX[15:8] = 0)" },
	{ "lynnfield", 0xb, 0x07300403, 0x106e5,
	  "not used on this model (CPUID signature 0x106e5): a VM exit may clear "
	  "IA32_PERF_GLOBAL_CTRL[34:32] (Linux cpu_has_perf_global_ctrl_bug)" },
	{ "westmere_ep", 0xb, 0x07300403, 0x206c2,
	  "not used on this model (CPUID signature 0x206c2): a VM exit may clear "
	  "IA32_PERF_GLOBAL_CTRL[34:32] (Linux cpu_has_perf_global_ctrl_bug)" },
	{ "sandy_bridge", 0xd, 0x07300803, 0x206a7, NULL },
};

static void test_unmet(void **state)
{
	const struct unmet_case *c = *state;
	char why[224];
	const char *r = pmu_global_ctrl_unmet(c->max, c->eax, c->sig, why, sizeof(why));

	if (!c->why) {
		assert_null(r);
	} else {
		assert_non_null(r);
		assert_string_equal(r, c->why);
	}
}

/* The SDM's matrix, one letter per access (read, write, fetch): a access, v violation, m misconfiguration. */
static const char *const matrix_xo[8] = {
	/* ---  */ "vvv", /* R-- */ "avv", /* -W- */ "mmm", /* RW- */ "aav",
	/* --X  */ "vva", /* R-X */ "ava", /* -WX */ "mmm", /* RWX */ "aaa",
};

static char letter(enum ept_outcome o)
{
	return o == EPT_OUTCOME_ACCESS ? 'a' : o == EPT_OUTCOME_VIOLATION ? 'v' : 'm';
}

static void test_matrix(void **state)
{
	(void)state;
	for (unsigned perm = 0; perm < 8; perm++)
		for (unsigned a = 0; a < EPT_ACCESS_NR; a++) {
			char xo = letter(ept_access_outcome(perm, true, a));
			char no_xo = letter(ept_access_outcome(perm, false, a));
			char want_no_xo = perm == EPT_PERM_X ? 'm' : matrix_xo[perm][a];

			assert_int_equal(xo, matrix_xo[perm][a]);
			assert_int_equal(no_xo, want_no_xo);
		}
	/* Bits above 2:0 (memory type, ignore PAT, ...) do not change the outcome. */
	assert_int_equal(ept_access_outcome(0x78 | EPT_PERM_R, true, EPT_ACCESS_WRITE),
			 EPT_OUTCOME_VIOLATION);
}

static void test_qual(void **state)
{
	(void)state;
	/* Table 29-7: bit 0 read, 1 write, 2 fetch; 3..5 the entry's R, W, X. */
	assert_int_equal(ept_violation_qual(0, EPT_ACCESS_READ), 0x1);
	assert_int_equal(ept_violation_qual(EPT_PERM_R, EPT_ACCESS_WRITE), 0x0a);
	assert_int_equal(ept_violation_qual(EPT_PERM_R | EPT_PERM_W, EPT_ACCESS_FETCH), 0x1c);
	assert_int_equal(ept_violation_qual(EPT_PERM_X, EPT_ACCESS_READ), 0x21);
	assert_int_equal(ept_violation_qual(EPT_PERM_R | EPT_PERM_X, EPT_ACCESS_WRITE), 0x2a);
	assert_int_equal(ept_violation_qual(0xff, EPT_ACCESS_READ), 0x39);
}

int main(void)
{
	struct CMUnitTest t[32];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, valid_cases, test_valid);
	ADD_TABLE_CASES(t, n, unmet_cases, test_unmet);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_matrix);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_qual);
	return _cmocka_run_group_tests("vmstate", t, n, NULL, NULL);
}
