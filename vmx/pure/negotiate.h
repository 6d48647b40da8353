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
#include "pure/pat.h"
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
	/*
	 * The CR0/CR4 bits VMX operation fixes (A.7, A.8) and the highest VMCS
	 * field index (A.9): per CPU, so compared too (KVM compares them as
	 * part of its nested VMX MSRs).
	 */
	uint64_t cr0_fixed0, cr0_fixed1;
	uint64_t cr4_fixed0, cr4_fixed1;
	uint64_t vmcs_enum;
};

/*
 * IA32_VMX_EPT_VPID_CAP split as KVM does: ept = bits 31:0, vpid = 63:32,
 * and the INVEPT / INVVPID type (vmx_defs.h VMX_EPT_EXTENT_*,
 * VMX_VPID_EXTENT_*) to flush with; 0 when EPT / VPID is not used.
 */
struct vmx_capability {
	uint32_t ept;
	uint32_t vpid;
	uint8_t invept_type;	/* all-context preferred (KVM ept_sync_global) */
	uint8_t invvpid_type;	/* single-context preferred (KVM vpid_sync_context) */
};
/* "single-context", "all-context", or "none" for 0 (EPT / VPID not used). */
const char *vmx_inv_type_name(unsigned type);

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
#define PV_PIN_OPTIONAL		(PIN_BASED_VIRTUAL_NMIS | PIN_BASED_VMX_PREEMPTION_TIMER)
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
 *
 * As KVM's hardware_setup, EPT is used only with a usable EPT (4-level
 * walk, write-back paging structures, INVEPT single- or all-context), VPID
 * only with INVVPID single- or all-context, unrestricted guest only with
 * EPT; otherwise the control is cleared and a "vmx: EPT not used: ..." (or
 * VPID / unrestricted guest) line says why. Not a failure: the kernel then
 * runs its guest without EPT.
 */
int setup_vmcs_config(const struct vmx_caps *c, struct vmcs_config *cfg,
		      struct vmx_capability *cap, struct out *log);
/* Tests only: re-arm the one-time EPT/VPID sanitising warning. */
void vmx_negotiate_reset_warn_once(void);

/*
 * Prints each differing word (controls, IA32_VMX_BASIC, MISC, CR0/CR4
 * FIXED0/1, VMCS_ENUM, EPT/VPID capabilities) with both values and the
 * differing bits' names; returns the number of differing words.
 */
int vmcs_config_compare(const struct vmcs_config *boot, const struct vmcs_config *cpu,
			const struct vmx_capability *boot_cap,
			const struct vmx_capability *cpu_cap, struct out *log);

/*
 * The per-CPU check (KVM's vmx_check_processor_compat) of one CPU whose
 * capability MSRs are c: negotiates on them into *cfg / *cap and compares
 * the result with the boot CPU's. Writes to log, as "vmx: " lines the kernel
 * prints under the CPU's own prefix, this CPU's negotiation messages (every
 * missing required control) and every differing word by name, then a
 * summary line. Returns 0 when compatible, else VMX_COMPAT_* bits, with
 * *ndiff the number of differing words.
 */
#define VMX_COMPAT_NEGOTIATION_FAILED	(1u << 0)
#define VMX_COMPAT_DIFFERS		(1u << 1)
unsigned vmx_cpu_compat_check(const struct vmx_caps *c, const struct vmcs_config *boot,
			      const struct vmx_capability *boot_cap, struct vmcs_config *cfg,
			      struct vmx_capability *cap, int *ndiff, struct out *log);
/* Lists MSRs whose presence or value differ; returns how many. */
int vmx_caps_diff(const struct vmx_caps *a, const struct vmx_caps *b, struct out *log);

/*
 * IA32_FEATURE_CONTROL decision (SDM Vol. 3C 24.7; Linux init_ia32_feat_ctl).
 * picovisor never enters SMX (no Intel TXT measured launch), so only
 * VMX-outside-SMX matters and VMX-inside-SMX is never set by us.
 */
enum vmx_feat_ctl_action {
	VMX_FEAT_CTL_ENABLED,		/* locked, VMX outside SMX allowed */
	VMX_FEAT_CTL_DISABLED_BY_FIRMWARE, /* locked, VMX off inside and outside SMX */
	VMX_FEAT_CTL_SMX_ONLY,		/* locked, VMX allowed only inside SMX (TXT) */
	VMX_FEAT_CTL_NEED_ENABLE,	/* unlocked: write *new_val, then VMXON */
};
/*
 * Unlocked: *new_val = the firmware's value (SGX, LMCE, SENTER bits kept)
 * | VMX outside SMX | lock. Bits the firmware could write are writable, but
 * if that WRMSR still raises #GP and the MSR is still unlocked, the caller
 * retries with VMX_FEAT_CTL_CLEAN, the value Linux writes (it drops the
 * firmware's bits). Otherwise *new_val = feat_ctl.
 */
enum vmx_feat_ctl_action vmx_feature_control_decide(uint64_t feat_ctl, uint64_t *new_val);
#define VMX_FEAT_CTL_CLEAN	(FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX) /* msr-index.h */
/* "enabled", "disabled-by-firmware", "vmx-only-inside-smx", "need-enable". */
const char *vmx_feat_ctl_action_name(enum vmx_feat_ctl_action a);
/* Why VMXON cannot work and what to change in the firmware setup; NULL if it can. */
const char *vmx_feat_ctl_advice(enum vmx_feat_ctl_action a);

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
