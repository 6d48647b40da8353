/* SPDX-License-Identifier: MIT */
/*
 * pure/cpulist.c and pure/summary.c: Linux cpulists, and the QR summary line
 * with its budget (SUMMARY_MAX bytes, fields cut in priority order with "~"
 * and "+N"). Expected lines are written out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <string.h>

#include "lib/out.h"
#include "pure/cpulist.h"
#include "pure/summary.h"

/* ---- cpulists ---------------------------------------------------------------------------- */

struct list_case {
	const char *name;
	unsigned cpus[16], ncpus;
	unsigned n;
	const char *want;
};

static const struct list_case list_cases[] = {
	{ "empty", { 0 }, 0, 64, "" },
	{ "one", { 5 }, 1, 64, "5" },
	{ "pair_folds", { 4, 5 }, 2, 64, "4-5" },
	{ "linux_example", { 0, 1, 2, 3, 8, 10, 11 }, 7, 64, "0-3,8,10-11" },
	{ "isolated", { 0, 2, 4 }, 3, 64, "0,2,4" },
	{ "across_words", { 62, 63, 64, 65 }, 4, 128, "62-65" },
	{ "last_cpu", { 0, 255 }, 2, 256, "0,255" },
	{ "run_to_the_end", { 253, 254, 255 }, 3, 256, "253-255" },
	/* Bits at or past n are not looked at. */
	{ "beyond_n_ignored", { 1, 70 }, 2, 64, "1" },
};

static void run_list(void **state)
{
	const struct list_case *c = *state;
	uint64_t bits[4] = { 0 };
	char buf[128];
	struct out_buf b;
	unsigned want = 0;

	for (unsigned i = 0; i < c->ncpus; i++) {
		bits[c->cpus[i] / 64] |= 1ULL << (c->cpus[i] % 64);
		want += c->cpus[i] < c->n;
	}
	out_buf_init(&b, buf, sizeof(buf));
	assert_int_equal(cpulist_print_bits(&b.out, bits, c->n), want);
	assert_string_equal(buf, c->want);
}

/* ---- the summary ------------------------------------------------------------------------- */

static struct kvm_verdict kvm_amd;

static void setup_kvm(bool loads, unsigned flags)
{
	static const char *const names[] = { "npt", "nrips", "avic", "vls", "vgif", "vnmi",
					     "pause_filter_count", "pause_filter_thresh",
					     "tsc_scaling", "lbrv", "nested" };

	kvm_verdict_init(&kvm_amd, "kvm_amd", "6.12");
	for (unsigned i = 0; i < 11; i++)
		kvm_verdict_set(&kvm_amd, names[i], i < flags, NULL);
	if (!loads)
		kvm_verdict_fail(&kvm_amd, "no SVM");
}

static struct summary_in base(void)
{
	return (struct summary_in){
		.status = "pass", .listed = 4, .tested = 4, .hv = "svm", .hv_state = "on",
		.vendor = "AuthenticAMD", .family = 25, .model = 1, .stepping = 1,
		.brand = "AMD EPYC 7763 64-Core Processor                 ",
	};
}

