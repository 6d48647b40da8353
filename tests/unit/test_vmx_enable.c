/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/enable_checks.c: the IA32_FEATURE_CONTROL decision (SDM Vol. 3C
 * 24.7, Linux init_ia32_feat_ctl) for crafted firmware values, and the
 * IA32_PAT decoder that says whether the VMX regions are write-back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <string.h>

#include "arch/x86/msr-index.h"
#include "vmx/pure/negotiate.h"

#define LOCK	FEAT_CTL_LOCKED
#define IN_SMX	FEAT_CTL_VMX_ENABLED_INSIDE_SMX
#define OUT_SMX	FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX
#define SGX	(FEAT_CTL_SGX_ENABLED | FEAT_CTL_SGX_LC_ENABLED)
#define SENTER	(FEAT_CTL_SENTER_PARAM_MASK | FEAT_CTL_SENTER_ENABLE)

/* ---- IA32_FEATURE_CONTROL --------------------------------------------- */
struct fc_case {
	const char *name;
	uint64_t fw;			/* what the firmware left */
	enum vmx_feat_ctl_action want;
	uint64_t write;			/* *new_val */
	const char *advice_has;		/* substring of the advice, NULL: no advice */
};

static const struct fc_case fc_cases[] = {
	{ "fc_unlocked_0", 0, VMX_FEAT_CTL_NEED_ENABLE, LOCK | OUT_SMX, NULL },
	{ "fc_unlocked_sgx_kept", SGX, VMX_FEAT_CTL_NEED_ENABLE, SGX | LOCK | OUT_SMX, NULL },
	{ "fc_unlocked_lmce_kept", FEAT_CTL_LMCE_ENABLED, VMX_FEAT_CTL_NEED_ENABLE,
	  FEAT_CTL_LMCE_ENABLED | LOCK | OUT_SMX, NULL },
	{ "fc_unlocked_senter_kept", SENTER, VMX_FEAT_CTL_NEED_ENABLE,
	  SENTER | LOCK | OUT_SMX, NULL },
	{ "fc_unlocked_outside_only", OUT_SMX, VMX_FEAT_CTL_NEED_ENABLE, LOCK | OUT_SMX, NULL },
	/* The firmware's own inside-SMX bit is the firmware's; we only lock it. */
	{ "fc_unlocked_fw_inside_smx", IN_SMX, VMX_FEAT_CTL_NEED_ENABLE,
	  IN_SMX | LOCK | OUT_SMX, NULL },
	{ "fc_locked_0x1", LOCK, VMX_FEAT_CTL_DISABLED_BY_FIRMWARE, LOCK,
	  "enable Intel Virtualization Technology (VT-x) in the firmware setup" },
	{ "fc_locked_0x3_smx_only", LOCK | IN_SMX, VMX_FEAT_CTL_SMX_ONLY, LOCK | IN_SMX,
	  "without requiring TXT" },
	{ "fc_locked_smx_only_sgx", LOCK | IN_SMX | SGX | SENTER, VMX_FEAT_CTL_SMX_ONLY,
	  LOCK | IN_SMX | SGX | SENTER, "after an Intel TXT launch" },
	{ "fc_locked_0x5", LOCK | OUT_SMX, VMX_FEAT_CTL_ENABLED, LOCK | OUT_SMX, NULL },
	{ "fc_locked_0x7", LOCK | IN_SMX | OUT_SMX, VMX_FEAT_CTL_ENABLED,
	  LOCK | IN_SMX | OUT_SMX, NULL },
	{ "fc_locked_sgx_lmce", LOCK | OUT_SMX | SGX | FEAT_CTL_LMCE_ENABLED, VMX_FEAT_CTL_ENABLED,
	  LOCK | OUT_SMX | SGX | FEAT_CTL_LMCE_ENABLED, NULL },
	{ "fc_locked_sgx_only", LOCK | SGX, VMX_FEAT_CTL_DISABLED_BY_FIRMWARE, LOCK | SGX,
	  "VT-x is disabled by the firmware" },
};

static void fc_case(void **state)
{
	const struct fc_case *c = *state;
	uint64_t nv = 0xdeadULL;
	enum vmx_feat_ctl_action a = vmx_feature_control_decide(c->fw, &nv);
	const char *advice = vmx_feat_ctl_advice(a);

	if (a != c->want)
		fail_msg("0x%llx: got %s, want %s", (unsigned long long)c->fw,
			 vmx_feat_ctl_action_name(a), vmx_feat_ctl_action_name(c->want));
	assert_int_equal(nv, c->write);
	/* Every firmware bit survives; we add at most the lock and VMX outside SMX. */
	assert_int_equal(nv & c->fw, c->fw);
	assert_int_equal(nv & ~c->fw & ~(uint64_t)(LOCK | OUT_SMX), 0);
	if (!c->advice_has) {
		assert_null(advice);
		return;
	}
	assert_non_null(advice);
	if (!strstr(advice, c->advice_has))
		fail_msg("advice lacks '%s': %s", c->advice_has, advice);
}

/* Never VMX inside SMX from us, whatever else the firmware left unlocked. */
static void fc_never_sets_inside_smx(void **state)
{
	uint64_t nv;

	(void)state;
	for (unsigned b = 3; b < 64; b++) {
		uint64_t fw = 1ULL << b;

		assert_int_equal(vmx_feature_control_decide(fw, &nv), VMX_FEAT_CTL_NEED_ENABLE);
		assert_false(nv & IN_SMX);
		assert_int_equal(nv, fw | LOCK | OUT_SMX);
	}
	/* The clean fallback (Linux's value) has no inside-SMX bit either. */
	assert_int_equal(VMX_FEAT_CTL_CLEAN, LOCK | OUT_SMX);
	/* A sibling that locked it meanwhile: the re-read decides "enabled". */
	assert_int_equal(vmx_feature_control_decide(LOCK | OUT_SMX | SGX, &nv),
			 VMX_FEAT_CTL_ENABLED);
}

