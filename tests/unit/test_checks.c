/* SPDX-License-Identifier: MIT */
/*
 * The check battery's pure parts: results and their console lines, the
 * checks= selection, aggregation over CPUs with its JSON, summary and
 * status reason (pure/checks.c); the needs evaluator over every Bochs VT-x
 * model's MSRs (vmx/pure/check_needs.c); the MSR-bitmap model
 * (vmx/pure/msrbitmap.c); CR-access qualifications (vmx/pure/exitinfo.c);
 * the checks= and selftest=break- options (pure/cmdline.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"
#include "tests/unit/test_vmx_common.h"

#include "lib/json.h"
#include "pure/checks.h"
#include "pure/cmdline.h"
#include "vmx/pure/check_needs.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/pure/msrbitmap.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/vmx_defs.h"

static char buf[8192];

static struct out *buf_out(struct out_buf *b)
{
	out_buf_init(b, buf, sizeof(buf));
	return &b->out;
}

static void rec(struct check_cpu *c, const char *name, enum check_result r, const char *detail)
{
	c->rec[c->n].name = name;
	c->rec[c->n].result = r;
	snprintf(c->rec[c->n].detail, sizeof(c->rec[c->n].detail), "%s", detail);
	c->n++;
}

/* ---- records and per-CPU keys -------------------------------------------------- */

static void test_record_lines(void **state)
{
	struct check_record r = { .name = "mtf", .result = CHECK_FAIL };
	struct out_buf b;

	(void)state;
	check_record_print(buf_out(&b), &r);
	assert_string_equal(buf, "check mtf: FAIL\n");
	snprintf(r.detail, sizeof(r.detail), "no exit");
	r.result = CHECK_SKIP;
	check_record_print(buf_out(&b), &r);
	assert_string_equal(buf, "check mtf: SKIP (no exit)\n");
	assert_string_equal(check_result_name(CHECK_PASS), "pass");
	assert_string_equal(check_result_label(CHECK_PASS), "PASS");
}

static void vset(struct check_record *r, enum check_result res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_record_vset(r, res, fmt, ap);
	va_end(ap);
}

/* What the check harness's chk_record (both backends' pass/fail) writes: result and formatted detail. */
static void test_record_vset(void **state)
{
	struct check_record r = { .name = "pml", .result = CHECK_FAIL };
	char longer[2 * CHECK_DETAIL_MAX];

	(void)state;
	vset(&r, CHECK_PASS, "%u exits at 0x%x", 3u, 0x1000u);
	assert_int_equal(r.result, CHECK_PASS);
	assert_string_equal(r.detail, "3 exits at 0x1000");
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	vset(&r, CHECK_FAIL, "%s", longer);
	assert_int_equal(r.result, CHECK_FAIL);
	assert_int_equal(strlen(r.detail), CHECK_DETAIL_MAX - 1);
}

static void test_cpu_json(void **state)
{
	static struct check_cpu c;
	struct out_buf b;
	struct json j;

	(void)state;
	memset(&c, 0, sizeof(c));
	rec(&c, "a", CHECK_PASS, "");
	rec(&c, "b", CHECK_FAIL, "x");
	rec(&c, "c", CHECK_SKIP, "y");
	rec(&c, "d", CHECK_PASS, "");
	c.us = 1234;
	json_init(&j, buf_out(&b));
	json_obj_begin(&j, NULL);
	check_cpu_json(&j, &c);
	json_obj_end(&j);
	assert_string_equal(buf, "{\"checks\":{\"pass\":2,\"fail\":1,\"skip\":1},\"checks_us\":1234}");
}

/* ---- checks= ------------------------------------------------------------------- */

struct list_case {
	const char *name;
	const char *list;
	bool valid;
};

static const struct list_case list_cases[] = {
	{ "all", "all", true },
	{ "none", "none", true },
	{ "one", "mtf", true },
	{ "several", "mtf,ept_ad,io_bitmap", true },
	{ "digits", "ept_2m,ept_1g", true },
	{ "empty", "", false },
	{ "leading_comma", ",mtf", false },
	{ "trailing_comma", "mtf,", false },
	{ "double_comma", "mtf,,ept_ad", false },
	{ "upper_case", "MTF", false },
	{ "dash", "ept-ad", false },
	{ "name_too_long", "a_name_of_thirty_two_characters_", false },
	{ "name_31_chars", "a_name_of_thirty_one_characters", true },
};

