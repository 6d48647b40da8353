/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/negotiate.c, vmx/pure/compat.c, vmx/pure/enable_checks.c: per-model negotiation
 * results (emulators.md), synthetic negotiation cases, EPT/VPID usability,
 * the per-CPU compare and CR fixing. IA32_FEATURE_CONTROL and PAT:
 * test_vmx_enable.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/table.h"
#include "test_vmx_common.h"
#include "arch/x86/msr-index.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/names.h"

static char logbuf[8192];
static struct out_buf lb;

static struct out *log_reset(void)
{
	out_buf_init(&lb, logbuf, sizeof(logbuf));
	return &lb.out;
}

/* ---- per model ---------------------------------------------------------- */
struct expect {
	const char *model;
	int rc;			/* setup_vmcs_config() */
	bool ept, vpid, ug;
	const char *log_has;	/* substring of the log, or NULL */
};

static const struct expect expects[] = {
	{ "corei7_skylake_x", 0, true, true, true, NULL },
	{ "corei7_icelake_u", 0, true, true, true, NULL },
	{ "tigerlake", 0, true, true, true, NULL },
	{ "corei3_cnl", 0, true, true, true, NULL },
	{ "broadwell_ult", 0, true, true, true, NULL },
	{ "corei7_haswell_4770", 0, true, true, true, NULL },
	{ "corei7_ivy_bridge_3770k", 0, true, true, true, NULL },
	{ "corei7_sandy_bridge_2600k", 0, true, true, true, NULL },
	{ "corei5_arrandale_m520", 0, true, true, true, NULL },
	{ "corei5_lynnfield_750", 0, true, true, false, NULL },
	{ "core2_penryn_t9600", 0, false, false, false, NULL },
	{ "bx_generic", 0, false, false, false, NULL },
	/* 32-bit only: no host address-space size, so no 64-bit host. */
	{ "core_duo_t2400_yonah", -1, false, false, false, "Host address-space size" },
};

static void model_case(void **state)
{
	const struct model *m = *state;
	const struct expect *e = NULL;
	struct vmcs_config cfg, cfg2;
	struct vmx_capability cap, cap2;
	struct vmx_caps c;

	for (unsigned i = 0; i < ARRAY_SIZE(expects); i++)
		if (!strcmp(expects[i].model, m->name))
			e = &expects[i];
	if (!e)
		fail_msg("model %s has no expectation: add it to expects[]", m->name);
	assert_int_equal(load_model(m->path, &c), 0);
	vmx_negotiate_reset_warn_once();
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), e->rc);
	if (e->log_has && !strstr(logbuf, e->log_has))
		fail_msg("%s: log lacks '%s': %s", m->name, e->log_has, logbuf);
	if (e->rc)
		return;
	assert_int_equal(!!(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_EPT), e->ept);
	assert_int_equal(!!(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_VPID), e->vpid);
	assert_int_equal(!!(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_UNRESTRICTED_GUEST), e->ug);
	/* Invariants of the chosen controls on every model that negotiates. */
	assert_int_equal(cfg.pin_based_exec_ctrl & PV_PIN_REQUIRED, PV_PIN_REQUIRED);
	assert_true(cfg.cpu_based_exec_ctrl & CPU_BASED_HLT_EXITING);
	assert_true(cfg.cpu_based_exec_ctrl & (CPU_BASED_USE_IO_BITMAPS | CPU_BASED_UNCOND_IO_EXITING));
	assert_true(cfg.vmexit_ctrl & VM_EXIT_HOST_ADDR_SPACE_SIZE);
	assert_false(cfg.vmexit_ctrl & VM_EXIT_ACK_INTR_ON_EXIT);
	assert_int_equal(cfg.revision_id, vmx_caps_get(&c, MSR_IA32_VMX_BASIC) & 0x7fffffff);
	assert_int_equal(cfg.size, 4096);
	if (!e->ept)
		assert_int_equal(cap.ept, 0);
	/* Every Bochs model with EPT / VPID has all-context INVEPT, single-context INVVPID. */
	assert_int_equal(cap.invept_type, e->ept ? VMX_EPT_EXTENT_GLOBAL : 0);
	assert_int_equal(cap.invvpid_type, e->vpid ? VMX_VPID_EXTENT_SINGLE_CONTEXT : 0);
	assert_null(strstr(logbuf, "not used"));
	/* Negotiating again on the same MSRs gives the same: compare finds 0. */
	assert_int_equal(setup_vmcs_config(&c, &cfg2, &cap2, NULL), 0);
	assert_int_equal(vmcs_config_compare(&cfg, &cfg2, &cap, &cap2, log_reset()), 0);
	assert_int_equal(lb.len, 0);
}

