/* SPDX-License-Identifier: MIT */
/*
 * AMD-V (SVM) architectural facts, named and grouped as the AMD64
 * Architecture Programmer's Manual Vol. 2 (publication 24593) groups them:
 * chapter 15 "Secure Virtual Machine", Appendix B "Layout of VMCB" and
 * Appendix C "SVM Intercept Exit Codes". Names follow Linux's scheme
 * (arch/x86/include/asm/svm.h, uapi/asm/svm.h) where Linux has one.
 * The constants are usable from C and .S; the VMCB structures from C only.
 */
#ifndef PV_SVM_SVM_DEFS_H
#define PV_SVM_SVM_DEFS_H

#include "lib/bits.h"
#include "arch/x86/msr-index.h"

/* ---- CPUID (APM Vol. 3 Appendix E.4) --------------------------------------- */
#define CPUID_80000001_ECX_SVM		BIT(2)	/* SVM supported */
#define CPUID_80000001_EDX_FPU		BIT(0)	/* mirrors CPUID 1 EDX on AMD */
#define CPUID_80000001_EDX_SYSCALL	BIT(11)
#define CPUID_80000001_EDX_NX		BIT(20)
#define CPUID_80000001_EDX_FXSR		BIT(24)	/* mirrors CPUID 1 EDX on AMD */
#define CPUID_80000001_EDX_FFXSR	BIT(25)
#define CPUID_80000001_EDX_LM		BIT(29)
#define CPUID_80000001_ECX_OSVW		BIT(9)	/* OS visible workarounds */
#define CPUID_80000001_ECX_TCE		BIT(17)

#define SVM_CPUID_FUNC			0x8000000a
#define SVM_CPUID_REVISION_MASK		GENMASK(7, 0)	/* EAX: SvmRev */
/* EBX: NASID, the number of ASIDs (ASID 0 is the host's). */

/*
 * CPUID Fn8000_000A EDX: SVM features (APM Vol. 3 E.4.9). The comment is the
 * /proc/cpuinfo name Linux gives the bit (arch/x86/include/asm/cpufeatures.h
 * word 15; "-" where Linux hides the flag or does not define it).
 */
#define SVM_FEAT_NP			BIT(0)	/* npt: nested paging */
#define SVM_FEAT_LBRV			BIT(1)	/* lbrv: LBR virtualization */
#define SVM_FEAT_SVML			BIT(2)	/* svm_lock: VM_CR.LOCK and SVM_KEY */
#define SVM_FEAT_NRIPS			BIT(3)	/* nrip_save: next RIP saved on #VMEXIT */
#define SVM_FEAT_TSC_RATE		BIT(4)	/* tsc_scale: MSR TSC ratio */
/* MSR TSC_RATIO (APM Vol. 2 15.30.5): 8.32 fixed point, 1.0 = 1 << 32. */
#define SVM_TSC_RATIO_SHIFT		32
#define SVM_FEAT_VMCB_CLEAN		BIT(5)	/* vmcb_clean: VMCB clean bits */
#define SVM_FEAT_FLUSH_BY_ASID		BIT(6)	/* flushbyasid: TLB_CONTROL 3 and 7 */
#define SVM_FEAT_DECODE_ASSISTS		BIT(7)	/* decodeassists */
#define SVM_FEAT_SSE_DIS		BIT(9)	/* -: SSSE3/SSE5 opcode set disable */
#define SVM_FEAT_PAUSE_FILTER		BIT(10)	/* pausefilter */
#define SVM_FEAT_PAUSE_FILTER_THRESH	BIT(12)	/* pfthreshold */
#define SVM_FEAT_AVIC			BIT(13)	/* avic */
#define SVM_FEAT_V_VMSAVE_VMLOAD	BIT(15)	/* v_vmsave_vmload */
#define SVM_FEAT_VGIF			BIT(16)	/* vgif: virtual GIF */
#define SVM_FEAT_GMET			BIT(17)	/* -: guest mode execute trap */
#define SVM_FEAT_X2AVIC			BIT(18)	/* x2avic */
#define SVM_FEAT_SSS_CHECK		BIT(19)	/* -: supervisor shadow stack */
#define SVM_FEAT_V_SPEC_CTRL		BIT(20)	/* v_spec_ctrl */
#define SVM_FEAT_ROGPT			BIT(21)	/* -: read-only guest page table */
#define SVM_FEAT_HOST_MCE_OVERRIDE	BIT(23)	/* - */
#define SVM_FEAT_TLBI_CTL		BIT(24)	/* -: INVLPGB/TLBSYNC intercept enable */
#define SVM_FEAT_VNMI			BIT(25)	/* vnmi: virtual NMI */
#define SVM_FEAT_IBS_VIRT		BIT(26)	/* - */
#define SVM_FEAT_EXT_LVT_AVIC		BIT(27)	/* -: extended LVT AVIC access changes */
#define SVM_FEAT_SVME_ADDR_CHK		BIT(28)	/* -: guest SVME address check */
#define SVM_FEAT_BUS_LOCK_THRESH	BIT(29)	/* - */
#define SVM_FEAT_IDLE_HLT		BIT(30)	/* -: idle HLT intercept */

