/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/kvm_vmx.c, pure/kvm_verdict.c, vmx/pure/vmx_json.c: Linux 6.12
 * kvm_intel's verdict for every Bochs model (tests/unit/data/vmx-msrs), for
 * real CPUs (tests/unit/data/vmx-msrs-real, sources in the files' headers)
 * and for crafted capability values; the console line, the "kvm" object and
 * `vmxdecode --json`. Every expectation was written from reading the kernel's
 * rules (docs/vmx.md "KVM's verdict") against the MSR values, not from a run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/table.h"
#include "test_vmx_common.h"
#include "pure/kvm_verdict.h"
#include "vmx/pure/kvm_vmx.h"
#include "arch/x86/msr-index.h"
#include "vmx/pure/vmx_defs.h"
#include "vmx/pure/vmx_json.h"

/* The enable entries, in the order kvm_vmx.c adds them (and the JSON shows). */
enum {
	EPT = 1 << 0, EPT_AD = 1 << 1, VPID = 1 << 2, UG = 1 << 3, FLEX = 1 << 4,
	APICV = 1 << 5, PML = 1 << 6, SHADOW = 1 << 7, PREEMPT = 1 << 8,
	TSCS = 1 << 9, PLE = 1 << 10, ALL = (1 << 11) - 1,
};
static const char *const enable_names[] = {
	"ept", "ept_ad", "vpid", "unrestricted_guest", "flexpriority", "apicv",
	"pml", "shadow_vmcs", "preemption_timer", "tsc_scaling", "ple",
};

#define MAX_REASONS 8

/* Checks loads, every enable flag and that each reason substring appears. */
static void check_verdict(const char *what, const struct kvm_verdict *v, bool loads,
			  unsigned on, const char *const *reasons)
{
	assert_string_equal(v->module, "kvm_intel");
	assert_string_equal(v->kernel, "6.12");
	if (v->loads != loads)
		fail_msg("%s: loads %d, expected %d (reason: %s)", what, v->loads, loads, v->reason);
	assert_int_equal(v->nr_enable, ARRAY_SIZE(enable_names));
	for (unsigned i = 0; i < ARRAY_SIZE(enable_names); i++) {
		const struct kvm_enable *e = &v->enable[i];

		assert_string_equal(e->name, enable_names[i]);
		if (e->on != !!(on & (1u << i)))
			fail_msg("%s: %s is %s, expected %s (why: %s)", what, e->name,
				 e->on ? "on" : "off", (on & (1u << i)) ? "on" : "off",
				 e->why ? e->why : "-");
		if (!e->on)
			assert_non_null(e->why);
	}
	if (loads)
		assert_string_equal(v->reason, "");
	else
		assert_true(v->reason[0] != '\0');
	for (unsigned i = 0; reasons && i < MAX_REASONS && reasons[i]; i++)
		if (!strstr(v->reason, reasons[i]))
			fail_msg("%s: reason lacks '%s': %s", what, reasons[i], v->reason);
}

/* ---- the 13 Bochs models ------------------------------------------------- */
struct model_expect {
	const char *model;
	bool loads;
	unsigned on;		/* host unknown: KVM assumes a 5 GHz TSC */
	unsigned on_slow_tsc;	/* host TSC 4 MHz: a rate-0 preemption timer is kept */
	const char *reasons[MAX_REASONS];
};

/*
 * All models: no posted interrupts (pin allowed-1 bit 7 clear), so no APICv;
 * VMX-preemption timer rate 0 in IA32_VMX_MISC, so the timer is dropped at
 * an unknown (5 GHz) TSC and kept at 4 MHz where pin bit 6 is allowed.
 */
static const struct model_expect model_expects[] = {
	{ "broadwell_ult", true, EPT | EPT_AD | VPID | UG | FLEX | SHADOW | PLE,
	  EPT | EPT_AD | VPID | UG | FLEX | SHADOW | PLE | PREEMPT, { NULL } },
	/* secondary controls: virtualize APIC accesses, RDTSCP, WBINVD exiting */
	{ "bx_generic", true, FLEX, FLEX, { NULL } },
	{ "core2_penryn_t9600", true, FLEX, FLEX, { NULL } },
	/* 32-bit only: every missing required bit and BASIC[48] named */
	{ "core_duo_t2400_yonah", false, 0, 0,
	  { "IA32_VMX_PROCBASED_CTLS lacks required CR8-load exiting, CR8-store exiting",
	    "IA32_VMX_EXIT_CTLS lacks required Host address-space size",
	    "IA32_VMX_ENTRY_CTLS lacks required IA-32e mode guest",
	    "IA32_VMX_BASIC[48]", NULL } },
	{ "corei3_cnl", true, EPT | EPT_AD | VPID | UG | FLEX | SHADOW | TSCS | PLE,
	  EPT | EPT_AD | VPID | UG | FLEX | SHADOW | TSCS | PLE | PREEMPT, { NULL } },
	{ "corei5_arrandale_m520", true, EPT | VPID | UG | FLEX,
	  EPT | VPID | UG | FLEX | PREEMPT, { NULL } },
	/* no Unrestricted guest in PROCBASED_CTLS2 */
	{ "corei5_lynnfield_750", true, EPT | VPID | FLEX, EPT | VPID | FLEX | PREEMPT, { NULL } },
	{ "corei7_haswell_4770", true, EPT | EPT_AD | VPID | UG | FLEX | SHADOW | PLE,
	  EPT | EPT_AD | VPID | UG | FLEX | SHADOW | PLE | PREEMPT, { NULL } },
	{ "corei7_icelake_u", true, EPT | EPT_AD | VPID | UG | FLEX | PML | SHADOW | TSCS | PLE,
	  EPT | EPT_AD | VPID | UG | FLEX | PML | SHADOW | TSCS | PLE | PREEMPT, { NULL } },
	{ "corei7_ivy_bridge_3770k", true, EPT | VPID | UG | FLEX,
	  EPT | VPID | UG | FLEX | PREEMPT, { NULL } },
	{ "corei7_sandy_bridge_2600k", true, EPT | VPID | UG | FLEX,
	  EPT | VPID | UG | FLEX | PREEMPT, { NULL } },
	{ "corei7_skylake_x", true, EPT | EPT_AD | VPID | UG | FLEX | PML | SHADOW | TSCS | PLE,
	  EPT | EPT_AD | VPID | UG | FLEX | PML | SHADOW | TSCS | PLE | PREEMPT, { NULL } },
	{ "tigerlake", true, EPT | EPT_AD | VPID | UG | FLEX | PML | SHADOW | TSCS | PLE,
	  EPT | EPT_AD | VPID | UG | FLEX | PML | SHADOW | TSCS | PLE | PREEMPT, { NULL } },
};

static void model_case(void **state)
{
	const struct model *m = *state;
	const struct model_expect *e = NULL;
	struct kvm_vmx_host slow = { .tsc_khz = 4000 };
	struct kvm_verdict v;
	struct vmx_caps c;

	for (unsigned i = 0; i < ARRAY_SIZE(model_expects); i++)
		if (!strcmp(model_expects[i].model, m->name))
			e = &model_expects[i];
	if (!e)
		fail_msg("model %s has no expectation: add it to model_expects[]", m->name);
	assert_int_equal(load_model(m->path, &c), 0);
	assert_int_equal(kvm_vmx_evaluate(&c, &v), e->loads ? 0 : -1);
	check_verdict(m->name, &v, e->loads, e->on, e->reasons);
	assert_int_equal(kvm_vmx_evaluate_host(&c, &slow, &v, NULL), e->loads ? 0 : -1);
	check_verdict(m->name, &v, e->loads, e->on_slow_tsc, e->reasons);
}

/* Every model has a row and every row a model: 13 models, none forgotten. */
static void all_models_covered(void **state)
{
	static struct model models[MAX_MODELS];
	int n = list_models(models, MAX_MODELS);

	(void)state;
	assert_int_equal(n, 13);
	for (unsigned i = 0; i < ARRAY_SIZE(model_expects); i++)
		if (!find_model(models, n, model_expects[i].model))
			fail_msg("no testdata for %s", model_expects[i].model);
}

/* ---- real CPUs ------------------------------------------------------------ */
struct real_case {
	const char *name;	/* file in vmx-msrs-real, without .txt */
	struct kvm_vmx_host host;
	bool loads;
	unsigned on;
	const char *reasons[MAX_REASONS];
};

static const struct real_case real_cases[] = {
	/* Yonah: no long mode, no 64-bit host controls, no CR8 exiting, BASIC[48] */
	{ "core_duo_t2600", { true, 0x6e8, true, false, 2167000 }, false, 0,
	  { "no long mode", "CR8-load exiting, CR8-store exiting",
	    "IA32_VMX_EXIT_CTLS lacks required Host address-space size",
	    "IA32_VMX_ENTRY_CTLS lacks required IA-32e mode guest",
	    "IA32_VMX_BASIC[48]", NULL } },
	/* Conroe: loads with nothing optional (no secondary controls at all) */
	{ "core2_x6800", { true, 0x6f6, true, true, 2933000 }, true, 0, { NULL } },
	/* Penryn Xeon: virtualize APIC accesses + TPR shadow only */
	{ "xeon_x5482", { true, 0x10676, true, true, 3200000 }, true, FLEX, { NULL } },
	/* Ivy Bridge: EPT without A/D; timer rate 5 at 3.4 GHz is 106 MHz: kept */
	{ "corei5_3570", { true, 0x306a9, true, true, 3400000 }, true,
	  EPT | VPID | UG | FLEX | PREEMPT, { NULL } },
	/* Skylake client: no APIC-register virtualization / posted interrupts */
	{ "corei7_6700k", { true, 0x506e3, true, true, 4000000 }, true,
	  EPT | EPT_AD | VPID | UG | FLEX | PML | SHADOW | PREEMPT | PLE, { NULL } },
};

static int load_real(const char *name, struct vmx_caps *c)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/vmx-msrs-real/%s.txt", testdata_dir(), name);
	return load_model(path, c);
}

