/* SPDX-License-Identifier: MIT */
/*
 * What the vmxcap block does not show, printed after it: IA32_FEATURE_CONTROL,
 * CR0/CR4 fixed bits, VMCS_ENUM, secondary VM-exit controls, the negotiated
 * vmcs_config, Linux's "vmx flags" line and the raw-MSR log lines.
 */
#ifndef PV_VMX_DUMP_H
#define PV_VMX_DUMP_H

#include "lib/out.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/negotiate.h"

void vmx_dump_feature_control(struct out *o, const struct vmx_caps *c);
void vmx_dump_cr_fixed(struct out *o, const struct vmx_caps *c);
void vmx_dump_vmcs_enum(struct out *o, const struct vmx_caps *c);
void vmx_dump_exit_ctls2(struct out *o, const struct vmx_caps *c);
void vmx_dump_vmcs_config(struct out *o, const struct vmcs_config *cfg,
			  const struct vmx_capability *cap);
/* All of the above (cfg/cap may be NULL: not negotiated), the vmx flags line
 * and the raw-MSR lines, in that order. */
void vmx_dump_extra(struct out *o, const struct vmx_caps *c,
		    const struct vmcs_config *cfg, const struct vmx_capability *cap);

#endif
