/* SPDX-License-Identifier: MIT */
/* Re-delivery of an event a VM exit cut short, on the current VMCS (vmx/redeliver.h). */
#include "vmx/redeliver.h"
#include "lib/out.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/pure/names.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

enum vmx_redeliver_result vmx_redeliver_current(unsigned reason, uint32_t *idt_info)
{
	struct vmx_exit_event e = { .reason = reason };
	struct vmx_reinject out;
	enum vmx_redeliver_result r;

	e.idt_info = vmcs_read32(IDT_VECTORING_INFO_FIELD);
	*idt_info = e.idt_info;
	/* Nothing in delivery and no IRET to re-block NMIs for: the common case, one VMREAD. */
	if (!(e.idt_info & INTR_INFO_VALID) && reason != EXIT_REASON_EXCEPTION_NMI &&
	    reason != EXIT_REASON_EPT_VIOLATION && reason != EXIT_REASON_PML_FULL)
		return REDELIVER_NONE;
	e.virtual_nmis = vmcs_read32(PIN_BASED_VM_EXEC_CONTROL) & PIN_BASED_VIRTUAL_NMIS;
	if (!(e.idt_info & INTR_INFO_VALID) && !e.virtual_nmis)
		return REDELIVER_NONE;
	e.idt_error = vmcs_read32(IDT_VECTORING_ERROR_CODE);
	e.insn_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	e.intr_state = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	e.exit_intr_info = vmcs_read32(VM_EXIT_INTR_INFO);
	e.qual = vmcs_readnat(EXIT_QUALIFICATION);
	e.zero_len_ok = vmcs_config.misc & VMX_MISC_ZERO_LEN_INS;
	r = vmx_redeliver(&e, &out);
	if (r == REDELIVER_INJECT && (vmcs_read32(VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID))
		return REDELIVER_NONE;	/* the handler injected an event of its own */
	if (r != REDELIVER_INJECT && r != REDELIVER_NONE)
		return r;
	if (out.intr_state != e.intr_state)
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, out.intr_state);
	if (r != REDELIVER_INJECT)
		return r;
	if (out.entry_info & INTR_INFO_ERROR_VALID)
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE, out.error);
	if (out.set_len)
		vmcs_write32(VM_ENTRY_INSTRUCTION_LEN, out.insn_len);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, out.entry_info);
	return r;
}

bool vmx_redeliver_resume(unsigned reason, char *why, size_t size)
{
	uint32_t idt_info;
	enum vmx_redeliver_result r = vmx_redeliver_current(reason, &idt_info);

	if (r == REDELIVER_NONE || r == REDELIVER_INJECT)
		return true;
	snfmt(why, size, "exit %u (%s) during event delivery: IDT-vectoring information 0x%x has "
	      "%s, not re-injected", reason, vmx_exit_reason_name(reason), idt_info,
	      vmx_redeliver_result_name(r));
	return false;
}
