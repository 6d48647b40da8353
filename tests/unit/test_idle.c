/* SPDX-License-Identifier: MIT */
/*
 * pure/idle.c: MWAIT, HLT or spin from crafted CPUID leaf 1/5 and MSR values:
 * Bochs skylake_x (MONITOR, leaf 5 line 64, no hypervisor bit), QEMU TCG EPYC
 * (MONITOR and the hypervisor bit), firmware that turned MWAIT off in
 * IA32_MISC_ENABLE or HWCR, an MSR that raises #GP, no LAPIC timer rate.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "pure/idle.h"

#define MON     CPUID1_ECX_MONITOR
#define HV      CPUID1_ECX_HYPERVISOR
#define LINE64  0x40u

struct idle_case {
	const char *name;
	struct idle_facts f;
	enum opt_wait want;
	enum idle_method m;
	const char *why;        /* a substring of the reason */
};

#define INTEL(ecx, leaf, l5, msr_ok, msr) { .max_leaf = (leaf), .cpuid1_ecx = (ecx), \
	.cpuid5_ebx = (l5), .intel = true, .misc_enable_read = (msr_ok), .misc_enable = (msr), \
	.timer = true }
#define AMD(ecx, leaf, l5, msr_ok, msr) { .max_leaf = (leaf), .cpuid1_ecx = (ecx), \
	.cpuid5_ebx = (l5), .amd = true, .hwcr_read = (msr_ok), .hwcr = (msr), .timer = true }

static const struct idle_case cases[] = {
	{ "bochs_skylake_mwait", INTEL(MON, 0x16, LINE64, true, MISC_ENABLE_MWAIT | 1),
	  OPT_WAIT_AUTO, IDLE_MWAIT, "CPUID.1:ECX[3]" },
	{ "intel_msr_gp_trusts_cpuid", INTEL(MON, 0xd, LINE64, false, 0),
	  OPT_WAIT_AUTO, IDLE_MWAIT, "MONITOR" },
	{ "intel_misc_enable_off", INTEL(MON, 0x16, LINE64, true, ~MISC_ENABLE_MWAIT),
	  OPT_WAIT_AUTO, IDLE_HLT, "IA32_MISC_ENABLE[18]" },
	{ "intel_misc_enable_off_wait_mwait", INTEL(MON, 0x16, LINE64, true, 0),
	  OPT_WAIT_MWAIT, IDLE_HLT, "IA32_MISC_ENABLE[18]" },
	/* HWCR is AMD's: an Intel part's value there means nothing. */
	{ "intel_ignores_hwcr", { .max_leaf = 0x16, .cpuid1_ecx = MON, .cpuid5_ebx = LINE64,
	  .intel = true, .hwcr_read = true, .hwcr = HWCR_MON_MWAIT_DIS, .timer = true },
	  OPT_WAIT_AUTO, IDLE_MWAIT, "MONITOR" },
	{ "no_monitor_bit", INTEL(0, 0x16, LINE64, true, MISC_ENABLE_MWAIT),
	  OPT_WAIT_AUTO, IDLE_HLT, "CPUID.1:ECX[3]" },
	/* Leaf 5 is not needed: QEMU's TCG reports line sizes 0, MONITOR still works. */
	{ "max_leaf_4_no_leaf5", INTEL(MON, 4, 0, true, MISC_ENABLE_MWAIT),
	  OPT_WAIT_AUTO, IDLE_MWAIT, "MONITOR" },
	{ "leaf5_line_zero", INTEL(MON, 0x16, 0xffff0000u, true, MISC_ENABLE_MWAIT),
	  OPT_WAIT_AUTO, IDLE_MWAIT, "MONITOR" },
	{ "qemu_tcg_epyc_wait_mwait", AMD(MON | HV, 0xd, 0, true, 0),
	  OPT_WAIT_MWAIT, IDLE_MWAIT, "wait=mwait" },
	{ "qemu_epyc_hypervisor_hlt", AMD(MON | HV, 0xd, LINE64, true, 0),
	  OPT_WAIT_AUTO, IDLE_HLT, "hypervisor" },
	{ "hypervisor_wait_mwait", AMD(MON | HV, 0xd, LINE64, true, 0),
	  OPT_WAIT_MWAIT, IDLE_MWAIT, "wait=mwait" },
	{ "amd_hwcr_off", AMD(MON, 0xd, LINE64, true, HWCR_MON_MWAIT_DIS),
	  OPT_WAIT_AUTO, IDLE_HLT, "HWCR[9]" },
	{ "amd_hwcr_other_bits", AMD(MON, 0xd, LINE64, true, ~HWCR_MON_MWAIT_DIS),
	  OPT_WAIT_AUTO, IDLE_MWAIT, "MONITOR" },
	{ "amd_hwcr_gp", AMD(MON, 0xd, LINE64, false, HWCR_MON_MWAIT_DIS),
	  OPT_WAIT_AUTO, IDLE_MWAIT, "MONITOR" },
	{ "wait_hlt", INTEL(MON, 0x16, LINE64, true, MISC_ENABLE_MWAIT),
	  OPT_WAIT_HLT, IDLE_HLT, "wait=hlt" },
	{ "wait_spin", INTEL(MON, 0x16, LINE64, true, MISC_ENABLE_MWAIT),
	  OPT_WAIT_SPIN, IDLE_SPIN, "wait=spin" },
	{ "no_timer_spins", { .max_leaf = 0x16, .cpuid1_ecx = MON, .cpuid5_ebx = LINE64,
	  .intel = true, .timer = false }, OPT_WAIT_AUTO, IDLE_SPIN, "LAPIC timer" },
	{ "no_timer_even_wait_hlt", { .max_leaf = 0x16, .timer = false },
	  OPT_WAIT_HLT, IDLE_SPIN, "LAPIC timer" },
};

static void run_case(void **state)
{
	const struct idle_case *c = *state;
	char why[96];

	memset(why, 'x', sizeof(why));
	assert_int_equal(idle_choose(&c->f, c->want, why, sizeof(why)), c->m);
	assert_non_null(memchr(why, 0, sizeof(why)));
	if (!strstr(why, c->why))
		fail_msg("%s: reason \"%s\" lacks \"%s\"", c->name, why, c->why);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(idle_method_name(IDLE_MWAIT), "MWAIT");
	assert_string_equal(idle_method_name(IDLE_HLT), "HLT");
	assert_string_equal(idle_method_name(IDLE_SPIN), "spin");
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases) + 1];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(names);
	return cmocka_run_group_tests_name("idle", t, NULL, NULL);
}
