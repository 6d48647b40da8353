/* SPDX-License-Identifier: MIT */
/*
 * AP start-up trampoline: real mode -> protected mode -> long mode.
 *
 * A STARTUP IPI with vector V starts the AP in real mode at CS:IP = V<<8:0
 * (SDM Vol. 3A 8.4.4.1, MP spec B.4.2). The page is copied below 1 MiB by
 * core/smp.c, which fills the parameter block (struct tramp_params):
 *
 *   page offset  8  TP_CR3    kernel PML4 (below 4 GiB)
 *               16  TP_ENTRY  64-bit C entry, called with rdi = &lock
 *               24  TP_STACK  top of the shared start-up stack
 *               32  TP_EFER   EFER value to load (LME, NXE if supported)
 *               36  TP_LOCK   spin lock: one AP at a time on the shared stack;
 *                             released by C once it runs on its own stack
 *               40  TP_FAR32  m16:32 far pointer to tramp_p32 (linear)
 *               48  TP_FAR64  m16:32 far pointer to tramp_p64 (linear)
 *               56  TP_GDTR   limit, linear base of the GDT at offset 64
 *               64  GDT       GDT_FLAT (arch/x86/segment.h)
 * TP_* are offsets in the parameter block (arch/x86/trampoline.h, asserted
 * there against struct tramp_params).
 *
 * The code is position independent: real-mode accesses are DS-relative with
 * DS = CS, and later ones are relative to EBX = the page's linear address.
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
1:	lock btsl $0, (TRAMP_PARAMS_OFF + TP_LOCK)(%ebx)
	jnc	2f
	pause
	jmp	1b
2:	movl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	(TRAMP_PARAMS_OFF + TP_CR3)(%ebx), %eax
	movl	%eax, %cr3
	movl	$X86_MSR_EFER, %ecx
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
	movl	%ebx, %ebx			/* upper half undefined after the mode switch */
	movq	(TRAMP_PARAMS_OFF + TP_STACK)(%rbx), %rsp
	leaq	(TRAMP_PARAMS_OFF + TP_LOCK)(%rbx), %rdi
	movq	(TRAMP_PARAMS_OFF + TP_ENTRY)(%rbx), %rax
	call	*%rax
3:	cli
	hlt
	jmp	3b
	.globl	tramp_end
tramp_end:

/* void call_on_stack(void *stack, void (*fn)(void *), void *arg) */
	.text
	.globl	call_on_stack
call_on_stack:
	movq	%rdi, %rsp
	movq	%rdx, %rdi
	xorl	%ebp, %ebp
	pushq	$0				/* fake return address: fn never returns */
	jmp	*%rsi