/* CPUID Fn8000_001F: AMD memory encryption (APM Vol. 3 E.4.17). */
#define CPUID_8000001F_EAX_SME		BIT(0)
#define CPUID_8000001F_EAX_SEV		BIT(1)
#define CPUID_8000001F_EAX_VM_PAGE_FLUSH BIT(2)
#define CPUID_8000001F_EAX_SEV_ES	BIT(3)
#define CPUID_8000001F_EAX_SEV_SNP	BIT(4)
#define CPUID_8000001F_EAX_VMPL		BIT(5)
#define CPUID_8000001F_EBX_CBIT_MASK	GENMASK(5, 0)	/* C-bit position in a PTE */
#define CPUID_8000001F_EBX_PHYS_RED_SHIFT 6
#define CPUID_8000001F_EBX_PHYS_RED_MASK GENMASK(11, 6)	/* physical address bits lost */
#define CPUID_8000001F_EBX_VMPL_SHIFT	12
#define CPUID_8000001F_EBX_VMPL_MASK	GENMASK(15, 12)	/* number of VMPLs */
/* ECX: number of encrypted guests supported at once; EDX: minimum SEV ASID. */

/* ---- MSRs (APM Vol. 2 15.30 "SVM-Related MSRs") ---------------------------- */
/* VM_CR bits (MSR_VM_CR and the others: arch/x86/msr-index.h). */
#define   SVM_VM_CR_DPD			BIT(0)	/* disable external debug port */
#define   SVM_VM_CR_R_INIT		BIT(1)	/* INIT becomes #SX */
#define   SVM_VM_CR_DIS_A20M		BIT(2)
#define   SVM_VM_CR_LOCK		BIT(3)	/* LOCK and SVMDIS are read-only */
#define   SVM_VM_CR_SVMDIS		BIT(4)	/* EFER.SVME becomes MBZ */
#define   SVM_VM_CR_RESERVED		GENMASK(63, 5)

/* ---- VMCB control area intercept vectors (APM Table B-1) ------------------- */
/* Offset 000h: CR reads (bits 15:0) and writes (31:16); 004h: DR likewise;
 * 008h: exceptions, one bit per vector. */
#define INTERCEPT_CR_READ(n)		BIT(n)
#define INTERCEPT_CR_WRITE(n)		BIT(16 + (n))
/* A MOV CRx exit's EXITINFO1 with decode assists (APM "Decode Assists"): MOV CRx, and its GPR. */
#define SVM_EXITINFO1_CR_MOV		BIT(63)
#define SVM_EXITINFO1_CR_GPR		GENMASK(3, 0)