static void test_list_valid(void **state)
{
	const struct list_case *c = *state;

	assert_int_equal(checks_list_valid(c->list, strlen(c->list)), c->valid);
}

static void test_selected(void **state)
{
	(void)state;
	assert_true(checks_selected("all", "mtf"));
	assert_true(checks_list_has("a.b,ctrl.event.other,c", "ctrl.event.other"));
	assert_true(checks_list_has("ctrl.event.other", "ctrl.event.other"));
	assert_false(checks_list_has("ctrl.event.other_vector", "ctrl.event.other"));
	assert_false(checks_list_has("ctrl.event", "ctrl.event.other"));
	assert_false(checks_list_has("", "x"));
	assert_false(checks_list_has(NULL, "x"));
	assert_true(checks_selected(NULL, "mtf"));
	assert_true(checks_selected("", "mtf"));
	assert_false(checks_selected("none", "mtf"));
	assert_true(checks_selected("ept_ad,mtf", "mtf"));
	assert_true(checks_selected("mtf,ept_ad", "mtf"));
	assert_false(checks_selected("mtf,ept_ad", "ept"));
	assert_false(checks_selected("mtf_x", "mtf"));
	assert_false(checks_selected("ept_ad", "ept_ad2"));
}

static void test_unknown_names(void **state)
{
	static const char *const names[] = { "mtf", "ept_ad", "io_bitmap" };
	struct out_buf b;

	(void)state;
	assert_int_equal(checks_list_unknown("mtf,io_bitmap", names, 3, "checks=", buf_out(&b)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(checks_list_unknown("all", names, 3, "checks=", buf_out(&b)), 0);
	assert_int_equal(checks_list_unknown("mtf,bogus,ept,ept_ad", names, 3, "checks=",
					     buf_out(&b)), 2);
	assert_string_equal(buf, "checks: no check named \"bogus\" (checks=); known: mtf ept_ad "
			    "io_bitmap\nchecks: no check named \"ept\" (checks=); known: mtf "
			    "ept_ad io_bitmap\n");
}

/* ---- aggregation ----------------------------------------------------------------- */

static struct check_cpu cpu_res[4];

/* cpu0..3: ept_ad fails on 0, 2, 3; mtf skipped everywhere; io passes; tsc fails on 1. */
static void make_run(void)
{
	memset(cpu_res, 0, sizeof(cpu_res));
	for (unsigned i = 0; i < 4; i++) {
		cpu_res[i].cpu = i;
		cpu_res[i].us = 100 + i;
		rec(&cpu_res[i], "io_bitmap", CHECK_PASS, "ok");
		rec(&cpu_res[i], "mtf", CHECK_SKIP, "not advertised");
		rec(&cpu_res[i], "ept_ad", i == 1 ? CHECK_PASS : CHECK_FAIL, i ? "later" : "first");
		rec(&cpu_res[i], "tsc", i == 1 ? CHECK_FAIL : CHECK_PASS, "tsc detail");
	}
}

static uint64_t agg_bits[CHECKS_MAX * 4];	/* CPUs 0-255 */

static void test_aggregate(void **state)
{
	static struct check_agg a;
	const struct check_cpu *cpus[5] = { &cpu_res[0], &cpu_res[1], NULL, &cpu_res[2], &cpu_res[3] };
	struct out_buf b;

	(void)state;
	make_run();
	checks_agg_set_storage(&a, agg_bits, 256);
	checks_aggregate(&a, cpus, 5);
	assert_int_equal(a.ncpus, 4);
	assert_int_equal(a.n, 4);
	assert_int_equal(a.pass, 1);
	assert_int_equal(a.fail, 2);
	assert_int_equal(a.skip, 1);
	assert_int_equal(a.max_us, 103);
	assert_string_equal(a.e[2].name, "ept_ad");
	assert_int_equal(a.e[2].result, CHECK_FAIL);
	assert_int_equal(a.e[2].nfailed, 3);
	assert_string_equal(a.e[2].detail, "first");
	assert_int_equal(a.e[1].result, CHECK_SKIP);
	assert_string_equal(a.e[1].detail, "not advertised");
	checks_summary_print(buf_out(&b), &a);
	assert_string_equal(buf, "checks: 1 passed, 2 failed, 1 skipped on 4 CPUs\n");
	checks_print_cpus(buf_out(&b), &a, &a.e[2]);
	assert_string_equal(buf, "cpu0, cpu2-3");
	assert_true(checks_fail_reason(&a, buf, sizeof(buf)));
	assert_string_equal(buf, "check ept_ad failed on cpu0, cpu2-3: first; 1 more check failed");
}

static void test_aggregate_json(void **state)
{
	static struct check_agg a;
	const struct check_cpu *cpus[4] = { &cpu_res[0], &cpu_res[1], &cpu_res[2], &cpu_res[3] };
	struct out_buf b;
	struct json j;

	(void)state;
	make_run();
	checks_agg_set_storage(&a, agg_bits, 256);
	checks_aggregate(&a, cpus, 4);
	json_init(&j, buf_out(&b));
	json_obj_begin(&j, NULL);
	checks_agg_json(&j, &a);
	json_obj_end(&j);
	assert_string_equal(buf, "{\"checks\":["
		"{\"name\":\"io_bitmap\",\"result\":\"pass\",\"cpus_failed\":\"\",\"detail\":\"ok\"},"
		"{\"name\":\"mtf\",\"result\":\"skip\",\"cpus_failed\":\"\",\"detail\":\"not advertised\"},"
		"{\"name\":\"ept_ad\",\"result\":\"fail\",\"cpus_failed\":\"0,2-3\",\"detail\":\"first\"},"
		"{\"name\":\"tsc\",\"result\":\"fail\",\"cpus_failed\":\"1\",\"detail\":\"tsc detail\"}]}");
}

static void test_aggregate_pass_and_empty(void **state)
{
	static struct check_agg a;
	static struct check_cpu one;
	const struct check_cpu *none[2] = { NULL, NULL };
	const struct check_cpu *cpus[1] = { &one };
	struct out_buf b;

	(void)state;
	checks_agg_set_storage(&a, agg_bits, 256);
	checks_aggregate(&a, none, 2);
	assert_int_equal(a.ncpus, 0);
	assert_int_equal(a.n, 0);
	assert_false(checks_fail_reason(&a, buf, sizeof(buf)));
	memset(&one, 0, sizeof(one));
	one.cpu = 200;
	rec(&one, "a", CHECK_PASS, "fine");
	checks_agg_set_storage(&a, agg_bits, 256);
	checks_aggregate(&a, cpus, 1);
	assert_false(checks_fail_reason(&a, buf, sizeof(buf)));
	checks_summary_print(buf_out(&b), &a);
	assert_string_equal(buf, "checks: 1 passed, 0 failed, 0 skipped on 1 CPU\n");
	/* A pass after a skip on another CPU makes the row pass, with the passing detail. */
	rec(&one, "b", CHECK_SKIP, "skipped here");
	{
		static struct check_cpu two;
		const struct check_cpu *both[2] = { &one, &two };

		memset(&two, 0, sizeof(two));
		two.cpu = 201;
		rec(&two, "a", CHECK_PASS, "fine");
		rec(&two, "b", CHECK_PASS, "ran there");
		checks_agg_set_storage(&a, agg_bits, 256);
		checks_aggregate(&a, both, 2);
		assert_int_equal(a.e[1].result, CHECK_PASS);
		assert_string_equal(a.e[1].detail, "ran there");
		assert_int_equal(a.e[1].ncpus, 2);
	}
}

/* No CPU limit: failures on CPUs 300 and 8191 are named (storage for 8192 CPUs). */
static void test_aggregate_high_cpus(void **state)
{
	static struct check_agg a;
	static struct check_cpu c300, c301, c8191;
	static uint64_t bits[CHECKS_MAX * 128];
	const struct check_cpu *cpus[3] = { &c300, &c301, &c8191 };
	struct out_buf b;
	struct json j;

	(void)state;
	assert_int_equal(checks_agg_words(8192), CHECKS_MAX * 128);
	c300.cpu = 300, c301.cpu = 301, c8191.cpu = 8191;
	rec(&c300, "x", CHECK_FAIL, "bad");
	rec(&c301, "x", CHECK_FAIL, "bad");
	rec(&c8191, "x", CHECK_FAIL, "bad");
	checks_agg_set_storage(&a, bits, 8192);
	checks_aggregate(&a, cpus, 3);
	assert_int_equal(a.e[0].nfailed, 3);
	checks_print_cpus(buf_out(&b), &a, &a.e[0]);
	assert_string_equal(buf, "cpu300-301, cpu8191");
	json_init(&j, buf_out(&b));
	json_obj_begin(&j, NULL);
	checks_agg_json(&j, &a);
	json_obj_end(&j);
	assert_non_null(strstr(buf, "\"cpus_failed\":\"300-301,8191\""));
	/* Storage for fewer CPUs: counted, not named, nothing written past it. */
	checks_agg_set_storage(&a, bits, 256);
	bits[CHECKS_MAX * 4] = 0x5a;
	checks_aggregate(&a, cpus, 3);
	assert_int_equal(a.e[0].nfailed, 3);
	assert_int_equal(bits[CHECKS_MAX * 4], 0x5a);
}

static void test_reason_truncated(void **state)
{
	static struct check_agg a;
	const struct check_cpu *cpus[4] = { &cpu_res[0], &cpu_res[1], &cpu_res[2], &cpu_res[3] };
	char small[20];

	(void)state;
	make_run();
	checks_agg_set_storage(&a, agg_bits, 256);
	checks_aggregate(&a, cpus, 4);
	assert_true(checks_fail_reason(&a, small, sizeof(small)));
	assert_string_equal(small, "check ept_ad failed");
}

/* ---- needs over the Bochs models --------------------------------------------------- */

struct need_case {
	const char *name;
	const char *model;
	struct vmx_need need;
	const char *why;	/* NULL: met */
};

/* The needs of vmx/checks/<name>.c's rows. */
#define N_PREEMPT	{ .pin = PIN_BASED_VMX_PREEMPTION_TIMER }
#define N_MTF		{ .proc = CPU_BASED_MONITOR_TRAP_FLAG }
#define N_NMIWIN	{ .pin = PIN_BASED_VIRTUAL_NMIS, .proc = CPU_BASED_NMI_WINDOW_EXITING }
#define N_SCALING	{ .proc = CPU_BASED_USE_TSC_OFFSETTING, .proc2 = SECONDARY_EXEC_TSC_SCALING }
#define N_AD		{ .ept = true, .ept_cap = VMX_EPT_AD_BIT }
#define N_1G		{ .ept = true, .ept_cap = VMX_EPT_1GB_PAGE_BIT }
#define N_XO		{ .ept = true, .ept_cap = VMX_EPT_EXECUTE_ONLY_BIT }
#define N_IA32E		{ .entry = VM_ENTRY_IA32E_MODE }
#define N_VPID		{ .vpid = true }
#define N_VMFUNC	{ .ept = true, .vmfunc = BIT(0) }
#define N_PML		{ .ept = true, .ept_cap = VMX_EPT_AD_BIT, .proc2 = SECONDARY_EXEC_ENABLE_PML }
#define N_TPR		{ .proc = CPU_BASED_TPR_SHADOW, .entry = VM_ENTRY_IA32E_MODE }
#define N_PAT		{ .entry_ctl = VM_ENTRY_LOAD_IA32_PAT, \
			  .exit_ctl = VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT }
#define N_EFER		{ .entry = VM_ENTRY_LOAD_IA32_EFER, \
			  .exit_ctl = VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER }
