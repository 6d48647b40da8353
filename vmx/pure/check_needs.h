/* SPDX-License-Identifier: MIT */
/*
 * What a VT-x check needs (docs/checks.md), declared per table row and
 * judged against the boot CPU's capability MSRs and the negotiated
 * configuration: a feature is checked only when it is advertised (the
 * control's allowed-1 bit, the IA32_VMX_EPT_VPID_CAP bit) AND usable in
 * the configuration picovisor negotiated (secondary controls activated,
 * EPT in use, the VM-entry control negotiated); otherwise the check is
 * skipped with the reason. Pure code.
 */
#ifndef PV_VMX_CHECK_NEEDS_H
#define PV_VMX_CHECK_NEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmx/pure/caps.h"
#include "vmx/pure/negotiate.h"

struct vmx_need {
	uint32_t pin;		/* pin-based controls that must be allowed to be 1 */
	uint32_t proc;		/* primary processor-based */
	uint32_t proc2;		/* secondary processor-based (and the secondary controls in use) */
	uint32_t entry;		/* VM-entry controls the negotiated vmcs_config must hold */
	uint32_t exit;		/* VM-exit controls that must be allowed to be 1 */
	uint32_t ept_cap;	/* IA32_VMX_EPT_VPID_CAP bits 31:0 (EPT in use implied) */
	bool ept;		/* EPT in use */
	bool vpid;		/* VPID in use */
	uint32_t vmfunc;	/* IA32_VMX_VMFUNC bits (VM functions; "enable VM functions" implied) */
};

/*
 * NULL when every need is met; else writes why not into why (e.g. "not
 * advertised: Monitor trap flag (IA32_VMX_TRUE_PROCBASED_CTLS bit 59)")
 * and returns it.
 */
const char *vmx_need_unmet(const struct vmx_need *need, const struct vmx_caps *caps,
			   const struct vmcs_config *cfg, const struct vmx_capability *cap,
			   char *why, size_t len);

/* "2 MiB pages", "accessed and dirty flags", ...: IA32_VMX_EPT_VPID_CAP bit names. */
const char *vmx_ept_cap_name(unsigned bit);

#endif