static void real_case(void **state)
{
	const struct real_case *r = *state;
	struct kvm_verdict v;
	struct vmx_caps c;

	if (load_real(r->name, &c))
		fail_msg("cannot load vmx-msrs-real/%s.txt", r->name);
	assert_int_equal(kvm_vmx_evaluate_host(&c, &r->host, &v, NULL), r->loads ? 0 : -1);
	check_verdict(r->name, &v, r->loads, r->on, r->reasons);
}

/* ---- crafted capability values -------------------------------------------- */
/*
 * A CPU with everything kvm_intel can use: TRUE controls, all 11 features
 * (posted interrupts, APICv, PML, VMCS shadowing, TSC scaling, PLE), timer
 * rate 5, EPT/VPID caps of a Skylake.
 */
static void base_caps(struct vmx_caps *c)
{
	vmx_caps_init(c);
	vmx_caps_set(c, MSR_IA32_FEATURE_CONTROL, 0x5);
	vmx_caps_set(c, MSR_IA32_VMX_BASIC, 0xda040000000004ull);
	vmx_caps_set(c, MSR_IA32_VMX_PINBASED_CTLS, 0xff00000016ull);
	vmx_caps_set(c, MSR_IA32_VMX_PROCBASED_CTLS, 0xfff9fffe0401e172ull);
	vmx_caps_set(c, MSR_IA32_VMX_EXIT_CTLS, 0x1ffffff00036dffull);
	vmx_caps_set(c, MSR_IA32_VMX_ENTRY_CTLS, 0x3ffff000011ffull);
	vmx_caps_set(c, MSR_IA32_VMX_MISC, 0x7004c1e5ull);
	vmx_caps_set(c, MSR_IA32_VMX_CR0_FIXED0, 0x80000021ull);
	vmx_caps_set(c, MSR_IA32_VMX_CR0_FIXED1, 0xffffffffull);
	vmx_caps_set(c, MSR_IA32_VMX_CR4_FIXED0, 0x2000ull);
	vmx_caps_set(c, MSR_IA32_VMX_CR4_FIXED1, 0x3727ffull);
	vmx_caps_set(c, MSR_IA32_VMX_VMCS_ENUM, 0x2eull);
	vmx_caps_set(c, MSR_IA32_VMX_PROCBASED_CTLS2, 0x02ffffff00000000ull);
	vmx_caps_set(c, MSR_IA32_VMX_EPT_VPID_CAP, 0xf0106334141ull);
	vmx_caps_set(c, MSR_IA32_VMX_TRUE_PINBASED_CTLS, 0xff00000016ull);
	vmx_caps_set(c, MSR_IA32_VMX_TRUE_PROCBASED_CTLS, 0xfff9fffe04006172ull);
	vmx_caps_set(c, MSR_IA32_VMX_TRUE_EXIT_CTLS, 0x1ffffff00036dfbull);
	vmx_caps_set(c, MSR_IA32_VMX_TRUE_ENTRY_CTLS, 0x3ffff000011fbull);
}

