/* SPDX-License-Identifier: MIT */
/*
 * Every model-specific register picovisor touches, defined once, with Linux's
 * names (arch/x86/include/asm/msr-index.h) for the SDM's and the APM's
 * registers (Intel SDM Vol. 4 "Model-Specific Registers", AMD APM Vol. 2
 * appendix A). Definition-only, usable from C and .S.
 */
#ifndef PV_ARCH_X86_MSR_INDEX_H
#define PV_ARCH_X86_MSR_INDEX_H

#include "lib/bits.h"

/* ---- architectural MSRs the host touches ---------------------------------- */
#define MSR_IA32_TSC			0x00000010
/*
 * Microcode revision (SDM Vol. 3A 10.11.7.1): write 0 to IA32_BIOS_SIGN_ID,
 * execute CPUID(1), read it: the revision is bits 63:32. AMD's PATCH_LEVEL
 * has the same number, revision in bits 31:0.
 */
#define MSR_IA32_BIOS_SIGN_ID		0x0000008b
#define MSR_AMD64_PATCH_LEVEL		0x0000008b
/* IA32_MISC_ENABLE (SDM Vol. 4 table 2-2); bit 18 enables MONITOR/MWAIT: pure/idle.h. */
#define MSR_IA32_MISC_ENABLE		0x000001a0
/* IA32_MCG_CAP (SDM Vol. 3B 16.3.1.1); present when CPUID.1:EDX.MCA. */
#define MSR_IA32_MCG_CAP		0x00000179
#define   MCG_BANKCNT_MASK		GENMASK(7, 0)	/* reporting banks */
#define   MCG_CTL_P			BIT(8)	/* IA32_MCG_CTL present */
#define   MCG_CMCI_P			BIT(10)	/* corrected machine-check interrupt */
#define   MCG_SER_P			BIT(24)	/* software error recovery */
#define   MCG_LMCE_P			BIT(27)	/* local machine check exceptions */
/* Machine-check global status and control (SDM Vol. 3B 16.3.1.2, 16.3.1.3). */
#define MSR_IA32_MCG_STATUS		0x0000017a
#define   MCG_STATUS_RIPV		BIT(0)	/* restart IP valid: the interrupted code may resume */
#define   MCG_STATUS_EIPV		BIT(1)	/* the IP pushed is the one that took the error */
#define   MCG_STATUS_MCIP		BIT(2)	/* #MC in progress: a second one shuts the CPU down */
#define MSR_IA32_MCG_CTL		0x0000017b
/* Error-reporting bank i (SDM Vol. 3B 16.3.2): CTL, STATUS, ADDR, MISC at 0x400 + 4i. */
#define MSR_IA32_MC0_CTL		0x00000400
#define MSR_IA32_MCx_CTL(i)		(MSR_IA32_MC0_CTL + 4 * (i))
#define MSR_IA32_MCx_STATUS(i)		(MSR_IA32_MC0_CTL + 4 * (i) + 1)
#define MSR_IA32_MCx_ADDR(i)		(MSR_IA32_MC0_CTL + 4 * (i) + 2)
#define MSR_IA32_MCx_MISC(i)		(MSR_IA32_MC0_CTL + 4 * (i) + 3)
#define   MCI_STATUS_VAL		BIT(63)	/* the bank holds an error */
#define   MCI_STATUS_OVER		BIT(62)	/* an earlier error was overwritten */
#define   MCI_STATUS_UC			BIT(61)	/* uncorrected */
#define   MCI_STATUS_EN			BIT(60)	/* signalled by #MC (MCi_CTL enabled it) */
#define   MCI_STATUS_MISCV		BIT(59)	/* MCi_MISC valid */
#define   MCI_STATUS_ADDRV		BIT(58)	/* MCi_ADDR valid */
#define   MCI_STATUS_PCC		BIT(57)	/* processor context corrupt */
#define   MCI_STATUS_S			BIT(56)	/* signalled (SER: UCR errors) */
#define   MCI_STATUS_AR			BIT(55)	/* action required (SER) */
#define MSR_IA32_APIC_BASE		0x0000001b
#define   APIC_BASE_BSP			BIT(8)
#define   APIC_BASE_X2APIC_ENABLE	BIT(10)
#define   APIC_BASE_GLOBAL_ENABLE	BIT(11)
#define   APIC_BASE_ADDR_MASK		GENMASK(51, 12)

/*
 * IA32_FEATURE_CONTROL (SDM Vol. 3C 24.7 "Enabling and entering VMX
 * operation"). VMXON raises #GP unless the lock bit is set and the enable bit
 * for the current mode (inside / outside SMX) is set. Once locked, the MSR
 * cannot be written until reset. Setting bit 1 on a CPU without SMX #GPs.
 */
#define MSR_IA32_FEATURE_CONTROL	0x0000003a
#define   FEAT_CTL_LOCKED			BIT(0)
#define   FEAT_CTL_VMX_ENABLED_INSIDE_SMX	BIT(1)
#define   FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX	BIT(2)
#define   FEAT_CTL_SENTER_PARAM_MASK		GENMASK(14, 8)
#define   FEAT_CTL_SENTER_ENABLE		BIT(15)
#define   FEAT_CTL_SGX_LC_ENABLED		BIT(17)
#define   FEAT_CTL_SGX_ENABLED			BIT(18)
#define   FEAT_CTL_LMCE_ENABLED			BIT(20)

