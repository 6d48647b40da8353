/* SPDX-License-Identifier: MIT */
/*
 * Decoded capability details outside the vmxcap block (see vmx/pure/dump.h).
 * Every line starts with "vmx: " so a serial log can be grepped. Pure code.
 */
#include "vmx/pure/dump.h"
#include "arch/x86/msr-index.h"
#include "vmx/pure/vmx_defs.h"

void vmx_dump_feature_control(struct out *o, const struct vmx_caps *c)
{
	uint64_t v = vmx_caps_get(c, MSR_IA32_FEATURE_CONTROL), nv;

	if (!vmx_caps_has(c, MSR_IA32_FEATURE_CONTROL)) {
		oprintf(o, "vmx: IA32_FEATURE_CONTROL: %s\n",
			(c->faulted & (1u << VMX_CAPS_FEAT_CTL_SLOT)) ? "#GP on read" : "not read");
		return;
	}
	oprintf(o, "vmx: IA32_FEATURE_CONTROL = 0x%llx: ", (unsigned long long)v);
	vmx_print_bits(o, VMX_WORD_FEAT_CTL, v);
	oprintf(o, " -> %s\n", vmx_feat_ctl_action_name(vmx_feature_control_decide(v, &nv)));
}

static void dump_one_cr(struct out *o, enum vmx_word cr, uint64_t f0, uint64_t f1)
{
	oprintf(o, "vmx: %s FIXED0 = 0x%llx FIXED1 = 0x%llx\n", vmx_word_name(cr),
		(unsigned long long)f0, (unsigned long long)f1);
	oprintf(o, "vmx:   %s must be 1: ", vmx_word_name(cr));
	vmx_print_bits(o, cr, f0 & f1);
	/* Reserved bits FIXED1 happens to allow are not worth a line. */
	oprintf(o, "\nvmx:   %s may be 0 or 1: ", vmx_word_name(cr));
	vmx_print_bits(o, cr, f1 & ~f0 & vmx_word_named_mask(cr));
	if (f0 & ~f1) {
		oprintf(o, "\nvmx:   %s INCONSISTENT (FIXED0 not in FIXED1): ", vmx_word_name(cr));
		vmx_print_bits(o, cr, f0 & ~f1);
	}
	oputs(o, "\n");
}

void vmx_dump_cr_fixed(struct out *o, const struct vmx_caps *c)
{
	uint64_t cr0f0 = vmx_caps_get(c, MSR_IA32_VMX_CR0_FIXED0);

	dump_one_cr(o, VMX_WORD_CR0, cr0f0, vmx_caps_get(c, MSR_IA32_VMX_CR0_FIXED1));
	/* The relaxation applies to guest CR0 only; VMXON needs PE and PG. */
	oprintf(o, "vmx:   guest CR0 must be 1 with unrestricted guest: ");
	vmx_print_bits(o, VMX_WORD_CR0, vmx_guest_cr0_fixed0(cr0f0, true));
	oputs(o, "\n");
	dump_one_cr(o, VMX_WORD_CR4, vmx_caps_get(c, MSR_IA32_VMX_CR4_FIXED0),
		    vmx_caps_get(c, MSR_IA32_VMX_CR4_FIXED1));
}

void vmx_dump_vmcs_enum(struct out *o, const struct vmx_caps *c)
{
	uint64_t v = vmx_caps_get(c, MSR_IA32_VMX_VMCS_ENUM);

	oprintf(o, "vmx: IA32_VMX_VMCS_ENUM = 0x%llx: highest VMCS field index %llu\n",
		(unsigned long long)v,
		(unsigned long long)((v & VMX_VMCS_ENUM_MAX_INDEX_MASK) >>
				     VMX_VMCS_ENUM_MAX_INDEX_SHIFT));
}

void vmx_dump_exit_ctls2(struct out *o, const struct vmx_caps *c)
{
	if (!vmx_caps_has(c, MSR_IA32_VMX_EXIT_CTLS2)) {
		oprintf(o, "vmx: secondary VM-exit controls: not enumerated\n");
		return;
	}
	oprintf(o, "vmx: secondary VM-exit controls may be 1: ");
	vmx_print_bits(o, VMX_WORD_EXIT2, vmx_caps_get(c, MSR_IA32_VMX_EXIT_CTLS2));
	oputs(o, "\n");
}

static void cfg_word(struct out *o, enum vmx_word w, uint64_t v)
{
	oprintf(o, "vmx: vmcs_config %s = 0x%llx: ", vmx_word_name(w), (unsigned long long)v);
	vmx_print_bits(o, w, v);
	oputs(o, "\n");
}

void vmx_dump_vmcs_config(struct out *o, const struct vmcs_config *cfg,
			  const struct vmx_capability *cap)
{
	oprintf(o, "vmx: vmcs_config revision_id 0x%x size %u basic_cap_hi 0x%08x misc 0x%llx\n",
		cfg->revision_id, cfg->size, cfg->basic_cap_hi, (unsigned long long)cfg->misc);
	cfg_word(o, VMX_WORD_PIN, cfg->pin_based_exec_ctrl);
	cfg_word(o, VMX_WORD_PROC, cfg->cpu_based_exec_ctrl);
	cfg_word(o, VMX_WORD_PROC2, cfg->cpu_based_2nd_exec_ctrl);
	cfg_word(o, VMX_WORD_PROC3, cfg->cpu_based_3rd_exec_ctrl);
	cfg_word(o, VMX_WORD_EXIT, cfg->vmexit_ctrl);
	cfg_word(o, VMX_WORD_EXIT2, cfg->vmexit_2nd_ctrl);
	cfg_word(o, VMX_WORD_ENTRY, cfg->vmentry_ctrl);
	if (cap)
		oprintf(o, "vmx: vmx_capability ept 0x%08x vpid 0x%08x invept %s invvpid %s\n",
			cap->ept, cap->vpid, vmx_inv_type_name(cap->invept_type),
			vmx_inv_type_name(cap->invvpid_type));
	oprintf(o, "vmx: ept %s vpid %s unrestricted_guest %s\n",
		(cfg->cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_EPT) ? "yes" : "no",
		(cfg->cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_ENABLE_VPID) ? "yes" : "no",
		(cfg->cpu_based_2nd_exec_ctrl & SECONDARY_EXEC_UNRESTRICTED_GUEST) ? "yes" : "no");
}

void vmx_dump_extra(struct out *o, const struct vmx_caps *c,
		    const struct vmcs_config *cfg, const struct vmx_capability *cap)
{
	vmx_dump_feature_control(o, c);
	vmx_dump_cr_fixed(o, c);
	vmx_dump_vmcs_enum(o, c);
	vmx_dump_exit_ctls2(o, c);
	if (cfg)
		vmx_dump_vmcs_config(o, cfg, cap);
	vmx_print_linux_flags(o, c);
	vmx_caps_print_log(o, c);
}