#define HI(x)	((uint64_t)(x) << 32)

enum edit_kind { EDIT, DROP, FAULT };
struct edit {
	uint32_t msr;		/* 0 ends the list */
	uint64_t clear, set;
	enum edit_kind kind;
};

struct craft_case {
	const char *name;
	struct edit edits[4];
	struct kvm_vmx_host host;	/* zero: unknown */
	bool loads;
	unsigned on;
	const char *reasons[MAX_REASONS];
	const char *why_name, *why;	/* an off entry and a substring of its why */
};

static const struct craft_case craft_cases[] = {
	{ "all_features", { { 0 } }, { 0 }, true, ALL, { NULL }, NULL, NULL },
	/* EPT cap 0x101: execute-only and UC, no 4-level walk, no WB, no INVEPT */
	{ "ept_cap_0x101", { { MSR_IA32_VMX_EPT_VPID_CAP, 0xffffffffull, 0x101, EDIT } }, { 0 },
	  true, ALL & ~(EPT | EPT_AD | UG | PML), { NULL }, "ept", "4-level" },
	{ "ept_no_wb", { { MSR_IA32_VMX_EPT_VPID_CAP, VMX_EPTP_WB_BIT, 0, EDIT } }, { 0 },
	  true, ALL & ~(EPT | EPT_AD | UG | PML), { NULL }, "ept", "write-back" },
	/* 6.12 wants the all-context type; single-context alone is not enough */
	{ "ept_no_invept_global", { { MSR_IA32_VMX_EPT_VPID_CAP, VMX_EPT_EXTENT_GLOBAL_BIT, 0,
				      EDIT } }, { 0 },
	  true, ALL & ~(EPT | EPT_AD | UG | PML), { NULL }, "ept", "all-context INVEPT" },
	{ "ept_no_invept", { { MSR_IA32_VMX_EPT_VPID_CAP, VMX_EPT_INVEPT_BIT |
			       VMX_EPT_EXTENT_CONTEXT_BIT | VMX_EPT_EXTENT_GLOBAL_BIT, 0, EDIT } },
	  { 0 }, true, ALL & ~(EPT | EPT_AD | UG | PML), { NULL }, "unrestricted_guest", "EPT off" },
	{ "ept_no_ad", { { MSR_IA32_VMX_EPT_VPID_CAP, VMX_EPT_AD_BIT, 0, EDIT } }, { 0 },
	  true, ALL & ~(EPT_AD | PML), { NULL }, "pml", "A/D" },
	{ "ept_5level_only_extra", { { MSR_IA32_VMX_EPT_VPID_CAP, 0, VMX_EPT_PAGE_WALK_5_BIT,
				       EDIT } }, { 0 }, true, ALL, { NULL }, NULL, NULL },
	{ "vpid_without_invvpid", { { MSR_IA32_VMX_EPT_VPID_CAP, HI(VMX_VPID_INVVPID_BIT), 0,
				      EDIT } }, { 0 },
	  true, ALL & ~VPID, { NULL }, "vpid", "no INVVPID" },
	{ "vpid_individual_address_only",
	  { { MSR_IA32_VMX_EPT_VPID_CAP, HI(VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT |
					    VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT), 0, EDIT } }, { 0 },
	  true, ALL & ~VPID, { NULL }, "vpid", "single- or all-context" },
	{ "vpid_all_context_only", { { MSR_IA32_VMX_EPT_VPID_CAP,
				       HI(VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT), 0, EDIT } }, { 0 },
	  true, ALL, { NULL }, NULL, NULL },
	{ "missing_cr8_exiting", { { MSR_IA32_VMX_PROCBASED_CTLS,
				     HI(CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING),
				     0, EDIT } }, { 0 }, false, 0,
	  { "IA32_VMX_PROCBASED_CTLS lacks required CR8-load exiting, CR8-store exiting", NULL },
	  NULL, NULL },
	/* kvm_intel reads the legacy MSRs: a TRUE MSR's allowed-1 does not matter */
	{ "true_msr_ignored", { { MSR_IA32_VMX_TRUE_PROCBASED_CTLS, HI(CPU_BASED_HLT_EXITING), 0,
				  EDIT } }, { 0 }, true, ALL, { NULL }, NULL, NULL },
	{ "legacy_msr_governs", { { MSR_IA32_VMX_PROCBASED_CTLS, HI(CPU_BASED_HLT_EXITING), 0,
				    EDIT } }, { 0 }, false, 0,
	  { "IA32_VMX_PROCBASED_CTLS lacks required HLT exiting", NULL }, NULL, NULL },
	{ "two_words_missing", { { MSR_IA32_VMX_EXIT_CTLS, HI(VM_EXIT_ACK_INTR_ON_EXIT), 0, EDIT },
				 { MSR_IA32_VMX_PINBASED_CTLS, HI(PIN_BASED_NMI_EXITING), 0, EDIT } },
	  { 0 }, false, 0,
	  { "IA32_VMX_EXIT_CTLS lacks required Acknowledge interrupt on exit",
	    "IA32_VMX_PINBASED_CTLS lacks required NMI exiting", NULL }, NULL, NULL },
	{ "no_posted_interrupts", { { MSR_IA32_VMX_PINBASED_CTLS, HI(PIN_BASED_POSTED_INTR), 0,
				      EDIT } }, { 0 },
	  true, ALL & ~APICV, { NULL }, "apicv", "posted" },
	/* no TPR shadow: no flexpriority, and APIC virtualization bits are dropped */
	{ "no_tpr_shadow", { { MSR_IA32_VMX_PROCBASED_CTLS, HI(CPU_BASED_TPR_SHADOW), 0, EDIT } },
	  { 0 }, true, ALL & ~(FLEX | APICV), { NULL }, "apicv", "APIC-register virtualization" },
	{ "no_vid_drops_posted", { { MSR_IA32_VMX_PROCBASED_CTLS2,
				     HI(SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY), 0, EDIT } }, { 0 },
	  true, ALL & ~APICV, { NULL }, "apicv", "virtual-interrupt delivery" },
	{ "no_virtualize_apic_accesses", { { MSR_IA32_VMX_PROCBASED_CTLS2,
					     HI(SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES), 0,
					     EDIT } }, { 0 },
	  true, ALL & ~FLEX, { NULL }, "flexpriority", "Virtualize APIC accesses" },
	{ "no_unrestricted_guest", { { MSR_IA32_VMX_PROCBASED_CTLS2,
				       HI(SECONDARY_EXEC_UNRESTRICTED_GUEST), 0, EDIT } }, { 0 },
	  true, ALL & ~UG, { NULL }, "unrestricted_guest", "no Unrestricted guest" },
	{ "shadow_vmcs_without_misc29", { { MSR_IA32_VMX_MISC, VMX_MISC_VMWRITE_SHADOW_RO_FIELDS, 0,
					    EDIT } }, { 0 },
	  true, ALL & ~SHADOW, { NULL }, "shadow_vmcs", "VMWRITE" },
	{ "no_pml_no_tsc_scaling_no_ple",
	  { { MSR_IA32_VMX_PROCBASED_CTLS2, HI(SECONDARY_EXEC_ENABLE_PML |
					       SECONDARY_EXEC_TSC_SCALING |
					       SECONDARY_EXEC_PAUSE_LOOP_EXITING), 0, EDIT } },
	  { 0 }, true, ALL & ~(PML | TSCS | PLE), { NULL }, "ple", "PAUSE-loop exiting" },
	/* error_on_inconsistent_vmcs_config: caps without their control are fatal */
	{ "ept_caps_without_ept_control", { { MSR_IA32_VMX_PROCBASED_CTLS2,
					      HI(SECONDARY_EXEC_ENABLE_EPT), 0, EDIT } }, { 0 },
	  false, 0, { "reports EPT capabilities", NULL }, NULL, NULL },
	{ "vpid_caps_without_vpid_control", { { MSR_IA32_VMX_PROCBASED_CTLS2,
						HI(SECONDARY_EXEC_ENABLE_VPID), 0, EDIT } }, { 0 },
	  false, 0, { "reports VPID capabilities", NULL }, NULL, NULL },
	{ "no_secondary_controls_with_caps",
	  { { MSR_IA32_VMX_PROCBASED_CTLS, HI(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS), 0, EDIT } },
	  { 0 }, false, 0, { "Enable EPT cannot be set", "Enable VPID cannot be set", NULL },
	  NULL, NULL },
	{ "no_secondary_controls_no_caps",
	  { { MSR_IA32_VMX_PROCBASED_CTLS, HI(CPU_BASED_ACTIVATE_SECONDARY_CONTROLS), 0, EDIT },
	    { MSR_IA32_VMX_EPT_VPID_CAP, 0, 0, DROP } },
	  { 0 }, true, PREEMPT, { NULL }, "ept", "no Enable EPT" },
	{ "inconsistent_pat_pair", { { MSR_IA32_VMX_EXIT_CTLS, HI(VM_EXIT_LOAD_IA32_PAT), 0,
				       EDIT } }, { 0 }, false, 0,
	  { "entry Load IA32_PAT allowed, exit Load IA32_PAT not allowed", NULL }, NULL, NULL },
	{ "consistent_efer_pair_absent", { { MSR_IA32_VMX_EXIT_CTLS, HI(VM_EXIT_LOAD_IA32_EFER), 0,
					     EDIT },
					   { MSR_IA32_VMX_ENTRY_CTLS, HI(VM_ENTRY_LOAD_IA32_EFER), 0,
					     EDIT } }, { 0 }, true, ALL, { NULL }, NULL, NULL },
	{ "basic_32bit_addresses", { { MSR_IA32_VMX_BASIC, 0, VMX_BASIC_32BIT_PHYS_ADDR_ONLY,
				       EDIT } }, { 0 }, false, 0,
	  { "IA32_VMX_BASIC[48]", NULL }, NULL, NULL },
	{ "basic_uncacheable", { { MSR_IA32_VMX_BASIC, VMX_BASIC_MEM_TYPE_MASK, 0, EDIT } }, { 0 },
	  false, 0, { "memory type 0 is not write-back", NULL }, NULL, NULL },
	{ "basic_vmcs_6k", { { MSR_IA32_VMX_BASIC, VMX_BASIC_VMCS_SIZE_MASK, HI(0x1800), EDIT } },
	  { 0 }, false, 0, { "VMCS size 6144 exceeds 4096", NULL }, NULL, NULL },
	{ "feature_control_locked_off", { { MSR_IA32_FEATURE_CONTROL, ~0ull, FEAT_CTL_LOCKED,
					    EDIT } }, { 0 }, false, 0,
	  { "VMX disabled by the firmware", NULL }, NULL, NULL },
	/* unlocked: Linux locks it with VMX on itself */
	{ "feature_control_unlocked", { { MSR_IA32_FEATURE_CONTROL, ~0ull, 0, EDIT } }, { 0 },
	  true, ALL, { NULL }, NULL, NULL },
	{ "feature_control_faults", { { MSR_IA32_FEATURE_CONTROL, 0, 0, FAULT } }, { 0 },
	  false, 0, { "IA32_FEATURE_CONTROL cannot be read", NULL }, NULL, NULL },
	{ "feature_control_unknown", { { MSR_IA32_FEATURE_CONTROL, 0, 0, DROP } }, { 0 },
	  true, ALL, { NULL }, NULL, NULL },
	{ "no_vmx_basic", { { MSR_IA32_VMX_BASIC, 0, 0, DROP } }, { 0 }, false, 0,
	  { "no VMX capability MSRs", NULL }, NULL, NULL },
	/* preemption timer: TSC Hz >> rate must stay <= 0xffffffff / 10 = 429496729 */
	{ "timer_rate0_tsc_429496khz", { { MSR_IA32_VMX_MISC, 0x1f, 0, EDIT } },
	  { .tsc_khz = 429496 }, true, ALL, { NULL }, NULL, NULL },
	{ "timer_rate0_tsc_429497khz", { { MSR_IA32_VMX_MISC, 0x1f, 0, EDIT } },
	  { .tsc_khz = 429497 }, true, ALL & ~PREEMPT, { NULL }, "preemption_timer", "10 s" },
	{ "timer_rate3_unknown_tsc", { { MSR_IA32_VMX_MISC, 0x1f, 3, EDIT } }, { 0 },
	  true, ALL & ~PREEMPT, { NULL }, "preemption_timer", "too fast" },
	{ "timer_rate4_unknown_tsc", { { MSR_IA32_VMX_MISC, 0x1f, 4, EDIT } }, { 0 },
	  true, ALL, { NULL }, NULL, NULL },
	{ "timer_absent", { { MSR_IA32_VMX_PINBASED_CTLS, HI(PIN_BASED_VMX_PREEMPTION_TIMER), 0,
			      EDIT } }, { 0 }, true, ALL & ~PREEMPT, { NULL },
	  "preemption_timer", "no Activate VMX-preemption timer" },
	/* errata list: Xeon E3-1220 V2 (0x306a8), reserved EAX bits ignored */
	{ "timer_erratum_306a8", { { 0 } }, { true, 0x306a8, true, true, 3100000 },
	  true, ALL & ~PREEMPT, { NULL }, "preemption_timer", "erratum" },
	{ "timer_erratum_reserved_bits", { { 0 } }, { true, 0xf000c000 | 0x106a5, true, true, 0 },
	  true, ALL & ~PREEMPT, { NULL }, "preemption_timer", "erratum" },
	{ "timer_no_erratum_306a9", { { 0 } }, { true, 0x306a9, true, true, 3400000 },
	  true, ALL, { NULL }, NULL, NULL },
	/* shadow paging (EPT unusable) needs NX */
	{ "no_nx_without_ept", { { MSR_IA32_VMX_EPT_VPID_CAP, 0xffffffffull, 0x101, EDIT } },
	  { true, 0x506e3, false, true, 0 }, false, 0,
	  { "shadow paging needs NX", NULL }, NULL, NULL },
	{ "no_nx_with_ept", { { 0 } }, { true, 0x506e3, false, true, 0 }, true, ALL, { NULL },
	  NULL, NULL },
	{ "no_long_mode", { { 0 } }, { true, 0x506e3, true, false, 0 }, false, 0,
	  { "no long mode", NULL }, NULL, NULL },
};