#define N_DBG		{ .entry_ctl = VM_ENTRY_LOAD_DEBUG_CONTROLS, \
			  .exit_ctl = VM_EXIT_SAVE_DEBUG_CONTROLS }
#define N_PERF		{ .entry_ctl = VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL, \
			  .exit_ctl = VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL }
#define N_AREG		{ .proc = CPU_BASED_TPR_SHADOW, \
			  .proc2 = SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | SECONDARY_EXEC_APIC_REGISTER_VIRT }
#define N_VID		{ .pin = PIN_BASED_EXT_INTR_MASK, .proc = CPU_BASED_TPR_SHADOW, \
			  .proc2 = SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | \
				   SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY }
#define N_X2APIC	{ .proc = CPU_BASED_TPR_SHADOW | CPU_BASED_USE_MSR_BITMAPS, \
			  .proc2 = SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE }
#define N_PI		{ .pin = PIN_BASED_EXT_INTR_MASK | PIN_BASED_POSTED_INTR, \
			  .proc = CPU_BASED_TPR_SHADOW, .exit_ctl = VM_EXIT_ACK_INTR_ON_EXIT, \
			  .proc2 = SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY }

static const struct need_case need_cases[] = {
	{ "skylake_preemption_timer", "corei7_skylake_x", N_PREEMPT, NULL },
	{ "skylake_mtf", "corei7_skylake_x", N_MTF,
	  "not advertised: Monitor trap flag (IA32_VMX_TRUE_PROCBASED_CTLS bit 59)" },
	{ "icelake_mtf", "corei7_icelake_u", N_MTF, NULL },
	{ "tigerlake_mtf", "tigerlake", N_MTF, NULL },
	{ "skylake_ept_ad", "corei7_skylake_x", N_AD, NULL },
	{ "skylake_ept_1g", "corei7_skylake_x", N_1G, NULL },
	{ "skylake_tsc_scaling", "corei7_skylake_x", N_SCALING, NULL },
	{ "skylake_ia32e", "corei7_skylake_x", N_IA32E, NULL },
	{ "lynnfield_ept_ad", "corei5_lynnfield_750", N_AD,
	  "not advertised: EPT accessed and dirty flags (IA32_VMX_EPT_VPID_CAP bit 21)" },
	{ "lynnfield_tsc_scaling", "corei5_lynnfield_750", N_SCALING,
	  "not advertised: Use TSC scaling (IA32_VMX_PROCBASED_CTLS2 bit 57)" },
	{ "penryn_ept_ad", "core2_penryn_t9600", N_AD,
	  "not advertised: Enable EPT (IA32_VMX_PROCBASED_CTLS2 bit 33)" },
	{ "penryn_xo", "core2_penryn_t9600", N_XO,
	  "not advertised: Enable EPT (IA32_VMX_PROCBASED_CTLS2 bit 33)" },
	{ "penryn_preemption_timer", "core2_penryn_t9600", N_PREEMPT,
	  "not advertised: Activate VMX-preemption timer (IA32_VMX_TRUE_PINBASED_CTLS bit 38)" },
	{ "penryn_nmi_window", "core2_penryn_t9600", N_NMIWIN, NULL },
	{ "penryn_ia32e", "core2_penryn_t9600", N_IA32E, NULL },
	{ "yonah_ia32e", "core_duo_t2400_yonah", N_IA32E,
	  "not advertised: IA-32e mode guest (IA32_VMX_TRUE_ENTRY_CTLS bit 41)" },
	{ "skylake_vpid", "corei7_skylake_x", N_VPID, NULL },
	{ "penryn_vpid", "core2_penryn_t9600", N_VPID,
	  "not advertised: Enable VPID (IA32_VMX_PROCBASED_CTLS2 bit 37)" },
	{ "skylake_vmfunc", "corei7_skylake_x", N_VMFUNC, NULL },
	{ "lynnfield_vmfunc", "corei5_lynnfield_750", N_VMFUNC,
	  "not advertised: Enable VM functions (IA32_VMX_PROCBASED_CTLS2 bit 45)" },
	{ "icelake_pml", "corei7_icelake_u", N_PML, NULL },
	{ "haswell_pml", "corei7_haswell_4770", N_PML,
	  "not advertised: Enable PML (IA32_VMX_PROCBASED_CTLS2 bit 49)" },
	{ "penryn_tpr_shadow", "core2_penryn_t9600", N_TPR, NULL },
	{ "skylake_pat", "corei7_skylake_x", N_PAT, NULL },
	{ "penryn_pat", "core2_penryn_t9600", N_PAT,
	  "not advertised: Load IA32_PAT (IA32_VMX_TRUE_ENTRY_CTLS bit 46)" },
	{ "lynnfield_efer", "corei5_lynnfield_750", N_EFER, NULL },
	{ "penryn_efer", "core2_penryn_t9600", N_EFER,
	  "not advertised: Save IA32_EFER (IA32_VMX_TRUE_EXIT_CTLS bit 52)" },
	{ "penryn_debugctl", "core2_penryn_t9600", N_DBG, NULL },
	{ "penryn_perf", "core2_penryn_t9600", N_PERF, NULL },
	{ "skylake_apic_register_virtualization", "corei7_skylake_x", N_AREG, NULL },
	{ "tigerlake_virtual_interrupt_delivery", "tigerlake", N_VID, NULL },
	{ "skylake_virtualize_x2apic", "corei7_skylake_x", N_X2APIC, NULL },
	{ "lynnfield_apic_register_virtualization", "corei5_lynnfield_750", N_AREG,
	  "not advertised: APIC-register virtualization (IA32_VMX_PROCBASED_CTLS2 bit 40)" },
	{ "lynnfield_virtual_interrupt_delivery", "corei5_lynnfield_750", N_VID,
	  "not advertised: Virtual-interrupt delivery (IA32_VMX_PROCBASED_CTLS2 bit 41)" },
	{ "lynnfield_virtualize_x2apic", "corei5_lynnfield_750", N_X2APIC, NULL },
	{ "penryn_virtualize_x2apic", "core2_penryn_t9600", N_X2APIC,
	  "not advertised: Virtualize x2APIC mode (IA32_VMX_PROCBASED_CTLS2 bit 36)" },
	{ "skylake_posted_interrupts", "corei7_skylake_x", N_PI,
	  "not advertised: Process posted interrupts (IA32_VMX_TRUE_PINBASED_CTLS bit 39)" },
	{ "yonah_scaling", "core_duo_t2400_yonah", N_SCALING,
	  "not advertised: Activate secondary controls (IA32_VMX_TRUE_PROCBASED_CTLS bit 63)" },
};

static void test_needs(void **state)
{
	const struct need_case *nc = *state;
	struct model m[MAX_MODELS];
	int n = list_models(m, MAX_MODELS);
	const struct model *mod = find_model(m, n, nc->model);
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct vmx_caps c;
	char why[CHECK_DETAIL_MAX];
	const char *r;

	assert_non_null(mod);
	assert_int_equal(load_model(mod->path, &c), 0);
	memset(&cfg, 0, sizeof(cfg));
	memset(&cap, 0, sizeof(cap));
	setup_vmcs_config(&c, &cfg, &cap, NULL);
	r = vmx_need_unmet(&nc->need, &c, &cfg, &cap, why, sizeof(why));
	if (!nc->why) {
		assert_null(r);
	} else {
		assert_non_null(r);
		assert_string_equal(r, nc->why);
	}
}

/* EPT advertised, but the negotiation did not enable it (here: cleared by hand). */
static void test_needs_not_enabled(void **state)
{
	struct model m[MAX_MODELS];
	int n = list_models(m, MAX_MODELS);
	struct vmx_need need = N_AD, ia32e = N_IA32E, vpid = N_VPID;
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct vmx_caps c;
	char why[CHECK_DETAIL_MAX];

	(void)state;
	assert_int_equal(load_model(find_model(m, n, "corei7_skylake_x")->path, &c), 0);
	setup_vmcs_config(&c, &cfg, &cap, NULL);
	cfg.cpu_based_2nd_exec_ctrl &= ~(uint32_t)(SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID);
	assert_string_equal(vmx_need_unmet(&vpid, &c, &cfg, &cap, why, sizeof(why)),
			    "not enabled: VPID is advertised but not in use (see \"VPID not used\")");
	assert_string_equal(vmx_need_unmet(&need, &c, &cfg, &cap, why, sizeof(why)),
			    "not enabled: EPT is advertised but not in use (see \"EPT not used\")");
	cfg.cpu_based_exec_ctrl &= ~(uint32_t)CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	assert_string_equal(vmx_need_unmet(&need, &c, &cfg, &cap, why, sizeof(why)),
			    "not enabled: the secondary controls are not in use");
	cfg.vmentry_ctrl &= ~(uint32_t)VM_ENTRY_IA32E_MODE;
	assert_string_equal(vmx_need_unmet(&ia32e, &c, &cfg, &cap, why, sizeof(why)),
			    "not enabled: IA-32e mode guest is not in the negotiated VM-entry "
			    "controls");
}

