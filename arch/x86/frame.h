/* SPDX-License-Identifier: MIT */
/*
 * The one general-purpose-register frame: the 15 GPRs other than RSP, in
 * the SDM's register-number order (Vol. 2A table 2-2: RAX RCX RDX RBX, RSP
 * left out, RBP RSI RDI, R8-R15). The exception entry (arch/x86/isr.S), the
 * VM-exit stub (vmx/entry.S) and the VMRUN loop (svm/entry.S) all save and
 * restore it with the macros below, so C sees one layout.
 */
#ifndef PV_ARCH_X86_FRAME_H
#define PV_ARCH_X86_FRAME_H

#define GPR_RAX		0
#define GPR_RCX		8
#define GPR_RDX		16
#define GPR_RBX		24
#define GPR_RBP		32
#define GPR_RSI		40
#define GPR_RDI		48
#define GPR_R8		56
#define GPR_R9		64
#define GPR_R10		72
#define GPR_R11		80
#define GPR_R12		88
#define GPR_R13		96
#define GPR_R14		104
#define GPR_R15		112
#define GPR_FRAME_SIZE	120

#ifdef __ASSEMBLER__
/* The offsets as assembler symbols, named after the registers, for the .irp loops. */
	.set GPR_rax, GPR_RAX
	.set GPR_rcx, GPR_RCX
	.set GPR_rdx, GPR_RDX
	.set GPR_rbx, GPR_RBX
	.set GPR_rbp, GPR_RBP
	.set GPR_rsi, GPR_RSI
	.set GPR_rdi, GPR_RDI
	.set GPR_r8, GPR_R8
	.set GPR_r9, GPR_R9
	.set GPR_r10, GPR_R10
	.set GPR_r11, GPR_R11
	.set GPR_r12, GPR_R12
	.set GPR_r13, GPR_R13
	.set GPR_r14, GPR_R14
	.set GPR_r15, GPR_R15

/* Push the frame so that it lies at RSP, RAX first. */
.macro PUSH_GPRS
	pushq %r15
	pushq %r14
	pushq %r13
	pushq %r12
	pushq %r11
	pushq %r10
	pushq %r9
	pushq %r8
	pushq %rdi
	pushq %rsi
	pushq %rbp
	pushq %rbx
	pushq %rdx
	pushq %rcx
	pushq %rax
.endm

/* Pop the frame at RSP back into the registers. */
.macro POP_GPRS
	popq %rax
	popq %rcx
	popq %rdx
	popq %rbx
	popq %rbp
	popq %rsi
	popq %rdi
	popq %r8
	popq %r9
	popq %r10
	popq %r11
	popq %r12
	popq %r13
	popq %r14
	popq %r15
.endm

/* The System V ABI's callee-saved GPRs, for assembly that calls back into C
 * after running guest code: pushed on entry, popped before the return. */
.macro PUSH_CALLEE_SAVED
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_CALLEE_SAVED
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
.endm

/* Load every GPR but \base from the frame at \base (load \base last yourself). */
.macro LOAD_GPRS_BUT base
	.irp r, rax, rcx, rdx, rbx, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15
	.ifnc %\r, \base
	movq GPR_\r(\base), %\r
	.endif
	.endr
.endm

/* Store every GPR but \base (and \skip, when given) into the frame at \base. */
.macro STORE_GPRS_BUT base, skip=
	.irp r, rax, rcx, rdx, rbx, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15
	.ifnc %\r, \base
	.ifnc %\r, \skip
	movq %\r, GPR_\r(\base)
	.endif
	.endif
	.endr
.endm
#else
#include <stdint.h>

/* The frame's members, for structures that embed it at offset 0. */
#define GPR_FRAME_MEMBERS							\
	uint64_t rax, rcx, rdx, rbx, rbp, rsi, rdi;				\
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15

struct gpr_frame {
	GPR_FRAME_MEMBERS;
};
_Static_assert(sizeof(struct gpr_frame) == GPR_FRAME_SIZE, "GPR frame (arch/x86/frame.h)");
_Static_assert(__builtin_offsetof(struct gpr_frame, rbx) == GPR_RBX, "GPR frame");
_Static_assert(__builtin_offsetof(struct gpr_frame, rdi) == GPR_RDI, "GPR frame");
_Static_assert(__builtin_offsetof(struct gpr_frame, r15) == GPR_R15, "GPR frame");
#endif

#endif