static void apply_edits(struct vmx_caps *c, const struct edit *e, unsigned n)
{
	for (unsigned i = 0; i < n && e[i].msr; i++) {
		int s = vmx_caps_slot(e[i].msr);

		assert_true(s >= 0);
		switch (e[i].kind) {
		case EDIT:
			vmx_caps_set(c, e[i].msr, (vmx_caps_get(c, e[i].msr) & ~e[i].clear) | e[i].set);
			break;
		case DROP:
			c->present &= ~(1u << s);
			break;
		case FAULT:
			c->present &= ~(1u << s);
			c->faulted |= 1u << s;
			break;
		}
	}
}

static void craft_case(void **state)
{
	const struct craft_case *k = *state;
	struct kvm_verdict v;
	struct vmx_caps c;

	base_caps(&c);
	apply_edits(&c, k->edits, ARRAY_SIZE(k->edits));
	assert_int_equal(kvm_vmx_evaluate_host(&c, &k->host, &v, NULL), k->loads ? 0 : -1);
	check_verdict(k->name, &v, k->loads, k->on, k->reasons);
	if (k->why_name) {
		const struct kvm_enable *e = kvm_verdict_find(&v, k->why_name);

		assert_non_null(e);
		assert_false(e->on);
		if (!e->why || !strstr(e->why, k->why))
			fail_msg("%s: %s's why '%s' lacks '%s'", k->name, k->why_name,
				 e->why ? e->why : "(null)", k->why);
	}
}