/* A VM-exit control the row needs: judged by its allowed-1 bit (crafted: posted interrupts
 * advertised, "acknowledge interrupt on exit" taken away). */
static void test_needs_exit_control(void **state)
{
	struct model m[MAX_MODELS];
	int n = list_models(m, MAX_MODELS);
	struct vmx_need pi = N_PI;
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct vmx_caps c;
	char why[CHECK_DETAIL_MAX];
	uint64_t pin, exit;

	(void)state;
	assert_int_equal(load_model(find_model(m, n, "corei7_skylake_x")->path, &c), 0);
	setup_vmcs_config(&c, &cfg, &cap, NULL);
	pin = vmx_caps_get(&c, MSR_IA32_VMX_TRUE_PINBASED_CTLS);
	vmx_caps_set(&c, MSR_IA32_VMX_TRUE_PINBASED_CTLS,
		     pin | (uint64_t)PIN_BASED_POSTED_INTR << 32);
	assert_null(vmx_need_unmet(&pi, &c, &cfg, &cap, why, sizeof(why)));
	exit = vmx_caps_get(&c, MSR_IA32_VMX_TRUE_EXIT_CTLS);
	vmx_caps_set(&c, MSR_IA32_VMX_TRUE_EXIT_CTLS,
		     exit & ~((uint64_t)VM_EXIT_ACK_INTR_ON_EXIT << 32));
	assert_string_equal(vmx_need_unmet(&pi, &c, &cfg, &cap, why, sizeof(why)),
			    "not advertised: Acknowledge interrupt on exit "
			    "(IA32_VMX_TRUE_EXIT_CTLS bit 47)");
}

