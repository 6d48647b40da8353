/* SPDX-License-Identifier: MIT */
/*
 * The AP start-up trampoline (arch/x86/trampoline.S) is copied to a free page
 * below 1 MiB; the SIPI vector is that page's number. Its parameter block
 * sits at offset 8 of the page and is filled in by core/smp.c.
 */
#ifndef PV_ARCH_X86_TRAMPOLINE_H
#define PV_ARCH_X86_TRAMPOLINE_H

#define TRAMP_PARAMS_OFF 8
#define TRAMP_GDT_OFF    64

/* Offsets in the parameter block (struct tramp_params), for the assembly. */
#define TP_CR3          0
#define TP_ENTRY        8
#define TP_STACK        16
#define TP_EFER         24
#define TP_LOCK         28
#define TP_FAR32        32
#define TP_FAR64        40
#define TP_GDTR         48

#ifndef __ASSEMBLER__
#include <stdint.h>

struct tramp_params {
	uint64_t cr3;           /*  8: kernel PML4, below 4 GiB (loaded in 32-bit mode) */
	uint64_t entry;         /* 16: void ap_entry(volatile uint32_t *lock), 64-bit */
	uint64_t stack;         /* 24: top of the shared start-up stack */
	uint32_t efer;          /* 32: EFER value (LME, NXE when present) */
	uint32_t lock;          /* 36: bit 0 held while an AP uses the shared stack */
	uint32_t far32;         /* 40: linear address of the 32-bit code */
	uint16_t far32_sel;     /* 44: GDT_SEL_CODE32 */
	uint16_t pad0;
	uint32_t far64;         /* 48: linear address of the 64-bit code */
	uint16_t far64_sel;     /* 52: GDT_SEL_CODE64 */
	uint16_t pad1;
	uint16_t gdt_limit;     /* 56: GDTR image for LGDT */
	uint32_t gdt_base;      /* 58 */
	uint16_t pad2;
} __attribute__((packed));
_Static_assert(sizeof(struct tramp_params) == TRAMP_GDT_OFF - TRAMP_PARAMS_OFF,
	       "trampoline parameter block layout");
_Static_assert(__builtin_offsetof(struct tramp_params, cr3) == TP_CR3, "TP_CR3");
_Static_assert(__builtin_offsetof(struct tramp_params, entry) == TP_ENTRY, "TP_ENTRY");
_Static_assert(__builtin_offsetof(struct tramp_params, stack) == TP_STACK, "TP_STACK");
_Static_assert(__builtin_offsetof(struct tramp_params, efer) == TP_EFER, "TP_EFER");
_Static_assert(__builtin_offsetof(struct tramp_params, lock) == TP_LOCK, "TP_LOCK");
_Static_assert(__builtin_offsetof(struct tramp_params, far32) == TP_FAR32, "TP_FAR32");
_Static_assert(__builtin_offsetof(struct tramp_params, far64) == TP_FAR64, "TP_FAR64");
_Static_assert(__builtin_offsetof(struct tramp_params, gdt_limit) == TP_GDTR, "TP_GDTR");

extern char tramp_start[], tramp_p32[], tramp_p64[], tramp_end[];

/* Switch to `stack` and call fn(arg); fn must not return. */
__attribute__((noreturn)) void call_on_stack(void *stack, void (*fn)(void *), void *arg);
#endif

#endif
