/* SPDX-License-Identifier: MIT */
/*
 * AP start-up trampoline: real mode -> protected mode -> long mode.
 *
 * A STARTUP IPI with vector V starts the AP in real mode at CS:IP = V<<8:0
 * (SDM Vol. 3A 8.4.4.1, MP spec B.4.2). The page is copied below 1 MiB by
 * core/smp.c, which fills the parameter block (struct tramp_params) and the
 * table of CPUs it points to (struct tramp_cpu):
 *
 *   page offset  8  TP_CR3    kernel PML4 (below 4 GiB)
 *               16  TP_ENTRY  64-bit C entry: entry(arg, apic_id), on the AP's
 *                             own stack; it never returns
 *               24  TP_CPUS   linear address of the CPU table
 *               32  TP_EFER   EFER value to load (LME, NXE if supported)
 *               36  TP_NIDS   entries in the CPU table (APIC IDs 0 .. TP_NIDS-1)
 *               40  TP_FAR32  m16:32 far pointer to tramp_p32 (linear)
 *               48  TP_FAR64  m16:32 far pointer to tramp_p64 (linear)
 *               56  TP_GDTR   limit, linear base of the GDT at offset 128
 *               64  TP_NSTRAY APs that found no entry for their APIC ID
 *               68  TP_STRAY  their APIC IDs + 1 (TRAMP_MAX_STRAY slots)
 *              128  GDT       GDT_FLAT (arch/x86/segment.h)
 *
 *   CPU table: entry N (1 << TC_SHIFT bytes) belongs to APIC ID N: TC_STACK
 *   (top of that AP's own stack, 0 for no AP to start), TC_ARG (its per-CPU
 *   data, handed to the C entry)
 *
 * TP_* and TC_* are offsets in those structures (arch/x86/trampoline.h,
 * asserted there with offsetof).
 *
 * Every AP runs this code at the same time: the only stack is the AP's own,
 * found by its APIC ID (in x2APIC mode the x2APIC ID register, MSR 0x802;
 * otherwise CPUID leaf 0xB where it exists, else CPUID.1:EBX[31:24]), as
 * Linux 6.5's parallel bring-up does. An AP whose APIC ID is not in the table
 * writes the only shared memory: it counts itself in TP_NSTRAY with LOCK XADD,
 * stores its APIC ID + 1 in the slot that gave it (if one of the first
 * TRAMP_MAX_STRAY), so the boot CPU can name it, and halts here with
 * interrupts off.
 *
 * The code is position independent: real-mode accesses are DS-relative with
 * DS = CS, and later ones are relative to the page's linear address (EBX in
 * 32-bit code, RBP in 64-bit code, where CPUID clobbers EBX).
 * Every control register is written in full: an AP after INIT has CR0 =
 * 0x60000010, but nothing else is assumed.
 */
#include "arch/x86/x86.h"
#include "arch/x86/trampoline.h"

#define OFF(x)	((x) - tramp_start)

	.section .trampoline, "ax"
	.code16
	.globl	tramp_start
tramp_start:
	jmp	tramp_real
	.org	TRAMP_PARAMS_OFF
	.fill	TRAMP_GDT_OFF - TRAMP_PARAMS_OFF, 1, 0
	.org	TRAMP_GDT_OFF
tramp_gdt:
	GDT_FLAT

tramp_real:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	xorl	%ebx, %ebx
	movw	%ax, %bx
	shll	$4, %ebx			/* linear base of this page */
	lgdtl	TRAMP_PARAMS_OFF + TP_GDTR
	movl	$(X86_CR0_PE | X86_CR0_ET | X86_CR0_NE), %eax
	movl	%eax, %cr0
	ljmpl	*(TRAMP_PARAMS_OFF + TP_FAR32)

	.code32
	.globl	tramp_p32
tramp_p32:
	movl	$GDT_SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	(TRAMP_PARAMS_OFF + TP_CR3)(%ebx), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	movl	(TRAMP_PARAMS_OFF + TP_EFER)(%ebx), %eax
	xorl	%edx, %edx
	wrmsr
	movl	$X86_CR0_KERNEL, %eax
	movl	%eax, %cr0
	ljmpl	*(TRAMP_PARAMS_OFF + TP_FAR64)(%ebx)

	.code64
	.globl	tramp_p64
tramp_p64:
	LOAD_KERNEL_DATA_SEGMENTS
	movl	%ebx, %ebp			/* page base; CPUID clobbers EBX */

	/* This CPU's APIC ID, into EBX (RBX: zero-extended). */
	movl	$MSR_IA32_APIC_BASE, %ecx
	rdmsr
	testl	$APIC_BASE_X2APIC_ENABLE, %eax
	jz	1f
	movl	$TRAMP_MSR_X2APIC_ID, %ecx	/* x2APIC mode (left so by firmware) */
	rdmsr
	movl	%eax, %ebx
	jmp	3f
1:	xorl	%eax, %eax
	cpuid
	cmpl	$0xb, %eax
	jb	2f
	movl	$0xb, %eax
	xorl	%ecx, %ecx
	cpuid
	testl	%ebx, %ebx			/* leaf 0xB implemented: x2APIC ID in EDX */
	movl	%edx, %ebx
	jnz	3f
2:	movl	$1, %eax
	cpuid
	shrl	$24, %ebx			/* initial APIC ID */

	/* Its entry in the CPU table, indexed by APIC ID. */
3:	cmpl	(TRAMP_PARAMS_OFF + TP_NIDS)(%rbp), %ebx
	jae	5f
	movq	%rbx, %rsi
	shlq	$TC_SHIFT, %rsi
	addq	(TRAMP_PARAMS_OFF + TP_CPUS)(%rbp), %rsi
	movq	TC_STACK(%rsi), %rax
	testq	%rax, %rax
	jnz	6f
5:	movl	$1, %eax			/* not a CPU we started: say so, stay out of the way */
	lock xaddl %eax, (TRAMP_PARAMS_OFF + TP_NSTRAY)(%rbp)
	cmpl	$TRAMP_MAX_STRAY, %eax
	jae	7f
	leal	1(%rbx), %ecx
	movl	%ecx, (TRAMP_PARAMS_OFF + TP_STRAY)(%rbp,%rax,4)
7:	cli
	hlt
	jmp	7b
6:	movq	%rax, %rsp
	movq	TC_ARG(%rsi), %rdi
	movl	%ebx, %esi			/* second argument: the APIC ID */
	movq	(TRAMP_PARAMS_OFF + TP_ENTRY)(%rbp), %rax
	xorl	%ebp, %ebp
	call	*%rax
	jmp	7b
	.globl	tramp_end
tramp_end:

