/* SPDX-License-Identifier: MIT */
/*
 * The capability block: QEMU scripts/kvm/vmxcap's output, byte for byte,
 * between "BEGIN VMXCAP" and "END VMXCAP" (report contract section 2).
 */
#ifndef PV_VMX_VMXCAP_H
#define PV_VMX_VMXCAP_H

#include "lib/out.h"
#include "vmx/pure/caps.h"

/* Only the lines vmxcap prints, without BEGIN/END. */
void vmxcap_print(struct out *o, const struct vmx_caps *c);
/* "BEGIN VMXCAP\n", vmxcap_print(), "END VMXCAP\n". */
void vmxcap_dump(struct out *o, const struct vmx_caps *c);

#endif