#define MSR_IA32_SYSENTER_CS		0x00000174
#define MSR_IA32_SYSENTER_ESP		0x00000175
#define MSR_IA32_SYSENTER_EIP		0x00000176
#define MSR_IA32_DEBUGCTL		0x000001d9
#define   DEBUGCTL_LBR			BIT(0)	/* last branch record */
#define   DEBUGCTL_BTF			BIT(1)	/* single-step on branches */
#define MSR_IA32_LASTBRANCHFROMIP	0x000001db
#define MSR_IA32_LASTBRANCHTOIP		0x000001dc
#define MSR_IA32_PAT			0x00000277
/* Memory types (SDM Vol. 3A Table 13-10); IA32_PAT entries hold one each. */
#define   X86_MEMTYPE_UC		0
#define   X86_MEMTYPE_WC		1
#define   X86_MEMTYPE_WT		4
#define   X86_MEMTYPE_WP		5
#define   X86_MEMTYPE_WB		6
#define   X86_MEMTYPE_UC_MINUS		7	/* PAT only: UC, overridable by an MTRR WC */
#define MSR_IA32_PERF_GLOBAL_CTRL	0x0000038f

/* ---- VMX capability MSRs (SDM Vol. 3D Appendix A) ------------------------- */
#define MSR_IA32_VMX_BASIC		0x00000480
#define MSR_IA32_VMX_PINBASED_CTLS	0x00000481
#define MSR_IA32_VMX_PROCBASED_CTLS	0x00000482
#define MSR_IA32_VMX_EXIT_CTLS		0x00000483
#define MSR_IA32_VMX_ENTRY_CTLS		0x00000484
#define MSR_IA32_VMX_MISC		0x00000485
#define MSR_IA32_VMX_CR0_FIXED0		0x00000486
#define MSR_IA32_VMX_CR0_FIXED1		0x00000487
#define MSR_IA32_VMX_CR4_FIXED0		0x00000488
#define MSR_IA32_VMX_CR4_FIXED1		0x00000489
#define MSR_IA32_VMX_VMCS_ENUM		0x0000048a
#define MSR_IA32_VMX_PROCBASED_CTLS2	0x0000048b
#define MSR_IA32_VMX_EPT_VPID_CAP	0x0000048c
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS	0x0000048d
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x0000048e
#define MSR_IA32_VMX_TRUE_EXIT_CTLS	0x0000048f
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS	0x00000490
#define MSR_IA32_VMX_VMFUNC		0x00000491
#define MSR_IA32_VMX_PROCBASED_CTLS3	0x00000492
#define MSR_IA32_VMX_EXIT_CTLS2		0x00000493

/* ---- long mode and segment bases ------------------------------------------ */
#define MSR_EFER			0xc0000080
#define   EFER_SCE			BIT(0)
#define   EFER_LME			BIT(8)
#define   EFER_LMA			BIT(10)
#define   EFER_NXE			BIT(11)
#define   EFER_SVME			BIT(12)	/* AMD-V enable (APM Vol. 2 3.1.7) */
#define   EFER_LMSLE			BIT(13)	/* long mode segment limit enable */
#define   EFER_FFXSR			BIT(14)	/* fast FXSAVE/FXRSTOR */
#define   EFER_TCE			BIT(15)	/* translation cache extension */
#define   EFER_MCOMMIT			BIT(17)
#define   EFER_INTWB			BIT(18)
#define   EFER_UAIE			BIT(20)	/* upper address ignore */
#define   EFER_AUTOIBRS			BIT(21)	/* automatic IBRS */
#define MSR_STAR			0xc0000081
#define MSR_LSTAR			0xc0000082
#define MSR_CSTAR			0xc0000083
#define MSR_SYSCALL_MASK		0xc0000084
#define MSR_FS_BASE			0xc0000100
#define MSR_GS_BASE			0xc0000101
#define MSR_KERNEL_GS_BASE		0xc0000102
#define MSR_TSC_AUX			0xc0000103

/* ---- AMD: SVM and platform (APM Vol. 2 15.30 "SVM-Related MSRs") ---------- */
#define MSR_AMD64_TSC_RATIO		0xc0000104
#define MSR_AMD64_SYSCFG		0xc0010010
#define MSR_K7_HWCR			0xc0010015	/* bit 9 MonMwaitDis: pure/idle.h */
#define MSR_VM_CR			0xc0010114	/* bits: svm/pure/svm_defs.h */
/* OS visible workarounds (AMD BKDG, "OSVW"): how many erratum IDs, and their status bits. */
#define MSR_AMD64_OSVW_ID_LENGTH	0xc0010140
#define MSR_AMD64_OSVW_STATUS		0xc0010141
#define MSR_AMD64_DC_CFG		0xc0011022	/* bit 47: erratum 383 workaround */
#define MSR_VM_IGNNE			0xc0010115
#define MSR_VM_HSAVE_PA			0xc0010117	/* host save area, 4 KiB aligned */
#define MSR_SVM_KEY			0xc0010118
#define MSR_AMD64_SEV_STATUS		0xc0010131

#endif