/* ---- synthetic capability sets ------------------------------------------ */
#define CTL(a0, a1) (((uint64_t)(a1) << 32) | (uint32_t)(a0))

/* A modern CPU: everything picovisor asks for is available. */
static void full_caps(struct vmx_caps *c, bool true_ctls)
{
	vmx_caps_init(c);
	vmx_caps_set(c, MSR_IA32_VMX_BASIC,
		     0x00d810000000002bULL & ~(true_ctls ? 0 : VMX_BASIC_TRUE_CTLS));
	vmx_caps_set(c, MSR_IA32_VMX_PINBASED_CTLS, CTL(0x16, 0x7f));
	vmx_caps_set(c, MSR_IA32_VMX_PROCBASED_CTLS, CTL(0x0401e172, 0xfff9fffe));
	vmx_caps_set(c, MSR_IA32_VMX_EXIT_CTLS, CTL(0x36dff, 0x7fffff));
	vmx_caps_set(c, MSR_IA32_VMX_ENTRY_CTLS, CTL(0x11ff, 0xffff));
	vmx_caps_set(c, MSR_IA32_VMX_MISC, 0x600401e0);
	vmx_caps_set(c, MSR_IA32_VMX_CR0_FIXED0, 0x80000021);
	vmx_caps_set(c, MSR_IA32_VMX_CR0_FIXED1, 0xffffffff);
	vmx_caps_set(c, MSR_IA32_VMX_CR4_FIXED0, 0x2000);
	vmx_caps_set(c, MSR_IA32_VMX_CR4_FIXED1, 0x3727ff);
	vmx_caps_set(c, MSR_IA32_VMX_VMCS_ENUM, 0x2e);
	vmx_caps_set(c, MSR_IA32_VMX_PROCBASED_CTLS2, CTL(0, 0x2177fff));
	vmx_caps_set(c, MSR_IA32_VMX_EPT_VPID_CAP, 0xf0106334141ULL);
	if (true_ctls) {
		vmx_caps_set(c, MSR_IA32_VMX_TRUE_PINBASED_CTLS, CTL(0x16, 0x7f));
		vmx_caps_set(c, MSR_IA32_VMX_TRUE_PROCBASED_CTLS, CTL(0x04006172, 0xfff9fffe));
		vmx_caps_set(c, MSR_IA32_VMX_TRUE_EXIT_CTLS, CTL(0x36dfb, 0x7fffff));
		vmx_caps_set(c, MSR_IA32_VMX_TRUE_ENTRY_CTLS, CTL(0x11fb, 0xffff));
	}
}

static void true_vs_legacy(void **state)
{
	struct vmcs_config cfg;
	struct vmx_capability cap;
	struct vmx_caps c;

	(void)state;
	/* Bit 55 set: TRUE_PROCBASED lets CR3-load/store exiting be 0. */
	full_caps(&c, true);
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, NULL), 0);
	assert_false(cfg.cpu_based_exec_ctrl & CPU_BASED_CR3_LOAD_EXITING);
	assert_false(cfg.vmexit_ctrl & VM_EXIT_SAVE_DEBUG_CONTROLS);
	/* Bit 55 clear: the legacy MSRs force the default-1 bits. */
	full_caps(&c, false);
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, NULL), 0);
	assert_true(cfg.cpu_based_exec_ctrl & CPU_BASED_CR3_LOAD_EXITING);
	assert_true(cfg.cpu_based_exec_ctrl & CPU_BASED_CR3_STORE_EXITING);
	assert_true(cfg.vmexit_ctrl & VM_EXIT_SAVE_DEBUG_CONTROLS);
	/* TRUE MSRs present but bit 55 clear (bad log): they are not used. */
	full_caps(&c, true);
	vmx_caps_set(&c, MSR_IA32_VMX_BASIC, 0x005810000000002bULL);
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, NULL), 0);
	assert_true(cfg.cpu_based_exec_ctrl & CPU_BASED_CR3_LOAD_EXITING);
	/* The TRUE MSR alone decides: TRUE forbids HLT exiting -> failure. */
	full_caps(&c, true);
	vmx_caps_set(&c, MSR_IA32_VMX_TRUE_PROCBASED_CTLS, CTL(0x04006172, 0xfff9ff7e));
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), -1);
	assert_non_null(strstr(logbuf, "HLT exiting"));
}