/* No required bit allowed at all: all 20 are named, nothing truncated. */
static void every_required_bit_named(void **state)
{
	static const char *const names[] = {
		"External-interrupt exiting", "NMI exiting",
		"Interrupt-window exiting", "Use TSC offsetting", "HLT exiting",
		"INVLPG exiting", "MWAIT exiting", "RDPMC exiting", "CR3-load exiting",
		"CR3-store exiting", "CR8-load exiting", "CR8-store exiting",
		"MOV-DR exiting", "Unconditional I/O exiting", "MONITOR exiting",
		"Save debug controls", "Host address-space size",
		"Acknowledge interrupt on exit", "Load debug controls", "IA-32e mode guest",
	};
	struct kvm_verdict v;
	struct vmx_caps c;
	size_t len;

	(void)state;
	base_caps(&c);
	/* nothing allowed, nothing forced (allowed-0 would force CR3 exiting) */
	vmx_caps_set(&c, MSR_IA32_VMX_PINBASED_CTLS, 0);
	vmx_caps_set(&c, MSR_IA32_VMX_PROCBASED_CTLS, 0);
	vmx_caps_set(&c, MSR_IA32_VMX_EXIT_CTLS, 0);
	vmx_caps_set(&c, MSR_IA32_VMX_ENTRY_CTLS, 0);
	vmx_caps_set(&c, MSR_IA32_VMX_EPT_VPID_CAP, 0);
	assert_int_equal(kvm_vmx_evaluate(&c, &v), -1);
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (!strstr(v.reason, names[i]))
			fail_msg("reason lacks '%s': %s", names[i], v.reason);
	len = strlen(v.reason);
	assert_true(len < sizeof(v.reason) - 1);
	assert_false(len >= 3 && !strcmp(v.reason + len - 3, "..."));
}

/* ---- vendor-neutral verdict: print, JSON, limits -------------------------- */
static char obuf[8192];
static struct out_buf ob;

static struct out *obuf_reset(void)
{
	out_buf_init(&ob, obuf, sizeof(obuf));
	return &ob.out;
}

