/* SPDX-License-Identifier: MIT */
/*
 * A check's needs against the capability MSRs and the negotiated
 * configuration (vmx/pure/check_needs.h). Allowed-1 settings are bits
 * 63:32 of the governing control MSR (SDM Vol. 3D A.3-A.5; the TRUE_* MSR
 * when IA32_VMX_BASIC[55]); IA32_VMX_EPT_VPID_CAP is A.10.
 */
#include "arch/x86/msr-index.h"
#include "lib/out.h"
#include "vmx/pure/check_needs.h"
#include "vmx/pure/names.h"
#include "vmx/pure/vmx_defs.h"

const char *vmx_ept_cap_name(unsigned bit)
{
	switch (bit) {
	case 0:
		return "execute-only translations";
	case 6:
		return "page-walk length 4";
	case 14:
		return "write-back EPT paging structures";
	case 16:
		return "2 MiB pages";
	case 17:
		return "1 GiB pages";
	case 20:
		return "INVEPT";
	case 21:
		return "accessed and dirty flags";
	case 22:
		return "advanced VM-exit information for EPT violations";
	case 25:
		return "single-context INVEPT";
	case 26:
		return "all-context INVEPT";
	default:
		return NULL;
	}
}

static unsigned lowest_bit(uint64_t v)
{
	return (unsigned)__builtin_ctzll(v);
}

/* The first bit of want the control word w does not allow to be 1, else -1. */
static int not_allowed(const struct vmx_caps *caps, enum vmx_word w, uint32_t want)
{
	uint32_t allowed1 = (uint32_t)(vmx_caps_ctl_msr(caps, w) >> 32);
	uint32_t missing = want & ~allowed1;

	return missing ? (int)lowest_bit(missing) : -1;
}

static const char *ctl_unmet(const struct vmx_caps *caps, enum vmx_word w, uint32_t want,
			     struct out_buf *b)
{
	int bit = not_allowed(caps, w, want);
	const char *name;

	if (bit < 0)
		return NULL;
	name = vmx_bit_name(w, (unsigned)bit);
	if (!vmx_caps_has(caps, vmx_caps_ctl_msr_number(caps, w)))
		oprintf(&b->out, "not advertised: %s (no %s)", name ? name : "control",
			vmx_msr_name(vmx_caps_ctl_msr_number(caps, w)));
	else
		oprintf(&b->out, "not advertised: %s (%s bit %d)", name ? name : "control",
			vmx_msr_name(vmx_caps_ctl_msr_number(caps, w)), bit + 32);
	return b->buf;
}

const char *vmx_need_unmet(const struct vmx_need *need, const struct vmx_caps *caps,
			   const struct vmcs_config *cfg, const struct vmx_capability *cap,
			   char *why, size_t len)
{
	bool secondary = cfg->cpu_based_exec_ctrl & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	uint32_t proc2 = secondary ? cfg->cpu_based_2nd_exec_ctrl : 0;
	uint32_t proc2_need = need->proc2 | (need->ept || need->ept_cap ? SECONDARY_EXEC_ENABLE_EPT : 0) |
			      (need->vpid ? SECONDARY_EXEC_ENABLE_VPID : 0) |
			      (need->vmfunc ? SECONDARY_EXEC_ENABLE_VMFUNC : 0);
	uint32_t vmfunc_missing = need->vmfunc & ~(uint32_t)vmx_caps_get(caps, MSR_IA32_VMX_VMFUNC);
	struct out_buf b;

	out_buf_init(&b, why, len);
	if (ctl_unmet(caps, VMX_WORD_PIN, need->pin, &b) ||
	    ctl_unmet(caps, VMX_WORD_PROC, need->proc, &b) ||
	    ctl_unmet(caps, VMX_WORD_EXIT, need->exit, &b))
		return why;
	if (proc2_need) {
		if (ctl_unmet(caps, VMX_WORD_PROC, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, &b))
			return why;
		if (!secondary) {
			oputs(&b.out, "not enabled: the secondary controls are not in use");
			return why;
		}
		if (ctl_unmet(caps, VMX_WORD_PROC2, proc2_need, &b))
			return why;
	}
	if (proc2_need & SECONDARY_EXEC_ENABLE_EPT && !(proc2 & SECONDARY_EXEC_ENABLE_EPT)) {
		oputs(&b.out, "not enabled: EPT is advertised but not in use (see \"EPT not used\")");
		return why;
	}
	if (proc2_need & SECONDARY_EXEC_ENABLE_VPID && !(proc2 & SECONDARY_EXEC_ENABLE_VPID)) {
		oputs(&b.out, "not enabled: VPID is advertised but not in use (see \"VPID not used\")");
		return why;
	}
	if (vmfunc_missing) {
		unsigned bit = lowest_bit(vmfunc_missing);

		oprintf(&b.out, "not advertised: %s (IA32_VMX_VMFUNC bit %u)",
			bit == 0 ? "EPTP switching" : "VM function", bit);
		return why;
	}
	if (need->ept_cap & ~cap->ept) {
		unsigned bit = lowest_bit(need->ept_cap & ~cap->ept);
		const char *name = vmx_ept_cap_name(bit);

		oprintf(&b.out, "not advertised: EPT %s (IA32_VMX_EPT_VPID_CAP bit %u)",
			name ? name : "feature", bit);
		return why;
	}
	if (need->entry & ~cfg->vmentry_ctrl) {
		unsigned bit = lowest_bit(need->entry & ~cfg->vmentry_ctrl);
		const char *name = vmx_bit_name(VMX_WORD_ENTRY, bit);

		if (not_allowed(caps, VMX_WORD_ENTRY, need->entry) >= 0)
			ctl_unmet(caps, VMX_WORD_ENTRY, need->entry, &b);
		else
			oprintf(&b.out, "not enabled: %s is not in the negotiated VM-entry controls",
				name ? name : "control");
		return why;
	}
	return NULL;
}