static void required_missing_named(void **state)
{
	struct vmcs_config cfg;
	struct vmx_capability cap;
	struct vmx_caps c;

	(void)state;
	full_caps(&c, true);
	/* Neither external-interrupt exiting nor NMI exiting allowed. */
	vmx_caps_set(&c, MSR_IA32_VMX_TRUE_PINBASED_CTLS, CTL(0x16, 0x76));
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), -1);
	assert_non_null(strstr(logbuf, "pin-based VM-execution controls"));
	assert_non_null(strstr(logbuf, "External-interrupt exiting, NMI exiting"));
	/* The raw helper reports failure and still computes the result. */
	uint32_t r;
	assert_int_equal(adjust_vmx_controls(BIT(0) | BIT(3), 0, CTL(0x16, 0x76), &r), -1);
	assert_int_equal(r, 0x16);
}

static void allowed0_forces(void **state)
{
	uint32_t r;
	uint64_t r64;

	(void)state;
	/* Bit 7 must be 1 (allowed-0) though nobody asked for it. */
	assert_int_equal(adjust_vmx_controls(BIT(0), BIT(5), CTL(0x80, 0xff), &r), 0);
	assert_int_equal(r, BIT(0) | BIT(5) | BIT(7));
	/* Optional bit not allowed-1 is dropped silently. */
	assert_int_equal(adjust_vmx_controls(0, BIT(9), CTL(0, 0xff), &r), 0);
	assert_int_equal(r, 0);
	/* 64-bit variant: whole MSR is allowed-1, nothing forced. */
	assert_int_equal(adjust_vmx_controls64(BIT(40), BIT(4) | BIT(5), BIT(40) | BIT(4), &r64), 0);
	assert_int_equal(r64, BIT(40) | BIT(4));
	assert_int_equal(adjust_vmx_controls64(BIT(41), 0, BIT(40), &r64), -1);
	assert_int_equal(vmx_adjust_named(VMX_WORD_PROC3, TERTIARY_EXEC_IPI_VIRT, 0, 0, &r64,
					  log_reset()), -1);
	assert_non_null(strstr(logbuf, "IPI virtualization"));
}

static void no_secondary_controls(void **state)
{
	struct vmcs_config cfg;
	struct vmx_capability cap;
	struct vmx_caps c;

	(void)state;
	full_caps(&c, true);
	vmx_caps_set(&c, MSR_IA32_VMX_TRUE_PROCBASED_CTLS, CTL(0x04006172, 0x7ff9fffe));
	vmx_caps_set(&c, MSR_IA32_VMX_PROCBASED_CTLS, CTL(0x0401e172, 0x7ff9fffe));
	c.present &= ~(1u << vmx_caps_slot(MSR_IA32_VMX_PROCBASED_CTLS2));
	c.present &= ~(1u << vmx_caps_slot(MSR_IA32_VMX_EPT_VPID_CAP));
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, NULL), 0);
	assert_false(cfg.cpu_based_exec_ctrl & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	assert_int_equal(cfg.cpu_based_2nd_exec_ctrl, 0);
	assert_int_equal(cap.ept, 0);
	assert_int_equal(cap.vpid, 0);
}

static void io_bitmap_fallback(void **state)
{
	struct vmcs_config cfg;
	struct vmx_capability cap;
	struct vmx_caps c;

	(void)state;
	full_caps(&c, true);
	vmx_caps_set(&c, MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
		     CTL(0x04006172, 0xfff9fffe & ~CPU_BASED_USE_IO_BITMAPS));
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, NULL), 0);
	assert_true(cfg.cpu_based_exec_ctrl & CPU_BASED_UNCOND_IO_EXITING);
	assert_false(cfg.cpu_based_exec_ctrl & CPU_BASED_USE_IO_BITMAPS);
	/* With I/O bitmaps, unconditional I/O exiting is not requested. */
	full_caps(&c, true);
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, NULL), 0);
	assert_false(cfg.cpu_based_exec_ctrl & CPU_BASED_UNCOND_IO_EXITING);
	/* Neither possible: fails naming unconditional I/O exiting. */
	vmx_caps_set(&c, MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
		     CTL(0x04006172, 0xfff9fffe & ~(CPU_BASED_USE_IO_BITMAPS |
						    CPU_BASED_UNCOND_IO_EXITING)));
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), -1);
	assert_non_null(strstr(logbuf, "Unconditional I/O exiting"));
}

