/* SPDX-License-Identifier: MIT */
/*
 * VMX control negotiation (KVM-style setup_vmcs_config), the per-CPU
 * compatibility check, the IA32_FEATURE_CONTROL decision and CR0/CR4 fixing.
 * Pure: capability values in, decisions out. See docs/vmx.md for the chosen
 * required/optional controls and why.
 */
#ifndef PV_VMX_NEGOTIATE_H
#define PV_VMX_NEGOTIATE_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/out.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/vmx_defs.h"

/* What the boot CPU negotiated; every CPU must arrive at the same. */
struct vmcs_config {
	uint32_t revision_id;		/* IA32_VMX_BASIC[30:0] */
	uint32_t size;			/* VMCS region size, bytes */
	uint32_t basic_cap_hi;		/* IA32_VMX_BASIC[63:32] */
	uint32_t pin_based_exec_ctrl;
	uint32_t cpu_based_exec_ctrl;
	uint32_t cpu_based_2nd_exec_ctrl;
	uint64_t cpu_based_3rd_exec_ctrl;
	uint32_t vmexit_ctrl;
	uint32_t vmentry_ctrl;
	uint64_t vmexit_2nd_ctrl;
	uint64_t misc;			/* IA32_VMX_MISC */
};

/* IA32_VMX_EPT_VPID_CAP split as KVM does: ept = bits 31:0, vpid = 63:32. */
struct vmx_capability {
	uint32_t ept;
	uint32_t vpid;
};

/*
 * Control words with allowed-0 settings in bits 31:0 (a 1 there forces the
 * control to 1) and allowed-1 settings in bits 63:32 (a 0 there forces 0).
 * result = ((required | optional) & allowed1) | allowed0. Returns 0, or -1
 * when a required bit is not allowed to be 1 (result still written).
 */
int adjust_vmx_controls(uint32_t required, uint32_t optional, uint64_t msr,
			uint32_t *result);
/* Tertiary / secondary-exit controls: all 64 MSR bits are allowed-1. */
int adjust_vmx_controls64(uint64_t required, uint64_t optional, uint64_t msr,
			  uint64_t *result);
/* Same, printing EVERY missing required bit by SDM name to log. */
int vmx_adjust_named(enum vmx_word w, uint64_t required, uint64_t optional,
		     uint64_t msr, uint64_t *result, struct out *log);

/* Controls picovisor asks for (docs/vmx.md gives the reason per bit). */
#define PV_PIN_REQUIRED		(PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING)
#define PV_PIN_OPTIONAL		(PIN_BASED_VIRTUAL_NMIS)
#define PV_PROC_REQUIRED	(CPU_BASED_HLT_EXITING)
#define PV_PROC_OPTIONAL	(CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS | \
				 CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
#define PV_PROC_IO_FALLBACK	(CPU_BASED_UNCOND_IO_EXITING)
#define PV_PROC2_OPTIONAL	(SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID | \
				 SECONDARY_EXEC_UNRESTRICTED_GUEST | \
				 SECONDARY_EXEC_ENABLE_RDTSCP | \
				 SECONDARY_EXEC_ENABLE_INVPCID | \
				 SECONDARY_EXEC_ENABLE_XSAVES)
#define PV_EXIT_REQUIRED	(VM_EXIT_HOST_ADDR_SPACE_SIZE)
#define PV_EXIT_OPTIONAL	(VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER)
#define PV_ENTRY_REQUIRED	0
#define PV_ENTRY_OPTIONAL	(VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_IA32E_MODE)

/*
 * Negotiates the controls from c (TRUE_* MSRs when IA32_VMX_BASIC[55]).
 * Returns 0, or -1 after printing why (every missing required control by
 * name, or the failed IA32_VMX_BASIC checks). log may be NULL.
 */
int setup_vmcs_config(const struct vmx_caps *c, struct vmcs_config *cfg,
		      struct vmx_capability *cap, struct out *log);
/* Tests only: re-arm the one-time EPT/VPID sanitising warning. */
void vmx_negotiate_reset_warn_once(void);

/* Prints each differing word with both values and the differing bits' names. */
int vmcs_config_compare(const struct vmcs_config *boot, const struct vmcs_config *cpu,
			const struct vmx_capability *boot_cap,
			const struct vmx_capability *cpu_cap, struct out *log);
/* Lists MSRs whose presence or value differ; returns how many. */
int vmx_caps_diff(const struct vmx_caps *a, const struct vmx_caps *b, struct out *log);

/* IA32_FEATURE_CONTROL decision (picovisor never runs inside SMX). */
enum vmx_feat_ctl_action {
	VMX_FEAT_CTL_ENABLED,		/* locked, VMX outside SMX allowed */
	VMX_FEAT_CTL_DISABLED_BY_FIRMWARE, /* locked, outside-SMX bit clear */
	VMX_FEAT_CTL_NEED_ENABLE,	/* unlocked: write *new_val, then VMXON */
};
enum vmx_feat_ctl_action vmx_feature_control_decide(uint64_t feat_ctl, bool smx_supported,
						    uint64_t *new_val);
const char *vmx_feat_ctl_action_name(enum vmx_feat_ctl_action a);

/*
 * CR fixing for VMXON / VMX operation (SDM A.7, A.8): out = (cur | fixed0) &
 * fixed1. Errors (bit mask): a bit set in cur that fixed1 says must be 0
 * (cleared in out: the caller decides whether it can live without it), and a
 * bit that fixed0 requires but fixed1 forbids (inconsistent MSRs).
 */
#define VMX_CR_ERR_MUST_BE_ZERO	(1u << 0)
#define VMX_CR_ERR_INCONSISTENT	(1u << 1)
unsigned vmx_fix_cr(uint64_t cur, uint64_t fixed0, uint64_t fixed1, uint64_t *out);
/* Same, explaining which named bits were set, cleared or conflict. */
unsigned vmx_fix_cr_named(enum vmx_word cr, uint64_t cur, uint64_t fixed0,
			  uint64_t fixed1, uint64_t *out, struct out *log);
/*
 * Guest CR0 fixed-0 mask: with "unrestricted guest" PE and PG may be 0 in
 * the guest (SDM 26.3.1.1). VMXON itself still needs the full fixed0.
 */
uint64_t vmx_guest_cr0_fixed0(uint64_t fixed0, bool unrestricted_guest);

#endif
