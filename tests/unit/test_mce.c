/* SPDX-License-Identifier: MIT */
/*
 * pure/mce.c: bank count, the Intel bank-0 quirk, grading an MCi_STATUS,
 * RIPV, and the text of a record. Status values as QEMU's `mce` command and
 * the SDM's examples build them (VAL 63, OVER 62, UC 61, EN 60, MISCV 59,
 * ADDRV 58, PCC 57).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "arch/x86/msr-index.h"
#include "lib/out.h"
#include "pure/mce.h"

struct count_case {
	const char *name;
	uint64_t cap;
	unsigned banks;
};

static const struct count_case count_cases[] = {
	{ "qemu_10_banks_ctl_p_ser_p", 0x100010a, 10 },
	{ "no_banks", MCG_CTL_P, 0 },
	{ "one_bank", 1, 1 },
	{ "at_the_limit", MCE_BANKS_MAX, MCE_BANKS_MAX },
	{ "above_the_limit_clamped", MCE_BANKS_MAX + 1, MCE_BANKS_MAX },
	{ "255_clamped", 0xff | MCG_CMCI_P | MCG_LMCE_P, MCE_BANKS_MAX },
	{ "high_bits_ignored", 0xffffffffffffff06ULL, 6 },
};

static void run_count(void **state)
{
	const struct count_case *c = *state;

	assert_int_equal(mce_bank_count(c->cap), c->banks);
}

struct keep_case {
	const char *name;
	bool intel;
	unsigned family, model, bank;
	bool keep;
};

static const struct keep_case keep_cases[] = {
	{ "core2_penryn_bank0", true, 6, 0x17, 0, true },
	{ "core2_merom_bank0", true, 6, 0x0f, 0, true },
	{ "model_0x19_bank0", true, 6, 0x19, 0, true },
	{ "nehalem_0x1a_bank0_enabled", true, 6, 0x1a, 0, false },
	{ "skylake_bank0_enabled", true, 6, 0x55, 0, false },
	{ "penryn_bank1_enabled", true, 6, 0x17, 1, false },
	{ "netburst_family15_bank0", true, 15, 0x04, 0, false },
	{ "amd_family6_not_intel", false, 6, 0x08, 0, false },
	{ "amd_zen_bank0", false, 0x17, 0x01, 0, false },
};

static void run_keep(void **state)
{
	const struct keep_case *c = *state;

	assert_int_equal(mce_bank_ctl_keep(c->intel, c->family, c->model, c->bank), c->keep);
}

struct grade_case {
	const char *name;
	uint64_t status;
	enum mce_grade grade;
	const char *text;	/* bank 3, addr 0x1000, misc 0x86 */
};

static const struct grade_case grade_cases[] = {
	{ "not_valid", 0, MCE_GRADE_NONE, "bank 3: status 0x0 (not valid)" },
	{ "not_valid_other_bits", MCI_STATUS_UC | MCI_STATUS_ADDRV, MCE_GRADE_NONE,
	  "bank 3: status 0x2400000000000000 (not valid, ADDRV), addr 0x1000" },
	{ "corrected", 0x9c00000000000101ULL, MCE_GRADE_CORRECTED,
	  "bank 3: status 0x9c00000000000101 (corrected, ADDRV, MISCV), addr 0x1000, misc 0x86" },
	{ "corrected_overflow", MCI_STATUS_VAL | MCI_STATUS_OVER, MCE_GRADE_CORRECTED,
	  "bank 3: status 0xc000000000000000 (corrected, OVER)" },
	{ "uncorrected", 0xbc00000000000134ULL, MCE_GRADE_UNCORRECTED,
	  "bank 3: status 0xbc00000000000134 (uncorrected, ADDRV, MISCV), addr 0x1000, misc 0x86" },
	{ "pcc_alone_is_uncorrected", MCI_STATUS_VAL | MCI_STATUS_PCC, MCE_GRADE_UNCORRECTED,
	  "bank 3: status 0x8200000000000000 (uncorrected, PCC)" },
	{ "srar_flags", MCI_STATUS_VAL | MCI_STATUS_UC | MCI_STATUS_S | MCI_STATUS_AR,
	  MCE_GRADE_UNCORRECTED, "bank 3: status 0xa180000000000000 (uncorrected, S, AR)" },
};

static void run_grade(void **state)
{
	const struct grade_case *c = *state;
	struct mce_record r = { .status = c->status, .addr = 0x1000, .misc = 0x86, .bank = 3 };
	char buf[200];
	struct out_buf b;

	assert_int_equal(mce_grade(c->status), c->grade);
	out_buf_init(&b, buf, sizeof(buf));
	mce_describe(&b.out, &r);
	buf[b.len] = 0;
	assert_string_equal(buf, c->text);
}

static void test_resume(void **state)
{
	(void)state;
	assert_false(mce_can_resume(0));
	assert_false(mce_can_resume(MCG_STATUS_MCIP | MCG_STATUS_EIPV));
	assert_true(mce_can_resume(MCG_STATUS_MCIP | MCG_STATUS_RIPV));
	assert_string_equal(mce_found_name(MCE_FOUND_BOOT), "boot");
	assert_string_equal(mce_found_name(MCE_FOUND_EXCEPTION), "exception");
	assert_string_equal(mce_found_name(MCE_FOUND_POLL), "poll");
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(count_cases) + ARRAY_SIZE(keep_cases) +
			   ARRAY_SIZE(grade_cases) + 1];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, count_cases, run_count);
	ADD_TABLE_CASES(t, n, keep_cases, run_keep);
	ADD_TABLE_CASES(t, n, grade_cases, run_grade);
	t[n++] = (struct CMUnitTest){ .name = "resume_and_names", .test_func = test_resume };
	return _cmocka_run_group_tests("mce", t, n, NULL, NULL);
}
