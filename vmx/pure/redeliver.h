/* SPDX-License-Identifier: MIT */
/*
 * VM exits during event delivery (SDM Vol. 3C 28.2.4 "Information for VM
 * Exits During Event Delivery"): the event the exit cut short is in the
 * IDT-vectoring information field, in the format of the VM-entry
 * interruption-information field, and the VMM that resumes the guest must
 * inject it again at the next VM entry (27.6 event injection), or it is
 * lost. This is the decision, from the fields the exit saved; pure code.
 *
 * Also the one case where the exit needs the VMM to set NMI blocking
 * (28.2.2, 28.3.1.5): a fault, EPT violation or page-modification-log-full
 * exit during an IRET that had unblocked virtual NMIs, with no event in
 * delivery, says so in bit 12 ("NMI unblocking due to IRET") of the exit
 * interruption information or qualification; the IRET runs again after
 * the entry, so the blocking it removed must be back.
 */
#ifndef PV_VMX_REDELIVER_H
#define PV_VMX_REDELIVER_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/bits.h"

/* IDT-vectoring information (SDM Table 25-20): as Table 25-17, bit 12 undefined, 30:13 zero. */
#define IDT_VECTORING_KEEP	(BIT(31) | GENMASK(11, 0))	/* what VM entry may be given */

/* Guest interruptibility state (SDM Table 25-3). */
#define GUEST_INTR_STATE_STI		BIT(0)
#define GUEST_INTR_STATE_MOV_SS		BIT(1)
#define GUEST_INTR_STATE_SMI		BIT(2)
#define GUEST_INTR_STATE_NMI		BIT(3)

/* The longest x86 instruction (SDM Vol. 2A 2.3.11); VM entry checks 1..15 for software events. */
#define X86_MAX_INSN_LEN		15

/* What one VM exit saved, as far as re-delivery is concerned. */
struct vmx_exit_event {
	uint32_t idt_info;	/* IDT_VECTORING_INFO_FIELD */
	uint32_t idt_error;	/* IDT_VECTORING_ERROR_CODE */
	uint32_t insn_len;	/* VM_EXIT_INSTRUCTION_LEN */
	uint32_t intr_state;	/* GUEST_INTERRUPTIBILITY_INFO */
	unsigned reason;	/* basic exit reason */
	uint32_t exit_intr_info;	/* VM_EXIT_INTR_INFO (exception / NMI exits) */
	uint64_t qual;		/* EXIT_QUALIFICATION (EPT violation, PML full) */
	bool virtual_nmis;	/* the "virtual NMIs" pin-based control is 1 */
	bool zero_len_ok;	/* IA32_VMX_MISC bit 30: software events of length 0 may be injected */
};

enum vmx_redeliver_result {
	REDELIVER_NONE,		/* no event was in delivery (out->intr_state may still change) */
	REDELIVER_INJECT,	/* write out's entry fields and interruptibility state */
	REDELIVER_BAD_TYPE,	/* type 1 or 7: no event in delivery has it; nothing injected */
	REDELIVER_BAD_VECTOR,	/* an NMI not vector 2, an exception beyond vector 31 */
	REDELIVER_BAD_ERROR,	/* the error-code bit disagrees with the type and vector */
	REDELIVER_BAD_LENGTH,	/* a software event whose length VM entry would refuse */
};

/* The next VM entry's fields: VM_ENTRY_INTR_INFO_FIELD, _EXCEPTION_ERROR_CODE, _INSTRUCTION_LEN. */
struct vmx_reinject {
	uint32_t entry_info;
	uint32_t error;		/* write it when entry_info has INTR_INFO_ERROR_VALID */
	uint32_t insn_len;	/* write it when set_len */
	bool set_len;
	uint32_t intr_state;	/* GUEST_INTERRUPTIBILITY_INFO to enter with */
};

enum vmx_redeliver_result vmx_redeliver(const struct vmx_exit_event *e, struct vmx_reinject *out);
/* "re-injected", "a reserved interruption type", ... */
const char *vmx_redeliver_result_name(enum vmx_redeliver_result r);

#endif
