/* SPDX-License-Identifier: MIT */
/*
 * The CR0/CR4 values VMXON and VMX operation demand (SDM Vol. 3C 24.8,
 * appendix A.7, A.8: the IA32_VMX_CRx_FIXED MSRs). The other decisions
 * taken before VMXON: IA32_FEATURE_CONTROL in vmx/pure/feat_ctl.c, IA32_PAT
 * in pure/pat.c. Pure code.
 */
#include "vmx/pure/negotiate.h"
#include "arch/x86/msr-index.h"

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