/* Offset 00Ch ("misc 1"). */
#define INTERCEPT_INTR			BIT(0)
#define INTERCEPT_NMI			BIT(1)
#define INTERCEPT_SMI			BIT(2)
#define INTERCEPT_INIT			BIT(3)
#define INTERCEPT_VINTR			BIT(4)
#define INTERCEPT_SELECTIVE_CR0		BIT(5)
#define INTERCEPT_STORE_IDTR		BIT(6)
#define INTERCEPT_STORE_GDTR		BIT(7)
#define INTERCEPT_STORE_LDTR		BIT(8)
#define INTERCEPT_STORE_TR		BIT(9)
#define INTERCEPT_LOAD_IDTR		BIT(10)
#define INTERCEPT_LOAD_GDTR		BIT(11)
#define INTERCEPT_LOAD_LDTR		BIT(12)
#define INTERCEPT_LOAD_TR		BIT(13)
#define INTERCEPT_RDTSC			BIT(14)
#define INTERCEPT_RDPMC			BIT(15)
#define INTERCEPT_PUSHF			BIT(16)
#define INTERCEPT_POPF			BIT(17)
#define INTERCEPT_CPUID			BIT(18)
#define INTERCEPT_RSM			BIT(19)
#define INTERCEPT_IRET			BIT(20)
#define INTERCEPT_INTn			BIT(21)
#define INTERCEPT_INVD			BIT(22)
#define INTERCEPT_PAUSE			BIT(23)
#define INTERCEPT_HLT			BIT(24)
#define INTERCEPT_INVLPG		BIT(25)
#define INTERCEPT_INVLPGA		BIT(26)
#define INTERCEPT_IOIO_PROT		BIT(27)	/* use the I/O permission map */
#define INTERCEPT_MSR_PROT		BIT(28)	/* use the MSR permission map */
#define INTERCEPT_TASK_SWITCH		BIT(29)
#define INTERCEPT_FERR_FREEZE		BIT(30)
#define INTERCEPT_SHUTDOWN		BIT(31)

/* Offset 010h ("misc 2"). VMRUN must be intercepted or VMRUN fails. */
#define INTERCEPT_VMRUN			BIT(0)
#define INTERCEPT_VMMCALL		BIT(1)
#define INTERCEPT_VMLOAD		BIT(2)
#define INTERCEPT_VMSAVE		BIT(3)
#define INTERCEPT_STGI			BIT(4)
#define INTERCEPT_CLGI			BIT(5)
#define INTERCEPT_SKINIT		BIT(6)
#define INTERCEPT_RDTSCP		BIT(7)
#define INTERCEPT_ICEBP			BIT(8)
#define INTERCEPT_WBINVD		BIT(9)
#define INTERCEPT_MONITOR		BIT(10)
#define INTERCEPT_MWAIT			BIT(11)
#define INTERCEPT_MWAIT_COND		BIT(12)
#define INTERCEPT_XSETBV		BIT(13)
#define INTERCEPT_RDPRU			BIT(14)
#define TRAP_EFER_WRITE			BIT(15)
#define TRAP_CR_WRITE(n)		BIT(16 + (n))

/* Offset 014h ("misc 3"). */
#define INTERCEPT_INVLPGB		BIT(0)
#define INTERCEPT_INVLPGB_ILLEGAL	BIT(1)
#define INTERCEPT_INVPCID		BIT(2)
#define INTERCEPT_MCOMMIT		BIT(3)
#define INTERCEPT_TLBSYNC		BIT(4)
#define INTERCEPT_BUSLOCK		BIT(5)
#define INTERCEPT_IDLE_HLT		BIT(6)

/* ---- other control-area fields (APM Table B-1) ------------------------------ */
/* TLB_CONTROL, offset 05Ch (15.16.1). 3 and 7 need SVM_FEAT_FLUSH_BY_ASID. */
#define TLB_CONTROL_DO_NOTHING		0
#define TLB_CONTROL_FLUSH_ALL_ASID	1
#define TLB_CONTROL_FLUSH_ASID		3
#define TLB_CONTROL_FLUSH_ASID_LOCAL	7

/* Virtual interrupt control, offset 060h (15.21). */
#define V_TPR_MASK			GENMASK(7, 0)
#define V_IRQ_MASK			BIT(8)
#define V_GIF_MASK			BIT(9)
#define V_NMI_PENDING_MASK		BIT(11)
#define V_NMI_BLOCKING_MASK		BIT(12)
#define V_INTR_PRIO_MASK		GENMASK(19, 16)
#define V_IGN_TPR_MASK			BIT(20)
#define V_INTR_MASKING_MASK		BIT(24)
#define V_GIF_ENABLE_MASK		BIT(25)
#define V_NMI_ENABLE_MASK		BIT(26)
#define X2APIC_MODE_MASK		BIT(30)
#define AVIC_ENABLE_MASK		BIT(31)

/* Interrupt shadow, offset 068h. */
#define SVM_INTERRUPT_SHADOW_MASK	BIT(0)
#define SVM_GUEST_INTERRUPT_MASK	BIT(1)

