/* SPDX-License-Identifier: MIT */
/*
 * Decisions taken before VMXON (SDM Vol. 3C 24.7, 24.8): whether
 * IA32_FEATURE_CONTROL allows VMX and what to write to it, and the CR0/CR4
 * values the IA32_VMX_CRx_FIXED MSRs demand. Pure code.
 */
#include "vmx/pure/negotiate.h"
#include "vmx/pure/msr.h"

enum vmx_feat_ctl_action vmx_feature_control_decide(uint64_t feat_ctl, bool smx_supported,
						    uint64_t *new_val)
{
	*new_val = feat_ctl;
	if (feat_ctl & FEAT_CTL_LOCKED) {
		/* Locked until reset; only the outside-SMX bit matters to us. */
		return (feat_ctl & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)
			       ? VMX_FEAT_CTL_ENABLED
			       : VMX_FEAT_CTL_DISABLED_BY_FIRMWARE;
	}
	/*
	 * Unlocked (firmware left it open): enable and lock, as Linux does,
	 * dropping whatever else firmware left there. Bit 1 is written only
	 * when CPUID.1:ECX.SMX[6] = 1: on other CPUs setting it raises #GP.
	 */
	*new_val = FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;
	if (smx_supported)
		*new_val |= FEAT_CTL_VMX_ENABLED_INSIDE_SMX;
	return VMX_FEAT_CTL_NEED_ENABLE;
}

const char *vmx_feat_ctl_action_name(enum vmx_feat_ctl_action a)
{
	switch (a) {
	case VMX_FEAT_CTL_ENABLED:		return "enabled";
	case VMX_FEAT_CTL_DISABLED_BY_FIRMWARE:	return "disabled-by-firmware";
	case VMX_FEAT_CTL_NEED_ENABLE:		return "need-enable";
	}
	return "?";
}

unsigned vmx_fix_cr(uint64_t cur, uint64_t fixed0, uint64_t fixed1, uint64_t *out)
{
	unsigned err = 0;

	if (cur & ~fixed1)
		err |= VMX_CR_ERR_MUST_BE_ZERO;
	if (fixed0 & ~fixed1)
		err |= VMX_CR_ERR_INCONSISTENT;
	*out = (cur | fixed0) & fixed1;
	return err;
}

unsigned vmx_fix_cr_named(enum vmx_word cr, uint64_t cur, uint64_t fixed0,
			  uint64_t fixed1, uint64_t *out, struct out *log)
{
	unsigned err = vmx_fix_cr(cur, fixed0, fixed1, out);
	uint64_t set = fixed0 & ~cur & fixed1;

	if (!log)
		return err;
	if (set) {
		oprintf(log, "vmx: %s: setting bits VMX operation needs: ", vmx_word_name(cr));
		vmx_print_bits(log, cr, set);
		oputs(log, "\n");
	}
	if (err & VMX_CR_ERR_MUST_BE_ZERO) {
		oprintf(log, "vmx: %s: bits in use that must be 0 in VMX operation: ",
			vmx_word_name(cr));
		vmx_print_bits(log, cr, cur & ~fixed1);
		oputs(log, "\n");
	}
	if (err & VMX_CR_ERR_INCONSISTENT) {
		oprintf(log, "vmx: %s: FIXED0 requires bits FIXED1 forbids: ", vmx_word_name(cr));
		vmx_print_bits(log, cr, fixed0 & ~fixed1);
		oputs(log, "\n");
	}
	return err;
}

uint64_t vmx_guest_cr0_fixed0(uint64_t fixed0, bool unrestricted_guest)
{
	if (unrestricted_guest)
		fixed0 &= ~(uint64_t)(X86_CR0_PE | X86_CR0_PG);
	return fixed0;
}