/* ---- MSR bitmap model (SDM 25.6.9) ---------------------------------------------------- */

static void test_msrbitmap(void **state)
{
	static uint8_t bm[MSRBITMAP_BYTES];

	(void)state;
	memset(bm, 0, sizeof(bm));
	assert_int_equal(msrbitmap_quarter(0x174, false), 0);
	assert_int_equal(msrbitmap_quarter(0xc0000102, false), 1024);
	assert_int_equal(msrbitmap_quarter(0x174, true), 2048);
	assert_int_equal(msrbitmap_quarter(0xc0001fff, true), 3072);
	assert_int_equal(msrbitmap_quarter(0x2000, false), -1);
	assert_int_equal(msrbitmap_quarter(0xc0002000, true), -1);
	assert_int_equal(msrbitmap_quarter(0x40000000, false), -1);
	assert_true(msrbitmap_set(bm, 0x175, false, true));
	assert_int_equal(bm[0x175 / 8], 1 << (0x175 % 8));
	assert_true(msrbitmap_set(bm, 0x174, true, true));
	assert_int_equal(bm[2048 + 0x174 / 8], 1 << (0x174 % 8));
	assert_true(msrbitmap_set(bm, 0xc0000102, false, true));
	assert_int_equal(bm[1024 + 0x102 / 8], 1 << (0x102 % 8));
	assert_false(msrbitmap_set(bm, 0x4b564d00, false, true));
	assert_true(msrbitmap_exits(bm, 0x175, false));
	assert_false(msrbitmap_exits(bm, 0x175, true));
	assert_false(msrbitmap_exits(bm, 0x174, false));
	assert_true(msrbitmap_exits(bm, 0x174, true));
	assert_true(msrbitmap_exits(bm, 0xc0000102, false));
	assert_false(msrbitmap_exits(bm, 0x102, false));
	assert_true(msrbitmap_exits(bm, 0x4b564d00, false));	/* outside both ranges */
	assert_true(msrbitmap_set(bm, 0x175, false, false));
	assert_false(msrbitmap_exits(bm, 0x175, false));
}