static void ug_requires_ept(void **state)
{
	struct vmcs_config cfg;
	struct vmx_capability cap;
	struct vmx_caps c;

	(void)state;
	full_caps(&c, true);
	vmx_caps_set(&c, MSR_IA32_VMX_PROCBASED_CTLS2,
		     CTL(0, 0x2177fff & ~SECONDARY_EXEC_ENABLE_EPT));
	vmx_negotiate_reset_warn_once();
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), 0);
	assert_false(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_UNRESTRICTED_GUEST);
	assert_true(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_VPID);
}

static void ept_vpid_sanitised_once(void **state)
{
	struct vmcs_config cfg;
	struct vmx_capability cap;
	struct vmx_caps c;

	(void)state;
	full_caps(&c, true);
	/* VPID can be enabled, EPT cannot, yet the cap MSR reports EPT bits. */
	vmx_caps_set(&c, MSR_IA32_VMX_PROCBASED_CTLS2,
		     CTL(0, 0x2177fff & ~SECONDARY_EXEC_ENABLE_EPT));
	vmx_negotiate_reset_warn_once();
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), 0);
	assert_int_equal(cap.ept, 0);
	assert_int_equal(cap.vpid, 0xf01);
	assert_non_null(strstr(logbuf, "cleared EPT caps 0x06334141, VPID caps 0x00000000"));
	/* A second CPU doing the same does not warn again. */
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), 0);
	assert_int_equal(cap.ept, 0);
	assert_null(strstr(logbuf, "warning"));
	/* Neither EPT nor VPID usable: both cleared, in one line. */
	vmx_caps_set(&c, MSR_IA32_VMX_PROCBASED_CTLS2, CTL(0, 0x41));
	vmx_negotiate_reset_warn_once();
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), 0);
	assert_int_equal(cap.ept | cap.vpid, 0);
	assert_non_null(strstr(logbuf, "EPT caps 0x06334141, VPID caps 0x00000f01"));
}

/* ---- EPT / VPID / unrestricted guest usability (KVM hardware_setup) ------ */
#define FULL_EVC	0xf0106334141ULL	/* Skylake: all needed bits */

struct usable_case {
	const char *name;
	bool absent;		/* IA32_VMX_EPT_VPID_CAP not read */
	uint64_t evc;
	bool ept, vpid, ug;
	unsigned invept, invvpid;
	const char *log_has[3];	/* substrings of the log */
};

#define EPT_LINE "vmx: EPT not used: IA32_VMX_EPT_VPID_CAP 0x"
#define VPID_LINE "vmx: VPID not used: IA32_VMX_EPT_VPID_CAP 0x"
#define UG_LINE "vmx: unrestricted guest not used: it needs EPT\n"