static void print_bochs_skylake(void **state)
{
	static struct model models[MAX_MODELS];
	int n = list_models(models, MAX_MODELS);
	const struct model *m = find_model(models, n, "corei7_skylake_x");
	struct kvm_verdict v;
	struct vmx_caps c;

	(void)state;
	assert_non_null(m);
	assert_int_equal(load_model(m->path, &c), 0);
	assert_int_equal(kvm_vmx_evaluate(&c, &v), 0);
	kvm_verdict_print(obuf_reset(), &v);
	assert_string_equal(obuf,
		"kvm: Linux 6.12 kvm_intel would load: ept ept_ad vpid unrestricted_guest "
		"flexpriority pml shadow_vmcs tsc_scaling ple\n"
		"kvm: Linux 6.12 kvm_intel would leave off: apicv (no posted interrupts), "
		"preemption_timer (timer too fast for the TSC: a parked timer would fire "
		"within 10 s)\n");
}

static void print_not_loading(void **state)
{
	struct kvm_verdict v;

	(void)state;
	kvm_verdict_init(&v, "kvm_intel", "6.12");
	kvm_verdict_set(&v, "ept", true, NULL);
	kvm_verdict_fail(&v, "first %d", 1);
	kvm_verdict_fail(&v, "second");
	kvm_verdict_all_off(&v);
	kvm_verdict_print(obuf_reset(), &v);
	assert_string_equal(obuf, "kvm: Linux 6.12 kvm_intel would NOT load: first 1; second\n");
}

static void print_nothing_optional(void **state)
{
	struct kvm_verdict v;

	(void)state;
	kvm_verdict_init(&v, "kvm_amd", "6.12");
	kvm_verdict_set(&v, "npt", false, "no NPT");
	kvm_verdict_print(obuf_reset(), &v);
	assert_string_equal(obuf, "kvm: Linux 6.12 kvm_amd would load: no optional feature\n"
				  "kvm: Linux 6.12 kvm_amd would leave off: npt (no NPT)\n");
}

static void json_loads(void **state)
{
	struct kvm_verdict v;
	struct vmx_caps c;
	struct json j;

	(void)state;
	base_caps(&c);
	assert_int_equal(kvm_vmx_evaluate(&c, &v), 0);
	json_init(&j, obuf_reset());
	json_obj_begin(&j, NULL);
	kvm_verdict_json(&j, &v);
	json_obj_end(&j);
	assert_string_equal(obuf,
		"{\"kvm\":{\"module\":\"kvm_intel\",\"kernel\":\"6.12\",\"loads\":true,"
		"\"enable\":{\"ept\":true,\"ept_ad\":true,\"vpid\":true,"
		"\"unrestricted_guest\":true,\"flexpriority\":true,\"apicv\":true,"
		"\"pml\":true,\"shadow_vmcs\":true,\"preemption_timer\":true,"
		"\"tsc_scaling\":true,\"ple\":true},\"quirks\":[]}}");
}

static void json_not_loading(void **state)
{
	struct kvm_verdict v;
	struct vmx_caps c;
	struct json j;

	(void)state;
	base_caps(&c);
	vmx_caps_set(&c, MSR_IA32_VMX_BASIC,
		     vmx_caps_get(&c, MSR_IA32_VMX_BASIC) | VMX_BASIC_32BIT_PHYS_ADDR_ONLY);
	assert_int_equal(kvm_vmx_evaluate(&c, &v), -1);
	json_init(&j, obuf_reset());
	json_obj_begin(&j, NULL);
	kvm_verdict_json(&j, &v);
	json_obj_end(&j);
	assert_string_equal(obuf,
		"{\"kvm\":{\"module\":\"kvm_intel\",\"kernel\":\"6.12\",\"loads\":false,"
		"\"reason\":\"IA32_VMX_BASIC[48] set: VMX structures limited to 32-bit physical "
		"addresses, refused by a 64-bit kernel\","
		"\"enable\":{\"ept\":false,\"ept_ad\":false,\"vpid\":false,"
		"\"unrestricted_guest\":false,\"flexpriority\":false,\"apicv\":false,"
		"\"pml\":false,\"shadow_vmcs\":false,\"preemption_timer\":false,"
		"\"tsc_scaling\":false,\"ple\":false},\"quirks\":[]}}");
}

static void verdict_limits(void **state)
{
	static struct kvm_verdict v;
	static const char *const names[KVM_VERDICT_MAX_ENABLE + 1] = {
		"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
	};
	char chunk[101];
	size_t len;

	(void)state;
	kvm_verdict_init(&v, "kvm_amd", "6.12");
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		kvm_verdict_set(&v, names[i], true, NULL);
	assert_int_equal(v.nr_enable, KVM_VERDICT_MAX_ENABLE);
	assert_null(kvm_verdict_find(&v, "q"));
	kvm_verdict_set(&v, "c", false, "why c");
	assert_int_equal(v.nr_enable, KVM_VERDICT_MAX_ENABLE);
	assert_false(kvm_verdict_find(&v, "c")->on);
	assert_string_equal(kvm_verdict_find(&v, "c")->why, "why c");
	assert_true(v.loads);

	memset(chunk, 'x', 100);
	chunk[100] = '\0';
	for (int i = 0; i < 20; i++)
		kvm_verdict_fail(&v, "%s", chunk);
	assert_false(v.loads);
	len = strlen(v.reason);
	assert_int_equal(len, KVM_VERDICT_REASON_LEN - 1);
	assert_string_equal(v.reason + len - 3, "...");
	kvm_verdict_fail(&v, "more");
	assert_int_equal(strlen(v.reason), KVM_VERDICT_REASON_LEN - 1);
	assert_string_equal(v.reason + len - 3, "...");
}

/* ---- vmxdecode --json ------------------------------------------------------ */
static char logtext[8192], jsonout[16384];

/* A model's MSRs as the kernel's serial log prints them. */
static size_t model_log(const char *name)
{
	static struct model models[MAX_MODELS];
	int n = list_models(models, MAX_MODELS);
	const struct model *m = find_model(models, n, name);
	struct out_buf b;
	struct vmx_caps c;

	assert_non_null(m);
	assert_int_equal(load_model(m->path, &c), 0);
	out_buf_init(&b, logtext, sizeof(logtext));
	oputs(&b.out, "[cpu0] picovisor boot\r\n");
	vmx_caps_print_log(&b.out, &c);
	assert_int_equal(b.lost, 0);
	return b.len;
}