/* Offset 090h: nested paging and memory encryption enables (15.25.3, 15.34). */
#define SVM_NESTED_CTL_NP_ENABLE	BIT(0)
#define SVM_NESTED_CTL_SEV_ENABLE	BIT(1)
#define SVM_NESTED_CTL_SEV_ES_ENABLE	BIT(2)
#define SVM_NESTED_CTL_GMET		BIT(3)

/* Offset 0B8h. */
#define SVM_LBR_CTL_ENABLE		BIT(0)
#define SVM_VIRTUAL_VMLOAD_VMSAVE	BIT(1)

/* VMCB clean bits, offset 0C0h (15.15.3): a set bit means "unchanged". */
#define VMCB_CLEAN_INTERCEPTS		BIT(0)	/* intercepts, TSC offset, pause filter */
#define VMCB_CLEAN_PERM_MAP		BIT(1)	/* IOPM_BASE, MSRPM_BASE */
#define VMCB_CLEAN_ASID			BIT(2)
#define VMCB_CLEAN_INTR			BIT(3)	/* V_TPR .. V_INTR_VECTOR */
#define VMCB_CLEAN_NPT			BIT(4)	/* NP_ENABLE, N_CR3, G_PAT */
#define VMCB_CLEAN_CR			BIT(5)	/* CR0, CR3, CR4, EFER */
#define VMCB_CLEAN_DR			BIT(6)	/* DR6, DR7 */
#define VMCB_CLEAN_DT			BIT(7)	/* GDTR, IDTR */
#define VMCB_CLEAN_SEG			BIT(8)	/* CS, DS, SS, ES, CPL */
#define VMCB_CLEAN_CR2			BIT(9)
#define VMCB_CLEAN_LBR			BIT(10)
#define VMCB_CLEAN_AVIC			BIT(11)
#define VMCB_CLEAN_CET			BIT(12)

/*
 * EVENTINJ (offset 0A8h) and EXITINTINFO (088h) share one format (15.20):
 * vector 7:0, type 10:8, error code valid 11, valid 31, error code 63:32.
 * Types 1 and 5..7 are reserved.
 */
#define SVM_EVTINJ_VEC_MASK		GENMASK(7, 0)
#define SVM_EVTINJ_TYPE_SHIFT		8
#define SVM_EVTINJ_TYPE_MASK		GENMASK(10, 8)
#define   SVM_EVTINJ_TYPE_INTR		0
#define   SVM_EVTINJ_TYPE_NMI		2
#define   SVM_EVTINJ_TYPE_EXEPT		3
#define   SVM_EVTINJ_TYPE_SOFT		4
#define SVM_EVTINJ_VALID_ERR		BIT(11)
#define SVM_EVTINJ_VALID		BIT(31)
#define SVM_EVTINJ_ERRCODE_SHIFT	32

/* Segment attributes in the VMCB (APM B.2): descriptor bits 47:40 and 55:52. */
#define SVM_SELECTOR_TYPE_MASK		GENMASK(3, 0)
#define SVM_SELECTOR_S_MASK		BIT(4)
#define SVM_SELECTOR_DPL_SHIFT		5
#define SVM_SELECTOR_DPL_MASK		GENMASK(6, 5)
#define SVM_SELECTOR_P_MASK		BIT(7)
#define SVM_SELECTOR_AVL_MASK		BIT(8)
#define SVM_SELECTOR_L_MASK		BIT(9)
#define SVM_SELECTOR_DB_MASK		BIT(10)
#define SVM_SELECTOR_G_MASK		BIT(11)

/* ---- permission maps (15.10.1, 15.11) ----------------------------------------- */
#define SVM_IOPM_SIZE			0x3000	/* 12 KiB: one bit per port, + 3 bytes used */
#define SVM_MSRPM_SIZE			0x2000	/* 8 KiB: two bits (R, W) per MSR */