static const struct usable_case usable_cases[] = {
	{ "usable_full", false, FULL_EVC, true, true, true,
	  VMX_EPT_EXTENT_GLOBAL, VMX_VPID_EXTENT_SINGLE_CONTEXT, { NULL } },
	{ "usable_ept_cap_0x101", false, 0x101, false, false, false, 0, 0,
	  { EPT_LINE "0000000000000101 lacks a 4-level page walk (bit 6), write-back paging "
	    "structures (bit 14), INVEPT (bit 20), INVEPT single- or all-context (bits 25, 26); "
	    "the guest runs without EPT\n",
	    VPID_LINE "0000000000000101 lacks INVVPID (bit 32), INVVPID single- or all-context "
	    "(bits 41, 42); every VM entry and exit flushes the TLB instead\n", UG_LINE } },
	{ "usable_ept_no_wb", false, FULL_EVC & ~BIT(14), false, true, false,
	  0, VMX_VPID_EXTENT_SINGLE_CONTEXT,
	  { "lacks write-back paging structures (bit 14); the guest runs without EPT\n", UG_LINE } },
	{ "usable_ept_5level_only", false, (FULL_EVC & ~BIT(6)) | BIT(7), false, true, false,
	  0, VMX_VPID_EXTENT_SINGLE_CONTEXT, { "lacks a 4-level page walk (bit 6); ", UG_LINE } },
	{ "usable_ept_no_invept", false, FULL_EVC & ~BIT(20), false, true, false,
	  0, VMX_VPID_EXTENT_SINGLE_CONTEXT, { "lacks INVEPT (bit 20); ", UG_LINE } },
	{ "usable_ept_no_invept_types", false, FULL_EVC & ~(BIT(25) | BIT(26)), false, true, false,
	  0, VMX_VPID_EXTENT_SINGLE_CONTEXT,
	  { "lacks INVEPT single- or all-context (bits 25, 26); ", UG_LINE } },
	{ "usable_invept_single_only", false, FULL_EVC & ~BIT(26), true, true, true,
	  VMX_EPT_EXTENT_CONTEXT, VMX_VPID_EXTENT_SINGLE_CONTEXT, { NULL } },
	{ "usable_invept_all_only", false, FULL_EVC & ~BIT(25), true, true, true,
	  VMX_EPT_EXTENT_GLOBAL, VMX_VPID_EXTENT_SINGLE_CONTEXT, { NULL } },
	{ "usable_vpid_no_invvpid", false, FULL_EVC & ~BIT(32), true, false, true,
	  VMX_EPT_EXTENT_GLOBAL, 0, { VPID_LINE "00000f0006334141 lacks INVVPID (bit 32); " } },
	{ "usable_vpid_no_invvpid_types", false, FULL_EVC & ~(BIT(41) | BIT(42)), true, false, true,
	  VMX_EPT_EXTENT_GLOBAL, 0, { "lacks INVVPID single- or all-context (bits 41, 42); " } },
	{ "usable_invvpid_all_only", false, FULL_EVC & ~BIT(41), true, true, true,
	  VMX_EPT_EXTENT_GLOBAL, VMX_VPID_EXTENT_ALL_CONTEXT, { NULL } },
	{ "usable_invvpid_single_only", false, FULL_EVC & ~BIT(42), true, true, true,
	  VMX_EPT_EXTENT_GLOBAL, VMX_VPID_EXTENT_SINGLE_CONTEXT, { NULL } },
	{ "usable_cap_msr_absent", true, 0, false, false, false, 0, 0,
	  { EPT_LINE "0000000000000000 lacks a 4-level", VPID_LINE, UG_LINE } },
};

static void usable_case(void **state)
{
	const struct usable_case *u = *state;
	struct vmcs_config cfg;
	struct vmx_capability cap;
	struct vmx_caps c;

	full_caps(&c, true);
	vmx_caps_set(&c, MSR_IA32_VMX_EPT_VPID_CAP, u->evc);
	if (u->absent)
		c.present &= ~(1u << vmx_caps_slot(MSR_IA32_VMX_EPT_VPID_CAP));
	vmx_negotiate_reset_warn_once();
	/* An unusable EPT / VPID is a fallback, never a negotiation failure. */
	assert_int_equal(setup_vmcs_config(&c, &cfg, &cap, log_reset()), 0);
	assert_int_equal(!!(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_EPT), u->ept);
	assert_int_equal(!!(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_VPID), u->vpid);
	assert_int_equal(!!(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_UNRESTRICTED_GUEST), u->ug);
	assert_int_equal(cap.invept_type, u->invept);
	assert_int_equal(cap.invvpid_type, u->invvpid);
	for (unsigned i = 0; i < ARRAY_SIZE(u->log_has) && u->log_has[i]; i++)
		if (!strstr(logbuf, u->log_has[i]))
			fail_msg("log lacks '%s':\n%s", u->log_has[i], logbuf);
	if (!u->log_has[0])
		assert_int_equal(lb.len, 0);
	/* Each feature's line only when that feature is dropped. */
	assert_int_equal(!strstr(logbuf, "vmx: EPT not used"), u->ept);
	assert_int_equal(!strstr(logbuf, "vmx: VPID not used"), u->vpid);
	/* The other controls are untouched by the fallback. */
	assert_true(cfg.cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_RDTSCP);
}