static void fc_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_feat_ctl_action_name(VMX_FEAT_CTL_ENABLED), "enabled");
	assert_string_equal(vmx_feat_ctl_action_name(VMX_FEAT_CTL_DISABLED_BY_FIRMWARE),
			    "disabled-by-firmware");
	assert_string_equal(vmx_feat_ctl_action_name(VMX_FEAT_CTL_SMX_ONLY),
			    "vmx-only-inside-smx");
	assert_string_equal(vmx_feat_ctl_action_name(VMX_FEAT_CTL_NEED_ENABLE), "need-enable");
	/* The two locked-off causes are told apart. */
	assert_null(strstr(vmx_feat_ctl_advice(VMX_FEAT_CTL_DISABLED_BY_FIRMWARE), "TXT"));
	assert_non_null(strstr(vmx_feat_ctl_advice(VMX_FEAT_CTL_SMX_ONLY), "SMX"));
	/* Each fits a report error (ERRBUF_SIZE 256) after "IA32_FEATURE_CONTROL = 0x...: ". */
	assert_true(strlen(vmx_feat_ctl_advice(VMX_FEAT_CTL_SMX_ONLY)) < 256 - 48);
	assert_true(strlen(vmx_feat_ctl_advice(VMX_FEAT_CTL_DISABLED_BY_FIRMWARE)) < 256 - 48);
}

/* ---- IA32_PAT ------------------------------------------------------------ */
struct pat_case {
	const char *name;
	uint64_t pat;
	bool valid, pa0_wb;
	const char *text;		/* pat_print() */
};

static const struct pat_case pat_cases[] = {
	/* Power-on default (SDM Vol. 3A Table 13-12). */
	{ "pat_power_on", 0x0007040600070406ULL, true, true,
	  "PA0 WB, PA1 WT, PA2 UC-, PA3 UC, PA4 WB, PA5 WT, PA6 UC-, PA7 UC" },
	/* Linux's PAT (WB, WC, UC-, UC, WB, WP, UC-, WT). */
	{ "pat_linux", 0x0407050600070106ULL, true, true,
	  "PA0 WB, PA1 WC, PA2 UC-, PA3 UC, PA4 WB, PA5 WP, PA6 UC-, PA7 WT" },
	{ "pat_pa0_uc", 0x0007040600070400ULL, true, false,
	  "PA0 UC, PA1 WT, PA2 UC-, PA3 UC, PA4 WB, PA5 WT, PA6 UC-, PA7 UC" },
	{ "pat_pa0_wt", 0x0007040600070404ULL, true, false, "PA0 WT, PA1 WT" },
	{ "pat_all_uc", 0, true, false,
	  "PA0 UC, PA1 UC, PA2 UC, PA3 UC, PA4 UC, PA5 UC, PA6 UC, PA7 UC" },
	{ "pat_reserved_2", 0x0007040600070402ULL, false, false, "PA0 reserved (2), PA1 WT" },
	{ "pat_reserved_high_bits", 0x0007040600070486ULL, false, false, "PA0 reserved (134)" },
	{ "pat_reserved_pa7", 0x0307040600070406ULL, false, true, "PA7 reserved (3)" },
};

static void pat_case(void **state)
{
	const struct pat_case *c = *state;
	char buf[256];
	struct out_buf b;
	uint64_t fixed = pat_with_entry0_wb(c->pat);

	assert_int_equal(pat_valid(c->pat), c->valid);
	assert_int_equal(pat_entry0_is_wb(c->pat), c->pa0_wb);
	out_buf_init(&b, buf, sizeof(buf));
	pat_print(&b.out, c->pat);
	if (!strstr(buf, c->text))
		fail_msg("'%s' lacks '%s'", buf, c->text);
	/* Programming PA0 to WB touches PA0 only. */
	assert_true(pat_entry0_is_wb(fixed));
	assert_int_equal(fixed >> 8, c->pat >> 8);
	if (c->pa0_wb)
		assert_int_equal(fixed, c->pat);
	for (unsigned i = 1; i < 8; i++)
		assert_int_equal(pat_entry(fixed, i), pat_entry(c->pat, i));
}

static void pat_names(void **state)
{
	(void)state;
	assert_string_equal(pat_type_name(X86_MEMTYPE_UC), "UC");
	assert_string_equal(pat_type_name(X86_MEMTYPE_WC), "WC");
	assert_string_equal(pat_type_name(X86_MEMTYPE_WT), "WT");
	assert_string_equal(pat_type_name(X86_MEMTYPE_WP), "WP");
	assert_string_equal(pat_type_name(X86_MEMTYPE_WB), "WB");
	assert_string_equal(pat_type_name(X86_MEMTYPE_UC_MINUS), "UC-");
	assert_string_equal(pat_type_name(3), "reserved");
	assert_string_equal(pat_type_name(8), "reserved");
	assert_int_equal(pat_entry(0x0123456789abcdefULL, 0), 0xef);
	assert_int_equal(pat_entry(0x0123456789abcdefULL, 7), 0x01);
}

int main(void)
{
	static struct CMUnitTest t[64];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, fc_cases, fc_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(fc_never_sets_inside_smx);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(fc_names);
	ADD_TABLE_CASES(t, n, pat_cases, pat_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(pat_names);
	return _cmocka_run_group_tests("vmx_enable", t, n, NULL, NULL);
}
