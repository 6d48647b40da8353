/* SPDX-License-Identifier: MIT */
/*
 * Exception entry stubs (vectors 0-31), the spurious-interrupt vector's, the
 * two timer vectors' a waiting CPU takes with interrupts on (kernel/idle.c), and
 * MSR accessors that survive #GP.
 * Each stub pushes a zero where the CPU pushes no error code (SDM Vol. 3A
 * table 6-1: 8, 10-14, 17, 21, 29, 30 have one), then the vector number.
 */
#include "arch/x86/frame.h"
#include "arch/x86/x86.h"

	.text
	.code64

.macro STUB vec, has_err
	.balign 16
isr_\vec:
	.if \has_err == 0
	pushq	$0
	.endif
	pushq	$\vec
	jmp	trap_common
.endm

	STUB 0, 0
	STUB 1, 0
	STUB 2, 0
	STUB 3, 0
	STUB 4, 0
	STUB 5, 0
	STUB 6, 0
	STUB 7, 0
	STUB 8, 1
	STUB 9, 0
	STUB 10, 1
	STUB 11, 1
	STUB 12, 1
	STUB 13, 1
	STUB 14, 1
	STUB 15, 0
	STUB 16, 0
	STUB 17, 1
	STUB 18, 0
	STUB 19, 0
	STUB 20, 0
	STUB 21, 1
	STUB 22, 0
	STUB 23, 0
	STUB 24, 0
	STUB 25, 0
	STUB 26, 0
	STUB 27, 0
	STUB 28, 0
	STUB 29, 1
	STUB 30, 1
	STUB 31, 0
	STUB 238, 0			/* the idle wake-up: timer and IPI (kernel/idle.h) */
	STUB 239, 0			/* the watchdog's LAPIC timer, left requested (kernel/watchdog.h) */
	STUB 255, 0			/* the local APIC's spurious vector (lapic.h) */

trap_common:
	PUSH_GPRS
	movq	%rsp, %rdi
	cld
	/* Align the stack for C; keep the frame pointer in rbx (callee-saved). */
	movq	%rsp, %rbx
	andq	$-16, %rsp
	call	trap_handler
	movq	%rbx, %rsp
	POP_GPRS
	addq	$16, %rsp			/* vector, error code */
	iretq

	.section .rodata
	.balign 8
	.globl	isr_table
isr_table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	isr_\v
	.endr
	.globl	isr_spurious
isr_spurious:
	.quad	isr_255
	.globl	isr_wake
isr_wake:
	.quad	isr_238
	.globl	isr_watchdog
isr_watchdog:
	.quad	isr_239

/*
 * int rdmsr_safe(uint32_t msr, uint64_t *val) / int wrmsr_safe(uint32_t msr, uint64_t val):
 * 0 on success, -1 when the instruction raised #GP. The fault RIP and its
 * continuation are listed in .extable; trap_handler resumes there.
 */
	.text
	.globl	rdmsr_safe
rdmsr_safe:
	movl	%edi, %ecx
1:	rdmsr
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, (%rsi)
	xorl	%eax, %eax
	ret
2:	movl	$-1, %eax
	ret

	.globl	wrmsr_safe
wrmsr_safe:
	movl	%edi, %ecx
	movl	%esi, %eax
	movq	%rsi, %rdx
	shrq	$32, %rdx
3:	wrmsr
	xorl	%eax, %eax
	ret
4:	movl	$-1, %eax
	ret

	.section .extable, "a"
	.balign 8
	.quad	1b, 2b
	.quad	3b, 4b
