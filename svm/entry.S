/* SPDX-License-Identifier: MIT */
/*
 * The VMRUN loop (APM Vol. 2 15.5 "VMRUN Instruction", 15.6 "#VMEXIT",
 * 15.5.2 "VMSAVE and VMLOAD Instructions"). Unlike a VT-x exit, #VMEXIT
 * returns to the instruction after VMRUN with the host's RSP and RAX (saved
 * at VM_HSAVE_PA by VMRUN) but with every other GPR still holding the
 * guest's value, and with GIF = 0.
 *
 * VMRUN and #VMEXIT switch only part of the state: ES CS SS DS, GDTR, IDTR,
 * CR0 CR3 CR4, EFER, RFLAGS, RIP, RSP, RAX. FS, GS, TR, LDTR (with their
 * hidden bases), KernelGsBase, STAR/LSTAR/CSTAR/SFMASK and SYSENTER_* are
 * VMLOAD/VMSAVE state. The host keeps its per-CPU pointer in GS base, so
 * every exit VMSAVEs the guest's copy and VMLOADs the host's (taken once
 * per run into host_save_pa) before any C code runs; in between, GIF = 0
 * (CLGI) keeps NMIs pending. GIF is set again (STGI) for the C handler,
 * so a panic's NMI stops this CPU there.
 *
 * Stack while looping (16-byte aligned at each call):
 *   [rsp + 0]  host_save_pa   [rsp + 8] vmcb_pa   [rsp + 16] regs
 *   then r15 r14 r13 r12 rbp rbx, the return address.
 * The guest's RAX lives in the VMCB (save.rax), not in struct guest_regs:
 * the C side copies it.
 */
#include "vmx/guest.h"

#define ST_HOST_SAVE	0
#define ST_VMCB		8
#define ST_REGS		16

	.text
/* void svm_run(struct guest_regs *regs, uint64_t vmcb_pa, uint64_t host_save_pa) */
	.globl svm_run
	.type svm_run, @function
svm_run:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi			/* ST_REGS */
	pushq %rsi			/* ST_VMCB */
	pushq %rdx			/* ST_HOST_SAVE */
	clgi
	movq %rdx, %rax
	vmsave				/* the host's FS GS TR LDTR ... */

.Lenter:
	clgi
	movq ST_REGS(%rsp), %rax
	movq GREG_RCX(%rax), %rcx
	movq GREG_RDX(%rax), %rdx
	movq GREG_RBX(%rax), %rbx
	movq GREG_RBP(%rax), %rbp
	movq GREG_RSI(%rax), %rsi
	movq GREG_RDI(%rax), %rdi
	movq GREG_R8 + 0(%rax), %r8
	movq GREG_R8 + 8(%rax), %r9
	movq GREG_R8 + 16(%rax), %r10
	movq GREG_R8 + 24(%rax), %r11
	movq GREG_R8 + 32(%rax), %r12
	movq GREG_R8 + 40(%rax), %r13
	movq GREG_R8 + 48(%rax), %r14
	movq GREG_R15(%rax), %r15
	movq ST_VMCB(%rsp), %rax
	vmload
	vmrun
	/* #VMEXIT (or a VMRUN that failed its checks): RAX = vmcb_pa again. */
	vmsave
	pushq %rax			/* any slot: overwritten with the guest's RDI below */
	movq %rdi, (%rsp)
	movq ST_REGS + 8(%rsp), %rdi
	movq %rcx, GREG_RCX(%rdi)
	movq %rdx, GREG_RDX(%rdi)
	movq %rbx, GREG_RBX(%rdi)
	movq %rbp, GREG_RBP(%rdi)
	movq %rsi, GREG_RSI(%rdi)
	movq %r8, GREG_R8 + 0(%rdi)
	movq %r9, GREG_R8 + 8(%rdi)
	movq %r10, GREG_R8 + 16(%rdi)
	movq %r11, GREG_R8 + 24(%rdi)
	movq %r12, GREG_R8 + 32(%rdi)
	movq %r13, GREG_R8 + 40(%rdi)
	movq %r14, GREG_R8 + 48(%rdi)
	movq %r15, GREG_R15(%rdi)
	popq GREG_RDI(%rdi)
	movq ST_HOST_SAVE(%rsp), %rax
	vmload				/* GS base is the host's again */
	stgi
	call svm_exit_handler
	testb %al, %al
	jnz .Lenter

	addq $24, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret
	.size svm_run, . - svm_run