static void check(const struct summary_in *in, const char *want)
{
	char buf[SUMMARY_MAX + 1];
	size_t n;

	memset(buf, 0x55, sizeof(buf));
	n = summary_format(in, buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
	assert_true(n <= SUMMARY_MAX);
}

static void test_pass(void **state)
{
	struct summary_in in = base();

	(void)state;
	setup_kvm(true, 3);
	in.kvm = &kvm_amd;
	check(&in, "PV1 s=pass;n=4/4;hv=svm:on;k=y;c=AuthenticAMD 25/1/1;"
		   "b=AMD EPYC 7763 64-Core Processor;kf=npt,nrips,avic");
}

static void test_fail_crash_machine(void **state)
{
	struct summary_in in = base();

	(void)state;
	setup_kvm(false, 3);
	in.kvm = &kvm_amd;
	in.status = "fail";
	in.tested = 3;
	in.hv_state = "on*3,error*1";
	in.crashed = "2";
	in.nfail = 2;
	in.fail[0] = (struct summary_fail){ "msr_intercept", "0-3" };
	in.fail[1] = (struct summary_fail){ "io_intercept", "1" };
	in.sys_vendor = "QEMU";
	in.sys_product = "Standard PC (Q35 + ICH9, 2009)";
	in.sys_serial = "SN;42";
	/* The module would not load: no flags; ';' in a value becomes ','. */
	check(&in, "PV1 s=fail;n=3/4;hv=svm:on*3,error*1;k=n;x=2;f=msr_intercept:0-3 io_intercept:1;"
		   "m=QEMU/Standard PC (Q35 + ICH9, 2009)/SN,42;c=AuthenticAMD 25/1/1;b=AMD E~");
}

static void test_only_status(void **state)
{
	struct summary_in in = { .status = "unsupported" };

	(void)state;
	check(&in, "PV1 s=unsupported");
}

static void test_brand_cleaned(void **state)
{
	struct summary_in in = { .status = "pass", .brand = "  Intel(R)  Xeon(R)\tCPU @ 2.20GHz  " };

	(void)state;
	check(&in, "PV1 s=pass;b=Intel(R) Xeon(R)?CPU @ 2.20GHz");
}

/* Twenty failed checks: as many as fit, then "+N"; the later fields fall away. */
static void test_failed_list_cut(void **state)
{
	struct summary_in in = base();
	char buf[SUMMARY_MAX + 1];
	size_t n;

	(void)state;
	in.status = "fail";
	in.nfail = 20;
	for (unsigned i = 0; i < 20; i++)
		in.fail[i] = (struct summary_fail){ "decode_assists", "0-255" };
	n = summary_format(&in, buf, sizeof(buf));
	assert_true(n <= SUMMARY_MAX);
	/* 5 items fit, "+15" counts the rest; the CPU vendor is cut to the last byte. */
	assert_string_equal(buf, "PV1 s=fail;n=4/4;hv=svm:on;f=decode_assists:0-255 "
			    "decode_assists:0-255 decode_assists:0-255 decode_assists:0-255 "
			    "decode_assists:0-255 +15;c=AuthenticAMD ~");
	assert_int_equal(n, SUMMARY_MAX);
}

/* The KVM flags come last and are cut with "+N". */
static void test_kvm_flags_cut(void **state)
{
	struct summary_in in = base();
	char buf[SUMMARY_MAX + 1];

	(void)state;
	setup_kvm(true, 11);
	in.kvm = &kvm_amd;
	in.sys_vendor = "Some Manufacturer Inc.";
	in.sys_product = "Server";
	summary_format(&in, buf, sizeof(buf));
	assert_true(strlen(buf) <= SUMMARY_MAX);
	assert_non_null(strstr(buf, ";kf=npt,nrips,"));
	assert_non_null(strstr(buf, ",+"));
	assert_true(strlen(buf) > SUMMARY_MAX - 16);
}

/* Everything huge: never more than the budget, whatever the buffer. */
static void test_never_over(void **state)
{
	struct summary_in in = base();
	char big[300], buf[400];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	setup_kvm(true, 11);
	in.kvm = &kvm_amd;
	in.crashed = big;
	in.brand = big;
	in.sys_vendor = in.sys_product = in.sys_serial = big;
	in.nfail = SUMMARY_MAX_FAILS;
	for (unsigned i = 0; i < SUMMARY_MAX_FAILS; i++)
		in.fail[i] = (struct summary_fail){ big, big };
	assert_int_equal(summary_format(&in, buf, sizeof(buf)), SUMMARY_MAX);
	assert_int_equal(strlen(buf), SUMMARY_MAX);
	/* The crashed list, first of the cut fields, takes the rest and ends in "~". */
	assert_int_equal(buf[SUMMARY_MAX - 1], '~');
	/* A small buffer bounds it too: the fields that fit whole, the others left out. */
	assert_int_equal(summary_format(&in, buf, 20), 16);
	assert_string_equal(buf, "PV1 s=pass;n=4/4");
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(list_cases) + 7];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, list_cases, run_list);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_pass);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_fail_crash_machine);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_only_status);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_brand_cleaned);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_failed_list_cut);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_kvm_flags_cut);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_never_over);
	return _cmocka_run_group_tests("summary", t, n, NULL, NULL);
}
