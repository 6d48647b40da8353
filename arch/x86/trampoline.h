/* SPDX-License-Identifier: MIT */
/*
 * The AP start-up trampoline (arch/x86/trampoline.S) is copied to a free page
 * below 1 MiB; the SIPI vector is that page's number. Its parameter block
 * sits at offset 8 of the page and is filled in by core/smp.c, together with
 * the table of CPUs it points to (struct tramp_cpu): every AP reads its own
 * APIC ID, finds its entry and runs on its own stack at once, so no AP waits
 * for another (the parallel bring-up of Linux 6.5, arch/x86/kernel/head_64.S).
 */
#ifndef PV_ARCH_X86_TRAMPOLINE_H
#define PV_ARCH_X86_TRAMPOLINE_H

#include "lib/bits.h"

#define TRAMP_PARAMS_OFF 8
#define TRAMP_GDT_OFF    128

/* Offsets in the parameter block (struct tramp_params), for the assembly. */
#define TP_CR3          0
#define TP_ENTRY        8
#define TP_CPUS         16
#define TP_EFER         24
#define TP_NIDS         28
#define TP_FAR32        32
#define TP_FAR64        40
#define TP_GDTR         48
#define TP_NSTRAY       56
#define TP_STRAY        60

/* APs that found no entry for their APIC ID: how many are recorded by ID. */
#define TRAMP_MAX_STRAY 15

/* One entry of the CPU table (struct tramp_cpu), indexed by APIC ID. */
#define TC_STACK        0
#define TC_ARG          8
#define TC_SHIFT        4               /* 16 bytes an entry */
/* The table covers APIC IDs 0 .. TRAMP_MAX_APIC_ID at most (512 KiB). */
#define TRAMP_MAX_APIC_ID 32767

/* How an AP learns its APIC ID (SDM Vol. 3A 10.12.1, 10.12.5.1; CPUID leaves 1 and 0xB). */
/* IA32_APIC_BASE and its EXTD bit: MSR_IA32_APIC_BASE, APIC_BASE_X2APIC_ENABLE (msr-index.h). */
#define TRAMP_MSR_X2APIC_ID     0x802           /* x2APIC ID register, asserted in core/smp.c */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct tramp_params {
	uint64_t cr3;           /*  8: kernel PML4, below 4 GiB (loaded in 32-bit mode) */
	uint64_t entry;         /* 16: void ap_entry(void *arg, uint32_t apic_id), 64-bit */
	uint64_t cpus;          /* 24: struct tramp_cpu[nids], identity mapped */
	uint32_t efer;          /* 32: EFER value (LME, NXE when present) */
	uint32_t nids;          /* 36: entries in the CPU table: APIC IDs 0 .. nids-1 */
	uint32_t far32;         /* 40: linear address of the 32-bit code */
	uint16_t far32_sel;     /* 44: GDT_SEL_CODE32 */
	uint16_t pad0;
	uint32_t far64;         /* 48: linear address of the 64-bit code */
	uint16_t far64_sel;     /* 52: GDT_SEL_CODE64 */
	uint16_t pad1;
	uint16_t gdt_limit;     /* 56: GDTR image for LGDT */
	uint32_t gdt_base;      /* 58 */
	uint16_t pad2;
	/* Written by the APs: each one that finds no entry for its APIC ID adds
	 * itself to nstray (LOCK XADD) and, in the first TRAMP_MAX_STRAY slots,
	 * stores its APIC ID + 1 into stray[] (0: not written yet). */
	uint32_t nstray;        /* 64 */
	uint32_t stray[TRAMP_MAX_STRAY]; /* 68 */
} __attribute__((packed));
_Static_assert(sizeof(struct tramp_params) == TRAMP_GDT_OFF - TRAMP_PARAMS_OFF,
	       "trampoline parameter block layout");
_Static_assert(__builtin_offsetof(struct tramp_params, cr3) == TP_CR3, "TP_CR3");
_Static_assert(__builtin_offsetof(struct tramp_params, entry) == TP_ENTRY, "TP_ENTRY");
_Static_assert(__builtin_offsetof(struct tramp_params, cpus) == TP_CPUS, "TP_CPUS");
_Static_assert(__builtin_offsetof(struct tramp_params, efer) == TP_EFER, "TP_EFER");
_Static_assert(__builtin_offsetof(struct tramp_params, nids) == TP_NIDS, "TP_NIDS");
_Static_assert(__builtin_offsetof(struct tramp_params, far32) == TP_FAR32, "TP_FAR32");
_Static_assert(__builtin_offsetof(struct tramp_params, far64) == TP_FAR64, "TP_FAR64");
_Static_assert(__builtin_offsetof(struct tramp_params, gdt_limit) == TP_GDTR, "TP_GDTR");
_Static_assert(__builtin_offsetof(struct tramp_params, nstray) == TP_NSTRAY, "TP_NSTRAY");
_Static_assert(__builtin_offsetof(struct tramp_params, stray) == TP_STRAY, "TP_STRAY");

/*
 * The CPU table holds one entry per APIC ID, 0 up to the highest APIC ID of an
 * AP to be started: the AP that finds a non-zero stack at its own index
 * switches to it and calls entry(arg, apic_id). An AP whose ID is beyond the
 * table or whose entry is zero (not one the boot CPU started, the boot CPU
 * itself, a gap in the numbering) records its APIC ID in the parameter block
 * (nstray, stray[]) and halts in the trampoline; the boot CPU names it.
 */
struct tramp_cpu {
	uint64_t stack;         /* top of this CPU's kernel stack, 16-byte aligned; 0: none */
	uint64_t arg;           /* the CPU's own data (struct percpu *) */
};
_Static_assert(sizeof(struct tramp_cpu) == 1 << TC_SHIFT, "TC_SHIFT");
_Static_assert(__builtin_offsetof(struct tramp_cpu, stack) == TC_STACK, "TC_STACK");
_Static_assert(__builtin_offsetof(struct tramp_cpu, arg) == TC_ARG, "TC_ARG");

extern char tramp_start[], tramp_p32[], tramp_p64[], tramp_end[];
#endif

#endif