/* ---- #VMEXIT codes (APM Appendix C) --------------------------------------------- */
#define SVM_EXIT_READ_CR0		0x000	/* 0x000..0x00f: CRn read */
#define SVM_EXIT_WRITE_CR0		0x010	/* 0x010..0x01f: CRn write */
#define SVM_EXIT_READ_DR0		0x020	/* 0x020..0x02f: DRn read */
#define SVM_EXIT_WRITE_DR0		0x030	/* 0x030..0x03f: DRn write */
#define SVM_EXIT_EXCP_BASE		0x040	/* 0x040..0x05f: exception vector n */
#define SVM_EXIT_LAST_EXCP		0x05f
#define SVM_EXIT_INTR			0x060
#define SVM_EXIT_NMI			0x061
#define SVM_EXIT_SMI			0x062
#define SVM_EXIT_INIT			0x063
#define SVM_EXIT_VINTR			0x064
#define SVM_EXIT_CR0_SEL_WRITE		0x065
#define SVM_EXIT_IDTR_READ		0x066
#define SVM_EXIT_GDTR_READ		0x067
#define SVM_EXIT_LDTR_READ		0x068
#define SVM_EXIT_TR_READ		0x069
#define SVM_EXIT_IDTR_WRITE		0x06a
#define SVM_EXIT_GDTR_WRITE		0x06b
#define SVM_EXIT_LDTR_WRITE		0x06c
#define SVM_EXIT_TR_WRITE		0x06d
#define SVM_EXIT_RDTSC			0x06e
#define SVM_EXIT_RDPMC			0x06f
#define SVM_EXIT_PUSHF			0x070
#define SVM_EXIT_POPF			0x071
#define SVM_EXIT_CPUID			0x072
#define SVM_EXIT_RSM			0x073
#define SVM_EXIT_IRET			0x074
#define SVM_EXIT_SWINT			0x075
#define SVM_EXIT_INVD			0x076
#define SVM_EXIT_PAUSE			0x077
#define SVM_EXIT_HLT			0x078
#define SVM_EXIT_INVLPG			0x079
#define SVM_EXIT_INVLPGA		0x07a
#define SVM_EXIT_IOIO			0x07b
#define SVM_EXIT_MSR			0x07c
#define SVM_EXIT_TASK_SWITCH		0x07d
#define SVM_EXIT_FERR_FREEZE		0x07e
#define SVM_EXIT_SHUTDOWN		0x07f
#define SVM_EXIT_VMRUN			0x080
#define SVM_EXIT_VMMCALL		0x081
#define SVM_EXIT_VMLOAD			0x082
#define SVM_EXIT_VMSAVE			0x083
#define SVM_EXIT_STGI			0x084
#define SVM_EXIT_CLGI			0x085
#define SVM_EXIT_SKINIT			0x086
#define SVM_EXIT_RDTSCP			0x087
#define SVM_EXIT_ICEBP			0x088
#define SVM_EXIT_WBINVD			0x089
#define SVM_EXIT_MONITOR		0x08a
#define SVM_EXIT_MWAIT			0x08b
#define SVM_EXIT_MWAIT_COND		0x08c
#define SVM_EXIT_XSETBV			0x08d
#define SVM_EXIT_RDPRU			0x08e
#define SVM_EXIT_EFER_WRITE_TRAP	0x08f
#define SVM_EXIT_CR0_WRITE_TRAP		0x090	/* 0x090..0x09f: CRn write trap */
#define SVM_EXIT_INVLPGB		0x0a0
#define SVM_EXIT_INVLPGB_ILLEGAL	0x0a1
#define SVM_EXIT_INVPCID		0x0a2
#define SVM_EXIT_MCOMMIT		0x0a3
#define SVM_EXIT_TLBSYNC		0x0a4
#define SVM_EXIT_BUS_LOCK		0x0a5
#define SVM_EXIT_IDLE_HLT		0x0a6
#define SVM_EXIT_NPF			0x400
#define SVM_EXIT_AVIC_INCOMPLETE_IPI	0x401
#define SVM_EXIT_AVIC_NOACCEL		0x402
#define SVM_EXIT_VMGEXIT		0x403
/*
 * Negative codes. EXITCODE is 64 bits, but QEMU TCG stores VMEXIT_INVALID as
 * 0x00000000FFFFFFFF: compare the low 32 bits (svm_exit_is_invalid()).
 */
#define SVM_EXIT_INVALID		0xffffffffffffffffULL	/* -1: VMRUN refused the VMCB */
#define SVM_EXIT_BUSY			0xfffffffffffffffeULL	/* -2: VMSA busy (SEV-SNP) */

