/* SPDX-License-Identifier: MIT */
/*
 * The IA32_FEATURE_CONTROL decision before VMXON (SDM Vol. 3C 24.7; Linux
 * arch/x86/kernel/cpu/feat_ctl.c): whether the firmware's value allows VMX
 * and what to write when it is unlocked. The kernel side (the MSR access)
 * is vmx/feat_ctl.c. Pure code.
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
