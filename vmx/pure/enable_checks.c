/* SPDX-License-Identifier: MIT */
/*
 * Decisions taken before VMXON (SDM Vol. 3C 24.7, 24.8): whether
 * IA32_FEATURE_CONTROL allows VMX and what to write to it, the CR0/CR4
 * values the IA32_VMX_CRx_FIXED MSRs demand, and whether IA32_PAT makes
 * the VMX regions write-back. Pure code.
 */
#include "vmx/pure/negotiate.h"
#include "arch/x86/msr-index.h"

enum vmx_feat_ctl_action vmx_feature_control_decide(uint64_t feat_ctl, uint64_t *new_val)
{
	*new_val = feat_ctl;
	if (feat_ctl & FEAT_CTL_LOCKED) {
		/* Locked until reset: VMXON outside SMX #GPs without bit 2. */
		if (feat_ctl & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)
			return VMX_FEAT_CTL_ENABLED;
		if (feat_ctl & FEAT_CTL_VMX_ENABLED_INSIDE_SMX)
			return VMX_FEAT_CTL_SMX_ONLY;
		return VMX_FEAT_CTL_DISABLED_BY_FIRMWARE;
	}
	/*
	 * Unlocked: keep what the firmware set (SGX, LMCE, SENTER), add VMX
	 * outside SMX and lock. Never add VMX inside SMX: it serves only a TXT
	 * measured launch (Linux sets it only when tboot is active) and writing
	 * it raises #GP on a CPU without SMX.
	 */
	*new_val = feat_ctl | FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;
	return VMX_FEAT_CTL_NEED_ENABLE;
}

const char *vmx_feat_ctl_action_name(enum vmx_feat_ctl_action a)
{
	switch (a) {
	case VMX_FEAT_CTL_ENABLED:		return "enabled";
	case VMX_FEAT_CTL_DISABLED_BY_FIRMWARE:	return "disabled-by-firmware";
	case VMX_FEAT_CTL_SMX_ONLY:		return "vmx-only-inside-smx";
	case VMX_FEAT_CTL_NEED_ENABLE:		return "need-enable";
	}
	return "?";
}

const char *vmx_feat_ctl_advice(enum vmx_feat_ctl_action a)
{
	switch (a) {
	/* Short enough for a report error after "IA32_FEATURE_CONTROL = 0x...: ". */
	case VMX_FEAT_CTL_DISABLED_BY_FIRMWARE:
		return "VT-x is disabled by the firmware (locked with VMX off inside and outside "
		       "SMX): enable Intel Virtualization Technology (VT-x) in the firmware setup";
	case VMX_FEAT_CTL_SMX_ONLY:
		return "the firmware allows VMX only inside SMX, i.e. after an Intel TXT launch, "
		       "which picovisor does not do: in the firmware setup enable VT-x without "
		       "requiring TXT (turn Intel TXT off)";
	case VMX_FEAT_CTL_ENABLED:
	case VMX_FEAT_CTL_NEED_ENABLE:
		break;
	}
	return NULL;
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

unsigned pat_entry(uint64_t pat, unsigned i)
{
	return (unsigned)(pat >> (8 * (i & 7))) & 0xff;
}

/* Types 2 and 3 are reserved, as is anything with bits 7:3 set. */
static bool pat_type_defined(unsigned type)
{
	return type <= X86_MEMTYPE_UC_MINUS && type != 2 && type != 3;
}

const char *pat_type_name(unsigned type)
{
	switch (type) {
	case X86_MEMTYPE_UC:		return "UC";
	case X86_MEMTYPE_WC:		return "WC";
	case X86_MEMTYPE_WT:		return "WT";
	case X86_MEMTYPE_WP:		return "WP";
	case X86_MEMTYPE_WB:		return "WB";
	case X86_MEMTYPE_UC_MINUS:	return "UC-";
	}
	return "reserved";
}

bool pat_valid(uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++)
		if (!pat_type_defined(pat_entry(pat, i)))
			return false;
	return true;
}

bool pat_entry0_is_wb(uint64_t pat)
{
	return pat_entry(pat, 0) == X86_MEMTYPE_WB;
}

uint64_t pat_with_entry0_wb(uint64_t pat)
{
	return (pat & ~(uint64_t)0xff) | X86_MEMTYPE_WB;
}

void pat_print(struct out *o, uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned t = pat_entry(pat, i);

		oprintf(o, "%sPA%u %s", i ? ", " : "", i, pat_type_name(t));
		if (!pat_type_defined(t))
			oprintf(o, " (%u)", t);
	}
}