/* EXITINFO1 of an IOIO intercept (15.10.2). EXITINFO2 holds the next RIP. */
#define SVM_IOIO_TYPE_IN		BIT(0)
#define SVM_IOIO_STR			BIT(2)
#define SVM_IOIO_REP			BIT(3)
#define SVM_IOIO_SZ8			BIT(4)
#define SVM_IOIO_SZ16			BIT(5)
#define SVM_IOIO_SZ32			BIT(6)
#define SVM_IOIO_A16			BIT(7)
#define SVM_IOIO_A32			BIT(8)
#define SVM_IOIO_A64			BIT(9)
#define SVM_IOIO_SEG_SHIFT		10	/* effective segment, decode assists */
#define SVM_IOIO_SEG_MASK		GENMASK(12, 10)
#define SVM_IOIO_PORT_SHIFT		16
#define SVM_IOIO_PORT_MASK		GENMASK(31, 16)

/*
 * EXITINFO1 of a nested page fault (15.25.6): a #PF error code for the
 * nested walk plus where the walk failed. EXITINFO2 is the guest-physical
 * address.
 */
#define SVM_NPF_P			BIT(0)	/* the nested entry was present */
#define SVM_NPF_RW			BIT(1)	/* write access */
#define SVM_NPF_US			BIT(2)	/* user access (always 1 for nested walks) */
#define SVM_NPF_RSV			BIT(3)	/* reserved bit set in a nested entry */
#define SVM_NPF_ID			BIT(4)	/* instruction fetch */
#define SVM_NPF_PK			BIT(5)
#define SVM_NPF_SS			BIT(6)	/* shadow-stack access */
#define SVM_NPF_RMP			BIT(31)	/* RMP check failed (SEV-SNP) */
#define SVM_NPF_GUEST_FINAL		BIT(32)	/* translating the final guest-physical address */
#define SVM_NPF_GUEST_TABLE		BIT(33)	/* translating a guest page-table access */
#define SVM_NPF_ENC			BIT(34)	/* encrypted access (SEV-SNP) */
#define SVM_NPF_SIZEM			BIT(35)	/* page size mismatch (SEV-SNP) */
#define SVM_NPF_VMPL			BIT(36)	/* VMPL permission (SEV-SNP) */

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * The VMCB (APM Appendix B): one 4 KiB page, control area at 000h (Table
 * B-1, 0x400 bytes), state save area at 400h (Table B-2). Every field is
 * naturally aligned, so the layout needs no packed attribute; the asserts
 * below pin every offset the code uses. Reserved ranges are "rsvd_<offset>".
 */
struct vmcb_seg {
	uint16_t selector;
	uint16_t attrib;	/* SVM_SELECTOR_* */
	uint32_t limit;
	uint64_t base;
};

struct vmcb_control {
	uint32_t intercept_cr;		/* 000h */
	uint32_t intercept_dr;		/* 004h */
	uint32_t intercept_exceptions;	/* 008h */
	uint32_t intercept_misc1;	/* 00Ch: INTERCEPT_INTR .. SHUTDOWN */
	uint32_t intercept_misc2;	/* 010h: INTERCEPT_VMRUN .. TRAP_CR_WRITE */
	uint32_t intercept_misc3;	/* 014h: INTERCEPT_INVLPGB .. IDLE_HLT */
	uint8_t rsvd_018[0x03c - 0x018];
	uint16_t pause_filter_thresh;	/* 03Ch */
	uint16_t pause_filter_count;	/* 03Eh */
	uint64_t iopm_base_pa;		/* 040h */
	uint64_t msrpm_base_pa;		/* 048h */
	uint64_t tsc_offset;		/* 050h */
	uint32_t asid;			/* 058h */
	uint8_t tlb_control;		/* 05Ch */
	uint8_t rsvd_05d[3];
	uint32_t int_ctl;		/* 060h: V_TPR .. AVIC_ENABLE */
	uint32_t int_vector;		/* 064h */
	uint64_t int_state;		/* 068h: SVM_INTERRUPT_SHADOW_MASK */
	uint64_t exit_code;		/* 070h */
	uint64_t exit_info_1;		/* 078h */
	uint64_t exit_info_2;		/* 080h */
	uint64_t exit_int_info;		/* 088h: EVENTINJ format */
	uint64_t nested_ctl;		/* 090h: SVM_NESTED_CTL_* */
	uint64_t avic_vapic_bar;	/* 098h */
	uint64_t ghcb_gpa;		/* 0A0h */
	uint64_t event_inj;		/* 0A8h: EVENTINJ, error code in 63:32 */
	uint64_t nested_cr3;		/* 0B0h: N_CR3 */
	uint64_t virt_ext;		/* 0B8h: SVM_LBR_CTL_ENABLE .. */
	uint32_t clean;			/* 0C0h: VMCB_CLEAN_* */
	uint32_t rsvd_0c4;
	uint64_t next_rip;		/* 0C8h: nRIP (SVM_FEAT_NRIPS) */
	uint8_t insn_len;		/* 0D0h: bytes fetched (decode assists) */
	uint8_t insn_bytes[15];		/* 0D1h */
	uint64_t avic_backing_page;	/* 0E0h */
	uint8_t rsvd_0e8[8];
	uint64_t avic_logical_id;	/* 0F0h */
	uint64_t avic_physical_id;	/* 0F8h */
	uint8_t rsvd_100[8];
	uint64_t vmsa_pa;		/* 108h: SEV-ES */
	uint8_t rsvd_110[0x3e0 - 0x110];
	uint8_t software[32];		/* 3E0h: reserved for the hypervisor */
};