static void cpu_differs_from_boot(void **state)
{
	struct vmcs_config boot, cpu;
	struct vmx_capability bcap, ccap;
	struct vmx_caps c, c2;

	(void)state;
	full_caps(&c, true);
	assert_int_equal(setup_vmcs_config(&c, &boot, &bcap, NULL), 0);
	/* An AP without VPID and with a different VMCS revision. */
	c2 = c;
	vmx_caps_set(&c2, MSR_IA32_VMX_PROCBASED_CTLS2,
		     CTL(0, 0x2177fff & ~SECONDARY_EXEC_ENABLE_VPID));
	vmx_caps_set(&c2, MSR_IA32_VMX_BASIC, 0x00d810000000002cULL);
	vmx_negotiate_reset_warn_once();
	assert_int_equal(setup_vmcs_config(&c2, &cpu, &ccap, NULL), 0);
	/* revision, secondary controls, VPID caps */
	assert_int_equal(vmcs_config_compare(&boot, &cpu, &bcap, &ccap, log_reset()), 3);
	assert_non_null(strstr(logbuf, "VMCS revision identifier differs: boot CPU 0x2b, this CPU 0x2c"));
	assert_non_null(strstr(logbuf, "secondary processor-based VM-execution controls differs"));
	assert_non_null(strstr(logbuf, "only on boot CPU: Enable VPID\n"));
	assert_non_null(strstr(logbuf, "VPID capabilities differs: boot CPU 0xf01, this CPU 0x0"));
	/* An extra control on the AP is named too. */
	cpu = boot;
	cpu.vmexit_ctrl |= VM_EXIT_ACK_INTR_ON_EXIT;
	assert_int_equal(vmcs_config_compare(&boot, &cpu, &bcap, &bcap, log_reset()), 1);
	assert_non_null(strstr(logbuf, "only on this CPU: Acknowledge interrupt on exit"));
	/* Raw MSR differences. */
	assert_int_equal(vmx_caps_diff(&c, &c2, log_reset()), 2);
	assert_non_null(strstr(logbuf, "MSR 0x480 IA32_VMX_BASIC"));
	assert_non_null(strstr(logbuf, "MSR 0x48b IA32_VMX_PROCBASED_CTLS2"));
	c2.present &= ~(1u << vmx_caps_slot(MSR_IA32_VMX_EPT_VPID_CAP));
	assert_int_equal(vmx_caps_diff(&c, &c2, log_reset()), 3);
	assert_non_null(strstr(logbuf, "0x00000f0106334141 vs absent"));
}

/* CR0/CR4 FIXED0/1 and VMCS_ENUM are per-CPU MSRs, compared like the controls. */
static void cr_fixed_and_vmcs_enum_compared(void **state)
{
	struct vmcs_config boot, cpu;
	struct vmx_capability bcap, ccap;
	struct vmx_caps c, c2;

	(void)state;
	full_caps(&c, true);
	assert_int_equal(setup_vmcs_config(&c, &boot, &bcap, NULL), 0);
	assert_int_equal(boot.cr0_fixed0, 0x80000021);
	assert_int_equal(boot.cr4_fixed1, 0x3727ff);
	assert_int_equal(boot.vmcs_enum, 0x2e);
	c2 = c;
	vmx_caps_set(&c2, MSR_IA32_VMX_CR0_FIXED0, 0x80000001);
	vmx_caps_set(&c2, MSR_IA32_VMX_CR4_FIXED1, 0x3737ff);
	vmx_caps_set(&c2, MSR_IA32_VMX_VMCS_ENUM, 0x2c);
	assert_int_equal(setup_vmcs_config(&c2, &cpu, &ccap, NULL), 0);
	assert_int_equal(vmcs_config_compare(&boot, &cpu, &bcap, &ccap, log_reset()), 3);
	assert_non_null(strstr(logbuf, "vmx: IA32_VMX_CR0_FIXED0 differs: boot CPU 0x80000021, "
				       "this CPU 0x80000001; only on boot CPU: NE\n"));
	assert_non_null(strstr(logbuf, "vmx: IA32_VMX_CR4_FIXED1 differs: boot CPU 0x3727ff, "
				       "this CPU 0x3737ff; only on this CPU: LA57\n"));
	assert_non_null(strstr(logbuf, "vmx: IA32_VMX_VMCS_ENUM differs: boot CPU 0x2e, "
				       "this CPU 0x2c\n"));
	/* Each alone is a difference too. */
	c2 = c;
	vmx_caps_set(&c2, MSR_IA32_VMX_CR4_FIXED0, 0x2020);
	assert_int_equal(setup_vmcs_config(&c2, &cpu, &ccap, NULL), 0);
	assert_int_equal(vmcs_config_compare(&boot, &cpu, &bcap, &ccap, log_reset()), 1);
	assert_non_null(strstr(logbuf, "IA32_VMX_CR4_FIXED0 differs"));
	c2 = c;
	vmx_caps_set(&c2, MSR_IA32_VMX_CR0_FIXED1, 0x7fffffff);
	assert_int_equal(setup_vmcs_config(&c2, &cpu, &ccap, NULL), 0);
	assert_int_equal(vmcs_config_compare(&boot, &cpu, &bcap, &ccap, log_reset()), 1);
	assert_non_null(strstr(logbuf, "IA32_VMX_CR0_FIXED1 differs: boot CPU 0xffffffff, "
				       "this CPU 0x7fffffff; only on boot CPU: PG"));
}