static const char *decode(const char *text, size_t len, int *rc, struct vmx_parse_result *r)
{
	struct out_buf b;

	out_buf_init(&b, jsonout, sizeof(jsonout));
	*rc = vmx_decode_json(&b.out, text, len, r);
	assert_int_equal(b.lost, 0);
	return jsonout;
}

static void decode_json_skylake(void **state)
{
	struct vmx_parse_result r;
	size_t len = model_log("corei7_skylake_x");
	const char *out;
	int rc;

	(void)state;
	out = decode(logtext, len, &rc, &r);
	assert_int_equal(rc, 0);
	static const char start[] = "{\"vmx\":{\"msrs\":{\"0x480\":\"0xd810000000002b\","
				    "\"0x481\":\"0x7f00000016\",";

	if (strncmp(out, start, sizeof(start) - 1))
		fail_msg("unexpected start: %.120s", out);
	assert_non_null(strstr(out, ",\"0x491\":\"0x1\",\"0x3a\":\"0x5\"},"));
	assert_non_null(strstr(out, "\"vmcs_config\":{\"revision_id\":43,\"size\":4096,"));
	assert_non_null(strstr(out, "\"ept\":true,\"vpid\":true,\"unrestricted_guest\":true},"
				    "\"kvm\":{\"module\":\"kvm_intel\",\"kernel\":\"6.12\","
				    "\"loads\":true,\"enable\":{\"ept\":true,\"ept_ad\":true,"
				    "\"vpid\":true,\"unrestricted_guest\":true,"
				    "\"flexpriority\":true,\"apicv\":false,\"pml\":true,"
				    "\"shadow_vmcs\":true,\"preemption_timer\":false,"
				    "\"tsc_scaling\":true,\"ple\":true},\"quirks\":[]}}\n"));
	assert_int_equal(strlen(out), (size_t)(strstr(out, "]}}\n") - out) + 4);
}

/*
 * kvm_intel's quirk tables by CPU signature: every vmx_preemption_cpu_tfms[]
 * entry and every cpu_has_perf_global_ctrl_bug() model names its quirk;
 * their neighbours (the next stepping or model) must not.
 */
struct quirk_case {
	const char *name;
	uint32_t signature;
	bool timer, perf;
};

static const struct quirk_case quirk_cases[] = {
	{ "tfms_206e6_nehalem_ex_d0", 0x000206e6, true, true },
	{ "tfms_20652_westmere_c2", 0x00020652, true, true },
	{ "tfms_20655_westmere_k0", 0x00020655, true, true },
	{ "tfms_106e5_lynnfield_b1", 0x000106e5, true, true },
	{ "tfms_106a0_bloomfield_c0", 0x000106a0, true, true },
	{ "tfms_106a1_bloomfield_c1", 0x000106a1, true, true },
	{ "tfms_106a4_bloomfield_c0", 0x000106a4, true, true },
	{ "tfms_106a5_bloomfield_d0", 0x000106a5, true, true },
	{ "tfms_306a8_ivybridge_e3", 0x000306a8, true, false },
	{ "tfms_reserved_bits_ignored", 0xf000c000 | 0x000106a5, true, true },
	{ "tfms_next_stepping_206e7", 0x000206e7, false, true },
	{ "tfms_prev_stepping_206e5", 0x000206e5, false, true },
	{ "tfms_next_stepping_20653", 0x00020653, false, true },
	{ "tfms_next_stepping_106e6", 0x000106e6, false, true },
	{ "tfms_next_stepping_106a2", 0x000106a2, false, true },
	{ "tfms_next_stepping_306a9", 0x000306a9, false, false },
	{ "tfms_prev_stepping_306a7", 0x000306a7, false, false },
	{ "tfms_processor_type_1", 0x000106a5 | 0x1000, false, true },
	{ "perf_westmere_ep_2c", 0x000206c2, false, true },
	{ "perf_nehalem_ex_2e", 0x000206e0, false, true },
	{ "perf_dunnington_1d_no", 0x000106d1, false, false },
	{ "perf_model_1f_no", 0x000106f0, false, false },
	{ "perf_model_24_no", 0x00020640, false, false },
	{ "perf_model_26_no", 0x00020660, false, false },
	{ "perf_sandybridge_2a_no", 0x000206a7, false, false },
	{ "perf_sandybridge_ep_2d_no", 0x000206d7, false, false },
	{ "perf_westmere_ex_2f_no", 0x000206f2, false, false },
	{ "perf_family_f_model_1a_no", 0x00010fa0, false, false },
	{ "skylake_none", 0x00050654, false, false },
};

static void quirk_case(void **state)
{
	const struct quirk_case *q = *state;
	struct kvm_vmx_host h = { true, q->signature, true, true, 3000000 };
	const struct kvm_quirk *t, *p;
	struct kvm_verdict v;
	struct vmx_caps c;

	base_caps(&c);
	assert_int_equal(kvm_vmx_preemption_timer_erratum(q->signature), q->timer);
	assert_int_equal(kvm_vmx_perf_global_ctrl_bug(q->signature), q->perf);
	assert_int_equal(kvm_vmx_evaluate_host(&c, &h, &v, NULL), 0);
	t = kvm_verdict_find_quirk(&v, "preemption_timer_erratum");
	p = kvm_verdict_find_quirk(&v, "perf_global_ctrl_erratum");
	assert_int_equal(t != NULL, q->timer);
	assert_int_equal(p != NULL, q->perf);
	assert_int_equal(v.nr_quirks, (unsigned)q->timer + (unsigned)q->perf);
	assert_int_equal(kvm_verdict_find(&v, "preemption_timer")->on, !q->timer);
	if (t)
		assert_non_null(strstr(t->effect, "preemption_timer is not used"));
	if (p)
		assert_non_null(strstr(p->effect, "(offered here)"));
	/* Unknown CPUID: no quirk at all. */
	assert_int_equal(kvm_vmx_evaluate(&c, &v), 0);
	assert_int_equal(v.nr_quirks, 0);
}

