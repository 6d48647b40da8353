/* SPDX-License-Identifier: MIT */
/*
 * Architectural constants (Intel SDM Vol. 3A, 2.5 control registers, 2.2.1 EFER),
 * usable from C and assembly.
 */
#ifndef PV_ARCH_X86_X86_H
#define PV_ARCH_X86_X86_H

#include "lib/bits.h"
#include "arch/x86/msr-index.h"

/* CR0 (SDM 2.5) */
#define X86_CR0_PE      BIT(0)
#define X86_CR0_MP      BIT(1)
#define X86_CR0_EM      BIT(2)
#define X86_CR0_TS      BIT(3)
#define X86_CR0_ET      BIT(4)
#define X86_CR0_NE      BIT(5)
#define X86_CR0_WP      BIT(16)
#define X86_CR0_AM      BIT(18)
#define X86_CR0_NW      BIT(29)
#define X86_CR0_CD      BIT(30)
#define X86_CR0_PG      BIT(31)
/* CR0 every CPU runs with in long mode (boot/entry.S, arch/x86/trampoline.S). */
#define X86_CR0_KERNEL  (X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | \
			 X86_CR0_MP | X86_CR0_PE)

/* CR4 (SDM 2.5) */
#define X86_CR4_VME     BIT(0)
#define X86_CR4_PVI     BIT(1)
#define X86_CR4_TSD     BIT(2)
#define X86_CR4_DE      BIT(3)
#define X86_CR4_PSE     BIT(4)
#define X86_CR4_PAE     BIT(5)
#define X86_CR4_MCE     BIT(6)
#define X86_CR4_PGE     BIT(7)
#define X86_CR4_PCE     BIT(8)
#define X86_CR4_OSFXSR  BIT(9)
#define X86_CR4_OSXMMEXCPT BIT(10)
#define X86_CR4_VMXE    BIT(13)
#define X86_CR4_SMXE    BIT(14)
#define X86_CR4_FSGSBASE BIT(16)
#define X86_CR4_PCIDE   BIT(17)
#define X86_CR4_OSXSAVE BIT(18)


/* RFLAGS (SDM Vol. 3A 2.3). */
#define X86_EFLAGS_FIXED BIT(1)  /* reserved, always 1; VM entry and VMRUN check it */
#define X86_EFLAGS_IF   BIT(9)

/* Debug registers at reset (SDM Vol. 3B 18.2.3, 18.2.4; APM Vol. 2 13.1.1). */
#define DR6_INIT        0xffff0ff0ULL
#define DR7_INIT        0x400   /* bit 10 reads as 1 */
#define DR7_LE          BIT(8)  /* local exact breakpoint enable */
#define DR7_GE          BIT(9)  /* global exact breakpoint enable */

/* Exception vectors (SDM Vol. 3A table 6-1; Linux's X86_TRAP_*). Names: pure/exceptions.h. */
#define X86_TRAP_DB     1
#define X86_TRAP_NMI    2
#define X86_TRAP_BP     3
#define X86_TRAP_UD     6
#define X86_TRAP_NP     11
#define X86_TRAP_SS     12
#define X86_TRAP_GP     13
#define X86_TRAP_PF     14
#define X86_TRAP_MC     18
#define X86_TRAP_VE     20

/* Paging entries (SDM 4.5; 32-bit paging's P, R/W, U/S, A, D, PS sit at the same bits). */
#define PTE_P           BIT(0)
#define PTE_W           BIT(1)
#define PTE_U           BIT(2)
#define PTE_PWT         BIT(3)
#define PTE_PCD         BIT(4)
#define PTE_A           BIT(5)
#define PTE_D           BIT(6)
#define PTE_PS          BIT(7)
#define PTE_G           BIT(8)
#define PTE_NX          BIT(63)

/* CPUID feature bits used by the boot path. */
#define CPUID_1_ECX_VMX         BIT(5)
#define CPUID_1_ECX_SMX         BIT(6)
#define CPUID_1_ECX_X2APIC      BIT(21)
#define CPUID_1_ECX_TSC_DEADLINE BIT(24)
#define CPUID_1_ECX_HYPERVISOR  BIT(31)
#define CPUID_1_EDX_MCE         BIT(7)  /* machine-check exception, CR4.MCE */
#define CPUID_1_EDX_APIC        BIT(9)
#define CPUID_80000001_EDX_NX   BIT(20)
#define CPUID_80000001_EDX_PDPE1GB BIT(26)
#define CPUID_80000001_EDX_LM   BIT(29)

#include "arch/x86/segment.h"

#define PAGE_SIZE       4096
#define PAGE_SHIFT      12
#define LARGE_PAGE_SIZE 0x200000

#endif
