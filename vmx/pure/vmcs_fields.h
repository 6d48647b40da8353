/* SPDX-License-Identifier: MIT */
/*
 * VMCS field encodings (SDM Vol. 3D Appendix B), grouped as the SDM groups
 * them, names as Linux's enum vmcs_field. Usable from C and .S.
 *
 * Encoding (SDM 25.11.2): bit 0 access type (1 = high 32 bits of a 64-bit
 * field), bits 9:1 index, bits 11:10 type (control, read-only data, guest,
 * host), bits 14:13 width (16-bit, 64-bit, 32-bit, natural). Pitfall: a
 * VMWRITE to a 64-bit field's full encoding from 32-bit code writes only the
 * low half and clears the high half.
 */
#ifndef PV_VMX_VMCS_FIELDS_H
#define PV_VMX_VMCS_FIELDS_H

/* ---- 16-bit control fields (B.1.1) ---------------------------------------- */
#define VIRTUAL_PROCESSOR_ID		0x00000000
#define POSTED_INTR_NV			0x00000002
#define EPTP_INDEX			0x00000004
#define HLAT_PREFIX_SIZE		0x00000006
#define LAST_PID_POINTER_INDEX		0x00000008
/* ---- 16-bit guest-state fields (B.1.2) ------------------------------------ */
#define GUEST_ES_SELECTOR		0x00000800
#define GUEST_CS_SELECTOR		0x00000802
#define GUEST_SS_SELECTOR		0x00000804
#define GUEST_DS_SELECTOR		0x00000806
#define GUEST_FS_SELECTOR		0x00000808
#define GUEST_GS_SELECTOR		0x0000080a
#define GUEST_LDTR_SELECTOR		0x0000080c
#define GUEST_TR_SELECTOR		0x0000080e
#define GUEST_INTR_STATUS		0x00000810
#define GUEST_PML_INDEX			0x00000812
#define GUEST_UINV			0x00000814
/* ---- 16-bit host-state fields (B.1.3) ------------------------------------- */
#define HOST_ES_SELECTOR		0x00000c00
#define HOST_CS_SELECTOR		0x00000c02
#define HOST_SS_SELECTOR		0x00000c04
#define HOST_DS_SELECTOR		0x00000c06
#define HOST_FS_SELECTOR		0x00000c08
#define HOST_GS_SELECTOR		0x00000c0a
#define HOST_TR_SELECTOR		0x00000c0c

/* ---- 64-bit control fields (B.2.1) ---------------------------------------- */
#define IO_BITMAP_A			0x00002000
#define IO_BITMAP_B			0x00002002
#define MSR_BITMAP			0x00002004
#define VM_EXIT_MSR_STORE_ADDR		0x00002006
#define VM_EXIT_MSR_LOAD_ADDR		0x00002008
#define VM_ENTRY_MSR_LOAD_ADDR		0x0000200a
#define EXECUTIVE_VMCS_POINTER		0x0000200c
#define PML_ADDRESS			0x0000200e
#define TSC_OFFSET			0x00002010
#define VIRTUAL_APIC_PAGE_ADDR		0x00002012
#define APIC_ACCESS_ADDR		0x00002014
#define POSTED_INTR_DESC_ADDR		0x00002016
#define VM_FUNCTION_CONTROL		0x00002018
#define EPT_POINTER			0x0000201a
#define EOI_EXIT_BITMAP0		0x0000201c
#define EOI_EXIT_BITMAP1		0x0000201e
#define EOI_EXIT_BITMAP2		0x00002020
#define EOI_EXIT_BITMAP3		0x00002022
#define EPTP_LIST_ADDRESS		0x00002024
#define VMREAD_BITMAP			0x00002026
#define VMWRITE_BITMAP			0x00002028
#define VE_INFORMATION_ADDRESS		0x0000202a
#define XSS_EXIT_BITMAP			0x0000202c
#define ENCLS_EXITING_BITMAP		0x0000202e
#define SPP_TABLE_POINTER		0x00002030
#define TSC_MULTIPLIER			0x00002032
#define TERTIARY_VM_EXEC_CONTROL	0x00002034
#define ENCLV_EXITING_BITMAP		0x00002036
#define LOW_PASID_DIRECTORY_ADDR	0x00002038
#define HIGH_PASID_DIRECTORY_ADDR	0x0000203a
#define SHARED_EPT_POINTER		0x0000203c
#define PCONFIG_EXITING_BITMAP		0x0000203e
#define HLAT_POINTER			0x00002040
#define PID_POINTER_TABLE		0x00002042
#define SECONDARY_VM_EXIT_CONTROLS	0x00002044
#define IA32_SPEC_CTRL_MASK		0x0000204a
#define IA32_SPEC_CTRL_SHADOW		0x0000204c
/* ---- 64-bit read-only data fields (B.2.2) --------------------------------- */
#define GUEST_PHYSICAL_ADDRESS		0x00002400
/* ---- 64-bit guest-state fields (B.2.3) ------------------------------------ */
#define VMCS_LINK_POINTER		0x00002800
#define GUEST_IA32_DEBUGCTL		0x00002802
#define GUEST_IA32_PAT			0x00002804
#define GUEST_IA32_EFER			0x00002806
#define GUEST_IA32_PERF_GLOBAL_CTRL	0x00002808
#define GUEST_PDPTR0			0x0000280a
#define GUEST_PDPTR1			0x0000280c
#define GUEST_PDPTR2			0x0000280e
#define GUEST_PDPTR3			0x00002810
#define GUEST_BNDCFGS			0x00002812
#define GUEST_IA32_RTIT_CTL		0x00002814
#define GUEST_IA32_LBR_CTL		0x00002816
#define GUEST_IA32_PKRS			0x00002818
/* ---- 64-bit host-state fields (B.2.4) ------------------------------------- */
#define HOST_IA32_PAT			0x00002c00
#define HOST_IA32_EFER			0x00002c02
#define HOST_IA32_PERF_GLOBAL_CTRL	0x00002c04
#define HOST_IA32_PKRS			0x00002c06