/* The console line and the report object for a CPU with both errata. */
static void quirk_output(void **state)
{
	struct kvm_vmx_host h = { true, 0x000106a5, true, true, 3000000 };
	struct kvm_verdict v;
	struct vmx_caps c;
	struct json j;

	(void)state;
	base_caps(&c);
	vmx_caps_set(&c, MSR_IA32_VMX_ENTRY_CTLS, 0x3ffff000011ffull & ~((uint64_t)
		     VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL << 32));
	assert_int_equal(kvm_vmx_evaluate_host(&c, &h, &v, NULL), -1);
	kvm_verdict_print(obuf_reset(), &v);
	assert_non_null(strstr(obuf, "kvm: Linux 6.12 kvm_intel quirk preemption_timer_erratum: "
				     "CPUID.1:EAX 0x000106a5 is in vmx_preemption_cpu_tfms[]"));
	assert_non_null(strstr(obuf, "\nkvm: Linux 6.12 kvm_intel quirk perf_global_ctrl_erratum: "
				     "family 6 model 0x1a (Nehalem/Westmere)"));
	assert_non_null(strstr(obuf, "(not offered here anyway)"));
	json_init(&j, obuf_reset());
	json_obj_begin(&j, NULL);
	kvm_verdict_json(&j, &v);
	json_obj_end(&j);
	assert_non_null(strstr(obuf, "\"quirks\":[{\"name\":\"preemption_timer_erratum\","
				     "\"effect\":\"CPUID.1:EAX 0x000106a5 is in"));
	assert_non_null(strstr(obuf, "},{\"name\":\"perf_global_ctrl_erratum\",\"effect\":"));
}

/* The signature a captured log's "cpu:" line gives tools/vmxdecode. */
struct log_case {
	const char *name, *text;
	bool found;
	uint32_t signature;
};

static const struct log_case log_cases[] = {
	{ "westmere_ep", "x\n[cpu0] cpu: GenuineIntel \"Intel(R) Xeon(R) CPU X5670\" family 6 "
	  "model 44 stepping 2\nvmx: ...\n", true, 0x000206c2 },
	{ "skylake_x", "[cpu0] cpu: GenuineIntel \"Intel(R) Core(TM) i7-7800X CPU @ 3.50GHz\" "
	  "family 6 model 85 stepping 4", true, 0x00050654 },
	{ "ivybridge_e3", "[cpu0] cpu: GenuineIntel \"x\" family 6 model 58 stepping 8\n", true,
	  0x000306a8 },
	{ "netburst", "[cpu0] cpu: GenuineIntel \"x\" family 15 model 6 stepping 8\n", true,
	  0x00000f68 },
	{ "family_16_ext", "[cpu0] cpu: GenuineIntel \"x\" family 17 model 1 stepping 0\n", true,
	  0x00200f10 },
	{ "amd_ignored", "[cpu0] cpu: AuthenticAMD \"x\" family 23 model 1 stepping 2\n", false, 0 },
	{ "no_stepping", "[cpu0] cpu: GenuineIntel \"x\" family 6 model 85\n", false, 0 },
	{ "stepping_too_big", "[cpu0] cpu: GenuineIntel \"x\" family 6 model 85 stepping 16\n",
	  false, 0 },
	{ "empty", "", false, 0 },
};

static void log_case(void **state)
{
	const struct log_case *l = *state;
	struct kvm_vmx_host h = { false, 0xdead, false, false, 7 };

	assert_int_equal(kvm_vmx_host_from_log(l->text, strlen(l->text), &h), l->found);
	if (!l->found) {
		assert_int_equal(h.signature, 0xdead);
		return;
	}
	assert_true(h.cpuid_known && h.nx && h.lm);
	assert_int_equal(h.signature, l->signature);
	assert_int_equal(h.tsc_khz, 0);
}

static void decode_json_yonah(void **state)
{
	struct vmx_parse_result r;
	size_t len = model_log("core_duo_t2400_yonah");
	const char *out;
	int rc;

	(void)state;
	out = decode(logtext, len, &rc, &r);
	assert_int_equal(rc, 0);
	assert_null(strstr(out, "vmcs_config"));
	assert_null(strstr(out, "\"0x48c\""));
	assert_non_null(strstr(out, "\"ept\":false,\"vpid\":false,\"unrestricted_guest\":false},"
				    "\"kvm\":{\"module\":\"kvm_intel\",\"kernel\":\"6.12\","
				    "\"loads\":false,\"reason\":\"IA32_VMX_PROCBASED_CTLS lacks "
				    "required CR8-load exiting, CR8-store exiting; "));
}

static void decode_json_bad_input(void **state)
{
	static const char bad[] = "vmx: msr 0x00000480 = zz\n";
	static const char none[] = "no msr lines here\n";
	struct vmx_parse_result r;
	int rc;

	(void)state;
	decode(bad, sizeof(bad) - 1, &rc, &r);
	assert_int_equal(rc, -1);
	assert_string_equal(jsonout, "");
	assert_true(r.msg[0] != '\0');
	decode(none, sizeof(none) - 1, &rc, &r);
	assert_int_equal(rc, -1);
	assert_string_equal(jsonout, "");
}

int main(void)
{
	static struct model models[MAX_MODELS];
	static struct CMUnitTest tests[MAX_MODELS + 200];
	static char tnames[MAX_MODELS][96];
	int n = list_models(models, MAX_MODELS), t = 0;

	if (n == 0) {
		fprintf(stderr, "no testdata in %s/vmx-msrs (set PV_TESTDATA)\n", testdata_dir());
		return 1;
	}
	for (int i = 0; i < n; i++) {
		snprintf(tnames[i], sizeof(tnames[0]), "kvm_%.60s", models[i].name);
		tests[t++] = (struct CMUnitTest){ tnames[i], model_case, NULL, NULL, &models[i] };
	}
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(all_models_covered);
	ADD_TABLE_CASES(tests, t, real_cases, real_case);
	ADD_TABLE_CASES(tests, t, craft_cases, craft_case);
	ADD_TABLE_CASES(tests, t, quirk_cases, quirk_case);
	ADD_TABLE_CASES(tests, t, log_cases, log_case);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(quirk_output);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(every_required_bit_named);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(print_bochs_skylake);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(print_not_loading);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(print_nothing_optional);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(json_loads);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(json_not_loading);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(verdict_limits);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(decode_json_skylake);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(decode_json_yonah);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(decode_json_bad_input);
	return _cmocka_run_group_tests("kvm_vmx", tests, (size_t)t, NULL, NULL);
}
