/* SPDX-License-Identifier: MIT */
/*
 * Decoding of VM-exit information (SDM Vol. 3C 28.2.1 exit qualifications,
 * 25.9.2 interruption information, 28.8 VM-entry failures) and the short
 * lower-case exit-reason names the report uses as keys. Pure code.
 */
#ifndef PV_VMX_EXITINFO_H
#define PV_VMX_EXITINFO_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/bits.h"
#include "lib/out.h"
#include "pure/exceptions.h"

/* Exit qualification for I/O instructions (SDM Table 28-5). */
#define EXIT_QUAL_IO_SIZE_MASK		GENMASK(2, 0)	/* size - 1: 0, 1 or 3 */
#define EXIT_QUAL_IO_IN			BIT(3)
#define EXIT_QUAL_IO_STRING		BIT(4)
#define EXIT_QUAL_IO_REP		BIT(5)
#define EXIT_QUAL_IO_IMM		BIT(6)		/* port in the instruction, not DX */
#define EXIT_QUAL_IO_PORT_SHIFT		16

struct io_qual {
	unsigned size;		/* 1, 2 or 4 bytes; 0 if the encoding is reserved */
	bool in, string, rep, imm;
	uint16_t port;
};

/* Exit qualification for EPT violations (SDM Table 28-7). */
#define EPT_VIOL_READ			BIT(0)
#define EPT_VIOL_WRITE			BIT(1)
#define EPT_VIOL_FETCH			BIT(2)
#define EPT_VIOL_READABLE		BIT(3)
#define EPT_VIOL_WRITABLE		BIT(4)
#define EPT_VIOL_EXECUTABLE		BIT(5)
#define EPT_VIOL_USER_EXECUTABLE	BIT(6)
#define EPT_VIOL_GLA_VALID		BIT(7)
#define EPT_VIOL_GLA_TRANSLATED		BIT(8)	/* valid only with GLA_VALID */
#define EPT_VIOL_NMI_UNBLOCK		BIT(12)

struct ept_qual {
	bool read, write, fetch;		/* the access that faulted */
	bool readable, writable, executable;	/* what the EPT entries allowed */
	bool gla_valid;				/* guest-linear address field is valid */
	bool gla_translated;	/* the access was to the translated address, not a guest paging entry */
	bool nmi_unblock;
};

/* Exit qualification for control-register accesses (SDM Table 28-3). */
#define EXIT_QUAL_CR_NUM_MASK		GENMASK(3, 0)
#define EXIT_QUAL_CR_TYPE_SHIFT		4		/* bits 5:4 */
#define EXIT_QUAL_CR_TYPE_MASK		GENMASK(5, 4)
#define EXIT_QUAL_CR_LMSW_MEM		BIT(6)		/* LMSW operand in memory */
#define EXIT_QUAL_CR_GPR_SHIFT		8		/* bits 11:8, MOV CR only */
#define EXIT_QUAL_CR_GPR_MASK		GENMASK(11, 8)
#define EXIT_QUAL_CR_LMSW_SRC_SHIFT	16		/* bits 31:16, LMSW only */

#define CR_ACCESS_MOV_TO_CR		0
#define CR_ACCESS_MOV_FROM_CR		1
#define CR_ACCESS_CLTS			2
#define CR_ACCESS_LMSW			3

struct cr_qual {
	unsigned cr;		/* 0, 3, 4 or 8 */
	unsigned type;		/* CR_ACCESS_* */
	unsigned gpr;		/* register number: 0 RAX, 1 RCX, ..., 4 RSP, ..., 15 R15 */
	bool lmsw_mem;
	uint16_t lmsw_src;
};

/* VM-exit interruption information (SDM Table 25-17). */
#define INTR_INFO_VECTOR_MASK		GENMASK(7, 0)
#define INTR_INFO_TYPE_SHIFT		8
#define INTR_INFO_TYPE_MASK		GENMASK(10, 8)
#define INTR_INFO_ERROR_VALID		BIT(11)
#define INTR_INFO_NMI_UNBLOCK		BIT(12)
#define INTR_INFO_VALID			BIT(31)

#define INTR_TYPE_EXT_INTR		0
#define INTR_TYPE_NMI			2
#define INTR_TYPE_HARD_EXCEPTION	3
#define INTR_TYPE_SOFT_INTR		4
#define INTR_TYPE_PRIV_SW_EXCEPTION	5
#define INTR_TYPE_SOFT_EXCEPTION	6
#define INTR_TYPE_OTHER_EVENT		7

struct intr_info {
	bool valid;
	unsigned vector, type;
	bool error_valid, nmi_unblock;
};

/* Exit qualification of a failed VM entry for invalid guest state (SDM 28.8). */
#define ENTRY_FAIL_DEFAULT		0
#define ENTRY_FAIL_PDPTE		2
#define ENTRY_FAIL_NMI			3
#define ENTRY_FAIL_VMCS_LINK_PTR	4

void exit_decode_io(uint64_t qual, struct io_qual *q);
void exit_decode_ept(uint64_t qual, struct ept_qual *q);
void exit_decode_intr_info(uint32_t info, struct intr_info *i);
void exit_decode_cr(uint64_t qual, struct cr_qual *q);
/* "MOV to CR4 from RSI", "MOV from CR3 to RAX", "CLTS", "LMSW 0x1 (register)" */
void cr_access_describe(struct out *o, uint64_t qual);

/* "cpuid", "io", "ept_violation", ...; NULL for numbers Appendix C leaves out. */
const char *exit_reason_short(unsigned basic_reason);
/* "hardware exception", "NMI", ... */
const char *intr_type_name(unsigned type);
/* "#PF" etc., "vector N" beyond 31 */
/* Why a VM entry failed, from the basic reason (33, 34, 41) and the qualification. */
void entry_failure_describe(struct out *o, unsigned basic_reason, uint64_t qual);

/* "write at guest-physical 0x200000 (linear 0x200000), EPT entry: not present" */
void ept_violation_describe(struct out *o, uint64_t gpa, uint64_t gla, uint64_t qual);
/* "out 0x3f8, 1 byte" / "rep outs 0x80, 2 bytes" */
void io_describe(struct out *o, uint64_t qual);
/* "#PF (hardware exception) error 0x2" */
void intr_describe(struct out *o, uint32_t info, uint32_t error_code);

#endif