struct vmcb_save {
	struct vmcb_seg es;		/* 400h */
	struct vmcb_seg cs;		/* 410h */
	struct vmcb_seg ss;		/* 420h */
	struct vmcb_seg ds;		/* 430h */
	struct vmcb_seg fs;		/* 440h */
	struct vmcb_seg gs;		/* 450h */
	struct vmcb_seg gdtr;		/* 460h: limit and base only */
	struct vmcb_seg ldtr;		/* 470h */
	struct vmcb_seg idtr;		/* 480h: limit and base only */
	struct vmcb_seg tr;		/* 490h */
	uint8_t rsvd_4a0[0x4cb - 0x4a0];
	uint8_t cpl;			/* 4CBh */
	uint32_t rsvd_4cc;
	uint64_t efer;			/* 4D0h */
	uint8_t rsvd_4d8[0x548 - 0x4d8];
	uint64_t cr4;			/* 548h */
	uint64_t cr3;			/* 550h */
	uint64_t cr0;			/* 558h */
	uint64_t dr7;			/* 560h */
	uint64_t dr6;			/* 568h */
	uint64_t rflags;		/* 570h */
	uint64_t rip;			/* 578h */
	uint8_t rsvd_580[0x5d8 - 0x580];
	uint64_t rsp;			/* 5D8h */
	uint64_t s_cet;			/* 5E0h */
	uint64_t ssp;			/* 5E8h */
	uint64_t isst_addr;		/* 5F0h */
	uint64_t rax;			/* 5F8h */
	uint64_t star;			/* 600h */
	uint64_t lstar;			/* 608h */
	uint64_t cstar;			/* 610h */
	uint64_t sfmask;		/* 618h */
	uint64_t kernel_gs_base;	/* 620h */
	uint64_t sysenter_cs;		/* 628h */
	uint64_t sysenter_esp;		/* 630h */
	uint64_t sysenter_eip;		/* 638h */
	uint64_t cr2;			/* 640h */
	uint8_t rsvd_648[0x668 - 0x648];
	uint64_t g_pat;			/* 668h: guest PAT, used with nested paging */
	uint64_t dbgctl;		/* 670h */
	uint64_t br_from;		/* 678h */
	uint64_t br_to;			/* 680h */
	uint64_t last_excp_from;	/* 688h */
	uint64_t last_excp_to;		/* 690h */
	uint8_t rsvd_698[0x6e0 - 0x698];
	uint64_t spec_ctrl;		/* 6E0h */
};

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
	uint8_t rsvd_6e8[0x1000 - 0x6e8];
};