/* ---- CR-access qualification (SDM Table 28-3) -------------------------------------- */

struct cr_case {
	const char *name;
	uint64_t qual;
	unsigned cr, type, gpr;
	const char *text;
};

static const struct cr_case cr_cases[] = {
	{ "mov_to_cr4_from_rsi", 0x604, 4, CR_ACCESS_MOV_TO_CR, 6, "MOV to CR4 from RSI" },
	{ "mov_to_cr0_from_rax", 0x000, 0, CR_ACCESS_MOV_TO_CR, 0, "MOV to CR0 from RAX" },
	{ "mov_from_cr3_to_r15", 0xf13, 3, CR_ACCESS_MOV_FROM_CR, 15, "MOV from CR3 to R15" },
	{ "mov_to_cr8_from_rsp", 0x408, 8, CR_ACCESS_MOV_TO_CR, 4, "MOV to CR8 from RSP" },
	{ "clts", 0x20, 0, CR_ACCESS_CLTS, 0, "CLTS" },
	{ "lmsw_register", 0x00010030, 0, CR_ACCESS_LMSW, 0, "LMSW 0x1 (register)" },
	{ "lmsw_memory", 0x000f0070, 0, CR_ACCESS_LMSW, 0, "LMSW 0xf (memory)" },
};

static void test_cr_qual(void **state)
{
	const struct cr_case *c = *state;
	struct cr_qual q;
	struct out_buf b;

	exit_decode_cr(c->qual, &q);
	assert_int_equal(q.cr, c->cr);
	assert_int_equal(q.type, c->type);
	if (c->type <= CR_ACCESS_MOV_FROM_CR)
		assert_int_equal(q.gpr, c->gpr);
	cr_access_describe(buf_out(&b), c->qual);
	assert_string_equal(buf, c->text);
}