/* What an AP that fails prints under its own prefix (KVM vmx_check_processor_compat). */
static void ap_compat_check(void **state)
{
	struct vmcs_config boot, cpu;
	struct vmx_capability bcap, ccap;
	struct vmx_caps c, c2;
	int ndiff = -1;

	(void)state;
	full_caps(&c, true);
	assert_int_equal(setup_vmcs_config(&c, &boot, &bcap, NULL), 0);
	/* Same MSRs: compatible, nothing to print. */
	assert_int_equal(vmx_cpu_compat_check(&c, &boot, &bcap, &cpu, &ccap, &ndiff,
					      log_reset()), 0);
	assert_int_equal(ndiff, 0);
	assert_int_equal(lb.len, 0);
	/* An AP whose own MSRs forbid HLT exiting: its failure and the difference. */
	c2 = c;
	vmx_caps_set(&c2, MSR_IA32_VMX_TRUE_PROCBASED_CTLS, CTL(0x04006172, 0xfff9ff7e));
	assert_int_equal(vmx_cpu_compat_check(&c2, &boot, &bcap, &cpu, &ccap, &ndiff, log_reset()),
			 VMX_COMPAT_NEGOTIATION_FAILED | VMX_COMPAT_DIFFERS);
	assert_int_equal(ndiff, 1);
	assert_non_null(strstr(logbuf, "vmx: primary processor-based VM-execution controls: "
				       "required control(s) not supported: HLT exiting"));
	assert_non_null(strstr(logbuf, "vmx: primary processor-based VM-execution controls differs"));
	assert_non_null(strstr(logbuf, "only on boot CPU: HLT exiting\n"));
	assert_non_null(strstr(logbuf, "vmx: this CPU is incompatible with the boot CPU: "
				       "negotiation failed on its own MSRs; 1 word(s) differ\n"));
	/* Every line is a whole "vmx: " line, ready for the CPU prefix. */
	for (const char *l = logbuf; *l; l = strchr(l, '\n') + 1) {
		assert_int_equal(strncmp(l, "vmx: ", 5), 0);
		assert_non_null(strchr(l, '\n'));
	}
	/* Negotiates fine but differs (no EPT usable here): differences only. */
	c2 = c;
	vmx_caps_set(&c2, MSR_IA32_VMX_EPT_VPID_CAP, FULL_EVC & ~BIT(14));
	assert_int_equal(vmx_cpu_compat_check(&c2, &boot, &bcap, &cpu, &ccap, &ndiff, log_reset()),
			 VMX_COMPAT_DIFFERS);
	assert_int_equal(ndiff, 2);	/* secondary controls, EPT capabilities */
	assert_non_null(strstr(logbuf, "vmx: EPT not used"));
	assert_non_null(strstr(logbuf, "only on boot CPU: Enable EPT, Unrestricted guest\n"));
	assert_non_null(strstr(logbuf, "EPT capabilities differs: boot CPU 0x6334141, this CPU 0x6330141"));
	assert_non_null(strstr(logbuf, "incompatible with the boot CPU: 2 word(s) differ\n"));
	assert_null(strstr(logbuf, "negotiation failed"));
}