#define VMCB_OFF(f)		__builtin_offsetof(struct vmcb, f)
_Static_assert(sizeof(struct vmcb_seg) == 16, "vmcb_seg");
_Static_assert(sizeof(struct vmcb_control) == 0x400, "control area is 0x400 bytes");
_Static_assert(sizeof(struct vmcb_save) == 0x2e8, "state save area (non-SEV-ES)");
_Static_assert(sizeof(struct vmcb) == 0x1000, "VMCB is one page");
_Static_assert(VMCB_OFF(control.intercept_misc2) == 0x010, "VMRUN intercept word");
_Static_assert(VMCB_OFF(control.pause_filter_thresh) == 0x03c, "pause filter threshold");
_Static_assert(VMCB_OFF(control.iopm_base_pa) == 0x040, "IOPM_BASE_PA");
_Static_assert(VMCB_OFF(control.msrpm_base_pa) == 0x048, "MSRPM_BASE_PA");
_Static_assert(VMCB_OFF(control.tsc_offset) == 0x050, "TSC_OFFSET");
_Static_assert(VMCB_OFF(control.asid) == 0x058, "guest ASID");
_Static_assert(VMCB_OFF(control.tlb_control) == 0x05c, "TLB_CONTROL");
_Static_assert(VMCB_OFF(control.int_ctl) == 0x060, "V_TPR..");
_Static_assert(VMCB_OFF(control.int_state) == 0x068, "interrupt shadow");
_Static_assert(VMCB_OFF(control.exit_code) == 0x070, "EXITCODE");
_Static_assert(VMCB_OFF(control.exit_info_1) == 0x078, "EXITINFO1");
_Static_assert(VMCB_OFF(control.exit_info_2) == 0x080, "EXITINFO2");
_Static_assert(VMCB_OFF(control.exit_int_info) == 0x088, "EXITINTINFO");
_Static_assert(VMCB_OFF(control.nested_ctl) == 0x090, "NP_ENABLE");
_Static_assert(VMCB_OFF(control.event_inj) == 0x0a8, "EVENTINJ");
_Static_assert(VMCB_OFF(control.nested_cr3) == 0x0b0, "N_CR3");
_Static_assert(VMCB_OFF(control.virt_ext) == 0x0b8, "LBR/VLS enable");
_Static_assert(VMCB_OFF(control.clean) == 0x0c0, "clean bits");
_Static_assert(VMCB_OFF(control.next_rip) == 0x0c8, "nRIP");
_Static_assert(VMCB_OFF(control.insn_len) == 0x0d0, "guest instruction bytes");
_Static_assert(VMCB_OFF(control.avic_backing_page) == 0x0e0, "AVIC backing page");
_Static_assert(VMCB_OFF(control.vmsa_pa) == 0x108, "VMSA pointer");
_Static_assert(VMCB_OFF(control.software) == 0x3e0, "software-reserved area");
_Static_assert(VMCB_OFF(save) == 0x400, "state save area at 400h");
_Static_assert(VMCB_OFF(save.cs) == 0x410, "CS");
_Static_assert(VMCB_OFF(save.tr) == 0x490, "TR");
_Static_assert(VMCB_OFF(save.cpl) == 0x4cb, "CPL");
_Static_assert(VMCB_OFF(save.efer) == 0x4d0, "EFER");
_Static_assert(VMCB_OFF(save.cr4) == 0x548, "CR4");
_Static_assert(VMCB_OFF(save.cr3) == 0x550, "CR3");
_Static_assert(VMCB_OFF(save.cr0) == 0x558, "CR0");
_Static_assert(VMCB_OFF(save.dr7) == 0x560, "DR7");
_Static_assert(VMCB_OFF(save.dr6) == 0x568, "DR6");
_Static_assert(VMCB_OFF(save.rflags) == 0x570, "RFLAGS");
_Static_assert(VMCB_OFF(save.rip) == 0x578, "RIP");
_Static_assert(VMCB_OFF(save.rsp) == 0x5d8, "RSP");
_Static_assert(VMCB_OFF(save.rax) == 0x5f8, "RAX");
_Static_assert(VMCB_OFF(save.star) == 0x600, "STAR");
_Static_assert(VMCB_OFF(save.sysenter_eip) == 0x638, "SYSENTER_EIP");
_Static_assert(VMCB_OFF(save.cr2) == 0x640, "CR2");
_Static_assert(VMCB_OFF(save.g_pat) == 0x668, "G_PAT");
_Static_assert(VMCB_OFF(save.dbgctl) == 0x670, "DBGCTL");
_Static_assert(VMCB_OFF(save.last_excp_to) == 0x690, "LASTEXCPTO");
_Static_assert(VMCB_OFF(save.spec_ctrl) == 0x6e0, "SPEC_CTRL");
#endif /* !__ASSEMBLER__ */

#endif
