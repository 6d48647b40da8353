/* SPDX-License-Identifier: MIT */
/*
 * The GDT layout and its descriptors, for C and assembly alike: the boot GDT
 * (boot/entry.S), the AP trampoline's (arch/x86/trampoline.S) and every CPU's
 * own (kernel/gdt.c) are built from these, so the selectors mean the same
 * thing in all three. Descriptor format: SDM Vol. 3A 3.4.5, figure 3-8.
 */
#ifndef PV_ARCH_X86_SEGMENT_H
#define PV_ARCH_X86_SEGMENT_H

#ifdef __ASSEMBLER__
#define SEG_U64(x)      (x)
#else
#define SEG_U64(x)      ((unsigned long long)(x))
#endif

/* Access byte (descriptor bits 47:40). */
#define SEG_ACC_P       0x80    /* present */
#define SEG_ACC_S       0x10    /* code or data (not system) */
#define SEG_ACC_CODE    0x08    /* executable */
#define SEG_ACC_RW      0x02    /* code: readable; data: writable */
#define SEG_ACC_A       0x01    /* accessed */
/* Gate type byte (SDM Vol. 3A 6.11, 6.14.1): P, DPL 0, interrupt gate (32-bit in protected
 * mode, 64-bit in IA-32e mode: the same encoding). */
#define SEG_GATE_INTR   0x8e
/* A minimal 32-bit TSS: 104 bytes (SDM Vol. 3A 8.2.1). */
#define TSS32_LIMIT     0x67
/* Flags nibble (bits 55:52). */
#define SEG_FL_G        0x8     /* limit in 4 KiB units */
#define SEG_FL_DB       0x4     /* 32-bit default operand size / stack */
#define SEG_FL_L        0x2     /* 64-bit code */

/* A flat segment: base 0, limit 0xFFFFF (4 GiB with G), DPL 0. */
#define SEG_FLAT(acc, fl)                                               \
	(SEG_U64(0xffff) | (SEG_U64(acc) << 40) | (SEG_U64(0xf) << 48) | \
	 (SEG_U64(fl) << 52))

#define GDT_DESC_CODE64 SEG_FLAT(SEG_ACC_P | SEG_ACC_S | SEG_ACC_CODE | SEG_ACC_RW, \
				 SEG_FL_G | SEG_FL_L)
#define GDT_DESC_DATA   SEG_FLAT(SEG_ACC_P | SEG_ACC_S | SEG_ACC_RW, SEG_FL_G | SEG_FL_DB)
#define GDT_DESC_CODE32 SEG_FLAT(SEG_ACC_P | SEG_ACC_S | SEG_ACC_CODE | SEG_ACC_RW, \
				 SEG_FL_G | SEG_FL_DB)

/* The layout: these selectors index the same descriptors in every GDT. */
#define GDT_SEL_CODE64  0x08
#define GDT_SEL_DATA    0x10
#define GDT_SEL_CODE32  0x18
#define GDT_SEL_TSS     0x20    /* per-CPU GDTs only: 16-byte TSS descriptor */
#define GDT_FLAT_ENTRIES 4      /* null, code64, data, code32 */

#ifdef __ASSEMBLER__
/* The flat part of the layout, as the boot and trampoline GDTs hold it. */
.macro GDT_FLAT
	.quad	0
	.quad	GDT_DESC_CODE64
	.quad	GDT_DESC_DATA
	.quad	GDT_DESC_CODE32
.endm

/* After the far jump into 64-bit code: flat data segments, FS and GS null. */
.macro LOAD_KERNEL_DATA_SEGMENTS
	movl	$GDT_SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
.endm
#endif

#endif
