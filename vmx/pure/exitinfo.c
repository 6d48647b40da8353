/* SPDX-License-Identifier: MIT */
/* VM-exit information decoding (SDM Vol. 3C 25.9, 28.2.1, 28.8). Pure code. */
#include "vmx/pure/exitinfo.h"
#include "lib/bits.h"
#include "vmx/pure/vmx_defs.h"

void exit_decode_io(uint64_t qual, struct io_qual *q)
{
	static const unsigned char sizes[8] = { 1, 2, 0, 4, 0, 0, 0, 0 };

	q->size = sizes[qual & EXIT_QUAL_IO_SIZE_MASK];
	q->in = qual & EXIT_QUAL_IO_IN;
	q->string = qual & EXIT_QUAL_IO_STRING;
	q->rep = qual & EXIT_QUAL_IO_REP;
	q->imm = qual & EXIT_QUAL_IO_IMM;
	q->port = (uint16_t)(qual >> EXIT_QUAL_IO_PORT_SHIFT);
}

void exit_decode_ept(uint64_t qual, struct ept_qual *q)
{
	q->read = qual & EPT_VIOL_READ;
	q->write = qual & EPT_VIOL_WRITE;
	q->fetch = qual & EPT_VIOL_FETCH;
	q->readable = qual & EPT_VIOL_READABLE;
	q->writable = qual & EPT_VIOL_WRITABLE;
	q->executable = qual & EPT_VIOL_EXECUTABLE;
	q->gla_valid = qual & EPT_VIOL_GLA_VALID;
	q->gla_translated = q->gla_valid && (qual & EPT_VIOL_GLA_TRANSLATED);
	q->nmi_unblock = qual & EPT_VIOL_NMI_UNBLOCK;
}

void exit_decode_cr(uint64_t qual, struct cr_qual *q)
{
	q->cr = qual & EXIT_QUAL_CR_NUM_MASK;
	q->type = (unsigned)((qual & EXIT_QUAL_CR_TYPE_MASK) >> EXIT_QUAL_CR_TYPE_SHIFT);
	q->gpr = (unsigned)((qual & EXIT_QUAL_CR_GPR_MASK) >> EXIT_QUAL_CR_GPR_SHIFT);
	q->lmsw_mem = qual & EXIT_QUAL_CR_LMSW_MEM;
	q->lmsw_src = (uint16_t)(qual >> EXIT_QUAL_CR_LMSW_SRC_SHIFT);
}

void cr_access_describe(struct out *o, uint64_t qual)
{
	static const char *const gprs[16] = { "RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI",
					      "RDI", "R8", "R9", "R10", "R11", "R12", "R13",
					      "R14", "R15" };
	struct cr_qual q;

	exit_decode_cr(qual, &q);
	switch (q.type) {
	case CR_ACCESS_MOV_TO_CR:
		oprintf(o, "MOV to CR%u from %s", q.cr, gprs[q.gpr]);
		break;
	case CR_ACCESS_MOV_FROM_CR:
		oprintf(o, "MOV from CR%u to %s", q.cr, gprs[q.gpr]);
		break;
	case CR_ACCESS_CLTS:
		oputs(o, "CLTS");
		break;
	default:
		oprintf(o, "LMSW 0x%x (%s)", q.lmsw_src, q.lmsw_mem ? "memory" : "register");
		break;
	}
}

void exit_decode_intr_info(uint32_t info, struct intr_info *i)
{
	i->valid = info & INTR_INFO_VALID;
	i->vector = info & INTR_INFO_VECTOR_MASK;
	i->type = (info & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT;
	i->error_valid = info & INTR_INFO_ERROR_VALID;
	i->nmi_unblock = info & INTR_INFO_NMI_UNBLOCK;
}

const char *intr_type_name(unsigned type)
{
	static const char *const names[8] = {
		"external interrupt", "reserved type 1", "NMI", "hardware exception",
		"software interrupt", "privileged software exception", "software exception",
		"other event",
	};
	return names[type & 7];
}

void entry_failure_describe(struct out *o, unsigned basic_reason, uint64_t qual)
{
	switch (basic_reason) {
	case EXIT_REASON_INVALID_STATE:
		oputs(o, "VM entry failed: invalid guest state");
		if (qual == ENTRY_FAIL_PDPTE)
			oputs(o, " (loading a PDPTE)");
		else if (qual == ENTRY_FAIL_NMI)
			oputs(o, " (NMI injection while blocked by NMI)");
		else if (qual == ENTRY_FAIL_VMCS_LINK_PTR)
			oputs(o, " (invalid VMCS link pointer)");
		else if (qual != ENTRY_FAIL_DEFAULT)
			oprintf(o, " (qualification %llu)", (unsigned long long)qual);
		break;
	case EXIT_REASON_MSR_LOAD_FAIL:
		oprintf(o, "VM entry failed: loading MSR entry %llu of the VM-entry MSR-load area",
			(unsigned long long)qual);
		break;
	case EXIT_REASON_MCE_DURING_VMENTRY:
		oputs(o, "VM entry failed: machine-check event during VM entry");
		break;
	default:
		oprintf(o, "VM entry failed: exit reason %u, qualification 0x%llx", basic_reason,
			(unsigned long long)qual);
		break;
	}
}

void ept_violation_describe(struct out *o, uint64_t gpa, uint64_t gla, uint64_t qual)
{
	struct ept_qual q;

	exit_decode_ept(qual, &q);
	oprintf(o, "%s%s%s%s at guest-physical 0x%llx", q.read ? "read" : "",
		q.read && (q.write || q.fetch) ? "/" : "", q.write ? "write" : "",
		q.fetch ? (q.read || q.write ? "/fetch" : "fetch") : "", (unsigned long long)gpa);
	if (q.gla_valid)
		oprintf(o, " (linear 0x%llx%s)", (unsigned long long)gla,
			q.gla_translated ? "" : ", a guest paging-structure access");
	if (!(qual & (EPT_VIOL_READABLE | EPT_VIOL_WRITABLE | EPT_VIOL_EXECUTABLE)))
		oputs(o, ", EPT entry: not present");
	else
		oprintf(o, ", EPT entry allows %s%s%s", q.readable ? "r" : "-",
			q.writable ? "w" : "-", q.executable ? "x" : "-");
}

void io_describe(struct out *o, uint64_t qual)
{
	struct io_qual q;

	exit_decode_io(qual, &q);
	oprintf(o, "%s%s%s 0x%x, %u byte%s", q.rep ? "rep " : "", q.in ? "in" : "out",
		q.string ? "s" : "", q.port, q.size, q.size == 1 ? "" : "s");
}

void intr_describe(struct out *o, uint32_t info, uint32_t error_code)
{
	struct intr_info i;

	exit_decode_intr_info(info, &i);
	if (!i.valid) {
		oputs(o, "no event (interruption information not valid)");
		return;
	}
	if (i.type == INTR_TYPE_HARD_EXCEPTION || i.type == INTR_TYPE_SOFT_EXCEPTION ||
	    i.type == INTR_TYPE_PRIV_SW_EXCEPTION)
		oprintf(o, "%s (%s, vector %u)", exception_mnemonic(i.vector),
			intr_type_name(i.type), i.vector);
	else
		oprintf(o, "%s, vector %u", intr_type_name(i.type), i.vector);
	if (i.error_valid)
		oprintf(o, " error code 0x%x", error_code);
}