/* ---- 32-bit control fields (B.3.1) ---------------------------------------- */
#define PIN_BASED_VM_EXEC_CONTROL	0x00004000
#define CPU_BASED_VM_EXEC_CONTROL	0x00004002
#define EXCEPTION_BITMAP		0x00004004
#define PAGE_FAULT_ERROR_CODE_MASK	0x00004006
#define PAGE_FAULT_ERROR_CODE_MATCH	0x00004008
#define CR3_TARGET_COUNT		0x0000400a
#define VM_EXIT_CONTROLS		0x0000400c
#define VM_EXIT_MSR_STORE_COUNT		0x0000400e
#define VM_EXIT_MSR_LOAD_COUNT		0x00004010
#define VM_ENTRY_CONTROLS		0x00004012
#define VM_ENTRY_MSR_LOAD_COUNT		0x00004014
#define VM_ENTRY_INTR_INFO_FIELD	0x00004016
#define VM_ENTRY_EXCEPTION_ERROR_CODE	0x00004018
#define VM_ENTRY_INSTRUCTION_LEN	0x0000401a
#define TPR_THRESHOLD			0x0000401c
#define SECONDARY_VM_EXEC_CONTROL	0x0000401e
#define PLE_GAP				0x00004020
#define PLE_WINDOW			0x00004022
#define NOTIFY_WINDOW			0x00004024
/* ---- 32-bit read-only data fields (B.3.2) --------------------------------- */
#define VM_INSTRUCTION_ERROR		0x00004400
#define VM_EXIT_REASON			0x00004402
#define VM_EXIT_INTR_INFO		0x00004404
#define VM_EXIT_INTR_ERROR_CODE		0x00004406
#define IDT_VECTORING_INFO_FIELD	0x00004408
#define IDT_VECTORING_ERROR_CODE	0x0000440a
#define VM_EXIT_INSTRUCTION_LEN		0x0000440c
#define VMX_INSTRUCTION_INFO		0x0000440e
/* ---- 32-bit guest-state fields (B.3.3) ------------------------------------ */
#define GUEST_ES_LIMIT			0x00004800
#define GUEST_CS_LIMIT			0x00004802
#define GUEST_SS_LIMIT			0x00004804
#define GUEST_DS_LIMIT			0x00004806
#define GUEST_FS_LIMIT			0x00004808
#define GUEST_GS_LIMIT			0x0000480a
#define GUEST_LDTR_LIMIT		0x0000480c
#define GUEST_TR_LIMIT			0x0000480e
#define GUEST_GDTR_LIMIT		0x00004810
#define GUEST_IDTR_LIMIT		0x00004812
#define GUEST_ES_AR_BYTES		0x00004814
#define GUEST_CS_AR_BYTES		0x00004816
#define GUEST_SS_AR_BYTES		0x00004818
#define GUEST_DS_AR_BYTES		0x0000481a
#define GUEST_FS_AR_BYTES		0x0000481c
#define GUEST_GS_AR_BYTES		0x0000481e
#define GUEST_LDTR_AR_BYTES		0x00004820
#define GUEST_TR_AR_BYTES		0x00004822
#define GUEST_INTERRUPTIBILITY_INFO	0x00004824
#define GUEST_ACTIVITY_STATE		0x00004826
#define GUEST_SMBASE			0x00004828
#define GUEST_SYSENTER_CS		0x0000482a
#define VMX_PREEMPTION_TIMER_VALUE	0x0000482e
/* ---- 32-bit host-state field (B.3.4) -------------------------------------- */
#define HOST_IA32_SYSENTER_CS		0x00004c00