static void cr_fixing(void **state)
{
	uint64_t out;

	(void)state;
	/* OVMF-like CR0 = 0x80010033 already fine; BIOS-like lacks NE. */
	assert_int_equal(vmx_fix_cr(0x80010033, 0x80000021, 0xffffffff, &out), 0);
	assert_int_equal(out, 0x80010033);
	assert_int_equal(vmx_fix_cr_named(VMX_WORD_CR0, 0x80000011, 0x80000021, 0xffffffff,
					  &out, log_reset()), 0);
	assert_int_equal(out, 0x80000031);
	assert_non_null(strstr(logbuf, "CR0: setting bits VMX operation needs: NE"));
	/* CR4 with VMXE set by fixing; a bit outside FIXED1 (LA57) is an error. */
	assert_int_equal(vmx_fix_cr(0x20, 0x2000, 0x3727ff, &out), 0);
	assert_int_equal(out, 0x2020);
	assert_int_equal(vmx_fix_cr_named(VMX_WORD_CR4, 0x1020, 0x2000, 0x3727ff, &out,
					  log_reset()), VMX_CR_ERR_MUST_BE_ZERO);
	assert_int_equal(out, 0x2020);
	assert_non_null(strstr(logbuf, "must be 0 in VMX operation: LA57"));
	/* FIXED0 demanding what FIXED1 forbids. */
	assert_int_equal(vmx_fix_cr_named(VMX_WORD_CR0, 0x21, 0x80000021, 0x7fffffff, &out,
					  log_reset()), VMX_CR_ERR_INCONSISTENT);
	assert_non_null(strstr(logbuf, "FIXED0 requires bits FIXED1 forbids: PG"));
	/* Unrestricted guest relaxes PE/PG for the guest only. */
	assert_int_equal(vmx_guest_cr0_fixed0(0x80000021, true), 0x20);
	assert_int_equal(vmx_guest_cr0_fixed0(0x80000021, false), 0x80000021);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(vmx_insn_error_name(1), "VMCALL executed in VMX root operation");
	assert_string_equal(vmx_insn_error_name(7), "VM entry with invalid control field(s)");
	assert_string_equal(vmx_insn_error_name(28), "Invalid operand to INVEPT/INVVPID");
	assert_string_equal(vmx_insn_error_name(14), "unknown VM-instruction error");
	assert_string_equal(vmx_exit_reason_name(EXIT_REASON_EPT_VIOLATION), "EPT violation");
	assert_string_equal(vmx_exit_reason_name(0x80000021),
			    "VM-entry failure due to invalid guest state");
	assert_string_equal(vmx_exit_reason_name(200), "unknown exit reason");
	assert_string_equal(vmx_bit_name(VMX_WORD_PROC2, 7), "Unrestricted guest");
	assert_null(vmx_bit_name(VMX_WORD_PIN, 1));
	assert_null(vmx_bit_name(VMX_WORD_PIN, 40));
	assert_string_equal(vmx_msr_name(MSR_IA32_VMX_EXIT_CTLS2), "IA32_VMX_EXIT_CTLS2");
	log_reset();
	vmx_print_bits(&lb.out, VMX_WORD_ENTRY, BIT(1) | VM_ENTRY_IA32E_MODE);
	assert_string_equal(logbuf, "bit 1, IA-32e mode guest");
}

int main(void)
{
	static struct model models[MAX_MODELS];
	static struct CMUnitTest tests[MAX_MODELS + 40];
	static char tnames[MAX_MODELS][96];
	int n = list_models(models, MAX_MODELS), t = 0;

	if (n == 0) {
		fprintf(stderr, "no testdata in %s/vmx-msrs (set PV_TESTDATA)\n", testdata_dir());
		return 1;
	}
	for (int i = 0; i < n; i++) {
		snprintf(tnames[i], sizeof(tnames[0]), "negotiate_%.60s", models[i].name);
		tests[t++] = (struct CMUnitTest){ tnames[i], model_case, NULL, NULL, &models[i] };
	}
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(true_vs_legacy);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(required_missing_named);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(allowed0_forces);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(no_secondary_controls);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(io_bitmap_fallback);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(ug_requires_ept);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(ept_vpid_sanitised_once);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(cpu_differs_from_boot);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(cr_fixed_and_vmcs_enum_compared);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(ap_compat_check);
	ADD_TABLE_CASES(tests, t, usable_cases, usable_case);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(cr_fixing);
	tests[t++] = (struct CMUnitTest)cmocka_unit_test(names);
	return _cmocka_run_group_tests("vmx_negotiate", tests, (size_t)t, NULL, NULL);
}