/* ---- checks= and selftest=break- on the command line ------------------------------------ */

static void test_cmdline_checks(void **state)
{
	struct options o;
	struct out_buf b;

	(void)state;
	assert_int_equal(cmdline_parse(NULL, &o, buf_out(&b)), 0);
	assert_string_equal(o.checks, "all");
	assert_string_equal(o.check_break, "");
	assert_int_equal(cmdline_parse("checks=none", &o, buf_out(&b)), 0);
	assert_string_equal(o.checks, "none");
	assert_int_equal(cmdline_parse("checks=mtf,ept_ad selftest=break-ept_ad", &o,
				       buf_out(&b)), 0);
	assert_string_equal(o.checks, "mtf,ept_ad");
	assert_string_equal(o.check_break, "ept_ad");
	assert_int_equal(o.selftest, OPT_SELFTEST_NONE);
	assert_string_equal(buf, "");
	/* Bad values: named, and the option keeps its default. */
	assert_int_equal(cmdline_parse("checks=mtf,,x", &o, buf_out(&b)), 1);
	assert_string_equal(o.checks, "all");
	assert_non_null(strstr(buf, "checks=mtf,,x: not accepted; accepted: checks=all|none|"));
	assert_int_equal(cmdline_parse("checks=", &o, buf_out(&b)), 1);
	assert_non_null(strstr(buf, "checks=: empty value"));
	assert_int_equal(cmdline_parse("checks", &o, buf_out(&b)), 1);
	assert_int_equal(cmdline_parse("selftest=break-", &o, buf_out(&b)), 1);
	assert_int_equal(cmdline_parse("selftest=break-a,,b", &o, buf_out(&b)), 1);
	assert_int_equal(cmdline_parse("selftest=break-Mtf", &o, buf_out(&b)), 1);
	assert_string_equal(o.check_break, "");
	assert_int_equal(cmdline_parse("selftest=break-all", &o, buf_out(&b)), 0);
	assert_string_equal(o.check_break, "all");
	assert_int_equal(cmdline_parse("selftest=break-mtf,ept_ad", &o, buf_out(&b)), 0);
	assert_string_equal(o.check_break, "mtf,ept_ad");
	assert_int_equal(cmdline_parse("selftest=ud selftest=break-mtf", &o, buf_out(&b)), 0);
	assert_int_equal(o.selftest, OPT_SELFTEST_UD);
	assert_string_equal(o.check_break, "mtf");
}

int main(void)
{
	struct CMUnitTest t[128];
	size_t n = 0;

	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_record_lines);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_record_vset);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_cpu_json);
	ADD_TABLE_CASES(t, n, list_cases, test_list_valid);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_selected);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_unknown_names);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_aggregate);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_aggregate_json);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_aggregate_pass_and_empty);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_reason_truncated);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_aggregate_high_cpus);
	ADD_TABLE_CASES(t, n, need_cases, test_needs);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_needs_not_enabled);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_needs_exit_control);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_msrbitmap);
	ADD_TABLE_CASES(t, n, cr_cases, test_cr_qual);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(test_cmdline_checks);
	return _cmocka_run_group_tests("checks", t, n, NULL, NULL);
}