/* ---- natural-width control fields (B.4.1) --------------------------------- */
#define CR0_GUEST_HOST_MASK		0x00006000
#define CR4_GUEST_HOST_MASK		0x00006002
#define CR0_READ_SHADOW			0x00006004
#define CR4_READ_SHADOW			0x00006006
#define CR3_TARGET_VALUE0		0x00006008
#define CR3_TARGET_VALUE1		0x0000600a
#define CR3_TARGET_VALUE2		0x0000600c
#define CR3_TARGET_VALUE3		0x0000600e
/* ---- natural-width read-only data fields (B.4.2) -------------------------- */
#define EXIT_QUALIFICATION		0x00006400
#define EXIT_IO_RCX			0x00006402
#define EXIT_IO_RSI			0x00006404
#define EXIT_IO_RDI			0x00006406
#define EXIT_IO_RIP			0x00006408
#define GUEST_LINEAR_ADDRESS		0x0000640a
/* ---- natural-width guest-state fields (B.4.3) ----------------------------- */
#define GUEST_CR0			0x00006800
#define GUEST_CR3			0x00006802
#define GUEST_CR4			0x00006804
#define GUEST_ES_BASE			0x00006806
#define GUEST_CS_BASE			0x00006808
#define GUEST_SS_BASE			0x0000680a
#define GUEST_DS_BASE			0x0000680c
#define GUEST_FS_BASE			0x0000680e
#define GUEST_GS_BASE			0x00006810
#define GUEST_LDTR_BASE			0x00006812
#define GUEST_TR_BASE			0x00006814
#define GUEST_GDTR_BASE			0x00006816
#define GUEST_IDTR_BASE			0x00006818
#define GUEST_DR7			0x0000681a
#define GUEST_RSP			0x0000681c
#define GUEST_RIP			0x0000681e
#define GUEST_RFLAGS			0x00006820
#define GUEST_PENDING_DBG_EXCEPTIONS	0x00006822
#define GUEST_SYSENTER_ESP		0x00006824
#define GUEST_SYSENTER_EIP		0x00006826
#define GUEST_S_CET			0x00006828
#define GUEST_SSP			0x0000682a
#define GUEST_INTR_SSP_TABLE		0x0000682c
/* ---- natural-width host-state fields (B.4.4) ------------------------------ */
#define HOST_CR0			0x00006c00
#define HOST_CR3			0x00006c02
#define HOST_CR4			0x00006c04
#define HOST_FS_BASE			0x00006c06
#define HOST_GS_BASE			0x00006c08
#define HOST_TR_BASE			0x00006c0a
#define HOST_GDTR_BASE			0x00006c0c
#define HOST_IDTR_BASE			0x00006c0e
#define HOST_IA32_SYSENTER_ESP		0x00006c10
#define HOST_IA32_SYSENTER_EIP		0x00006c12
#define HOST_RSP			0x00006c14
#define HOST_RIP			0x00006c16
#define HOST_S_CET			0x00006c18
#define HOST_SSP			0x00006c1a
#define HOST_INTR_SSP_TABLE		0x00006c1c

/* ---- decoding an encoding ------------------------------------------------- */
#define VMCS_FIELD_ACCESS_HIGH		0x1
#define VMCS_FIELD_INDEX_SHIFT		1
#define VMCS_FIELD_TYPE_SHIFT		10
#define VMCS_FIELD_WIDTH_SHIFT		13
#define VMCS_FIELD_WIDTH_MASK		0x6000

#define VMCS_FIELD_WIDTH_U16		0
#define VMCS_FIELD_WIDTH_U64		1
#define VMCS_FIELD_WIDTH_U32		2
#define VMCS_FIELD_WIDTH_NATURAL	3

#define VMCS_FIELD_TYPE_CONTROL		0
#define VMCS_FIELD_TYPE_READ_ONLY	1
#define VMCS_FIELD_TYPE_GUEST		2
#define VMCS_FIELD_TYPE_HOST		3

/* The HIGH encoding of a 64-bit field accesses bits 63:32 as a 32-bit value. */
#define VMCS_HIGH(field)		((field) | VMCS_FIELD_ACCESS_HIGH)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

static inline unsigned vmcs_field_width(uint32_t field)
{
	return (field >> VMCS_FIELD_WIDTH_SHIFT) & 3;
}

static inline unsigned vmcs_field_type(uint32_t field)
{
	return (field >> VMCS_FIELD_TYPE_SHIFT) & 3;
}

/* Only 64-bit fields have a HIGH access; bit 0 is reserved elsewhere. */
static inline bool vmcs_field_is_high(uint32_t field)
{
	return vmcs_field_width(field) == VMCS_FIELD_WIDTH_U64 &&
	       (field & VMCS_FIELD_ACCESS_HIGH);
}

/*
 * Size in bytes of the value a VMREAD/VMWRITE of this encoding transfers on a
 * 64-bit host (a HIGH access is a 32-bit value). Width-checked accessors use
 * it with _Static_assert/BUILD_BUG-style checks.
 */
static inline unsigned vmcs_field_bytes(uint32_t field)
{
	static const unsigned char bytes[4] = { 2, 8, 4, 8 };

	if (vmcs_field_is_high(field))
		return 4;
	return bytes[vmcs_field_width(field)];
}
#endif

#endif
