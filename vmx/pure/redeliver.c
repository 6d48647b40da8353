/* SPDX-License-Identifier: MIT */
/* Re-delivery of an event a VM exit cut short (SDM Vol. 3C 28.2.4, 27.6, 26.3.1.5). Pure code. */
#include "vmx/pure/redeliver.h"
#include "pure/exceptions.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/pure/vmx_defs.h"

#define EXCP_DF		8	/* double fault */

/*
 * The exit reports that an IRET it interrupted had unblocked NMIs (bit 12
 * of the exit interruption information, SDM 28.2.2, or of the EPT-violation
 * and PML-full qualifications, Tables 28-7, 28-8). The bit is undefined
 * when the exit is a #DF: the IRET's fault did not end the chain there.
 */
static bool iret_unblocked_nmi(const struct vmx_exit_event *e)
{
	struct intr_info i;

	switch (e->reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		exit_decode_intr_info(e->exit_intr_info, &i);
		return i.valid && i.nmi_unblock &&
		       !(i.type == INTR_TYPE_HARD_EXCEPTION && i.vector == EXCP_DF);
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_PML_FULL:
		return e->qual & EPT_VIOL_NMI_UNBLOCK;
	default:
		return false;
	}
}

/* The vector the type allows VM entry to inject (SDM 26.2.1.3). */
static bool vector_fits(unsigned type, unsigned vector)
{
	switch (type) {
	case INTR_TYPE_NMI:
		return vector == X86_TRAP_NMI;
	case INTR_TYPE_HARD_EXCEPTION:
	case INTR_TYPE_SOFT_EXCEPTION:
		return vector < NR_EXCEPTIONS;
	default:
		return true;
	}
}

enum vmx_redeliver_result vmx_redeliver(const struct vmx_exit_event *e, struct vmx_reinject *out)
{
	struct intr_info i;
	bool software;

	*out = (struct vmx_reinject){ .intr_state = e->intr_state };
	exit_decode_intr_info(e->idt_info, &i);
	if (!i.valid) {
		if (e->virtual_nmis && iret_unblocked_nmi(e))
			out->intr_state |= GUEST_INTR_STATE_NMI;
		return REDELIVER_NONE;
	}
	switch (i.type) {
	case INTR_TYPE_EXT_INTR:
	case INTR_TYPE_NMI:
	case INTR_TYPE_HARD_EXCEPTION:
	case INTR_TYPE_SOFT_INTR:
	case INTR_TYPE_PRIV_SW_EXCEPTION:
	case INTR_TYPE_SOFT_EXCEPTION:
		break;
	default:
		return REDELIVER_BAD_TYPE;	/* 1 is unused, 7 (other event) never vectors */
	}
	if (!vector_fits(i.type, i.vector))
		return REDELIVER_BAD_VECTOR;
	/* The CPU pushed (would push) an error code only for these exceptions (SDM 26.2.1.3). */
	if (i.error_valid != (i.type == INTR_TYPE_HARD_EXCEPTION &&
			      exception_has_error_code(i.vector)))
		return REDELIVER_BAD_ERROR;
	software = i.type == INTR_TYPE_SOFT_INTR || i.type == INTR_TYPE_PRIV_SW_EXCEPTION ||
		   i.type == INTR_TYPE_SOFT_EXCEPTION;
	if (software && (e->insn_len > X86_MAX_INSN_LEN || (!e->insn_len && !e->zero_len_ok)))
		return REDELIVER_BAD_LENGTH;

	out->entry_info = e->idt_info & IDT_VECTORING_KEEP;
	out->error = i.error_valid ? e->idt_error : 0;
	/* The return address pushed is RIP + this length (SDM 27.6.1.1): past the INT n. */
	out->set_len = software;
	out->insn_len = software ? e->insn_len : 0;
	switch (i.type) {
	case INTR_TYPE_NMI:
		/*
		 * The cut-short delivery may have left blocking by NMI (virtual-NMI
		 * blocking) set; VM entry refuses it with an NMI to inject under
		 * virtual NMIs, and the NMI's delivery sets it again (26.3.1.5).
		 */
		out->intr_state &= ~(uint32_t)(GUEST_INTR_STATE_NMI | GUEST_INTR_STATE_MOV_SS);
		break;
	case INTR_TYPE_EXT_INTR:
		/* No STI or MOV SS blocking with an external interrupt to inject (26.3.1.5). */
		out->intr_state &= ~(uint32_t)(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);
		break;
	}
	return REDELIVER_INJECT;
}

const char *vmx_redeliver_result_name(enum vmx_redeliver_result r)
{
	switch (r) {
	case REDELIVER_NONE:
		return "no event in delivery";
	case REDELIVER_INJECT:
		return "re-injected";
	case REDELIVER_BAD_TYPE:
		return "a reserved interruption type";
	case REDELIVER_BAD_VECTOR:
		return "a vector its type does not allow";
	case REDELIVER_BAD_ERROR:
		return "an error-code bit the vector contradicts";
	case REDELIVER_BAD_LENGTH:
		return "a software event with an instruction length VM entry refuses";
	}
	return "?";
}
