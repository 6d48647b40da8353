/* SPDX-License-Identifier: MIT */
/* Failure paths of the width-checked VMCS accessors (vmx/vmx_insn.h). */
#include "kernel/panic.h"
#include "vmx/vmx_insn.h"

void vmcs_bad_width(uint32_t field, unsigned want)
{
	static const char *const names[] = { "16-bit", "64-bit", "32-bit", "natural-width" };
	panic("VMCS field 0x%x is %s, accessed as %s", field, names[vmcs_field_width(field)],
	      names[want & 3]);
}

void vmcs_access_failed(const char *insn, uint32_t field, enum vmx_result r)
{
	panic("%s of VMCS field 0x%x failed: %s", insn, field,
	      r == VMX_FAIL_INVALID ? "VMfailInvalid (no current VMCS)"
				    : "VMfailValid (unsupported field component)");
}
