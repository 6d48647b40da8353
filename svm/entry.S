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
 * struct guest_regs starts with the GPR frame of arch/x86/frame.h; the
 * guest's RAX lives in the VMCB (save.rax), the C side copies it.
 */
#include "arch/x86/frame.h"

#define ST_HOST_SAVE	0
#define ST_VMCB		8
#define ST_REGS		16

	.text
/* void svm_run(struct guest_regs *regs, uint64_t vmcb_pa, uint64_t host_save_pa) */
	.globl svm_run
	.type svm_run, @function
svm_run:
	PUSH_CALLEE_SAVED
	pushq %rdi			/* ST_REGS */
	pushq %rsi			/* ST_VMCB */
	pushq %rdx			/* ST_HOST_SAVE */
	clgi
	movq %rdx, %rax
	vmsave				/* the host's FS GS TR LDTR ... */

.Lenter:
	clgi
	movq ST_REGS(%rsp), %rax
	LOAD_GPRS_BUT %rax		/* the guest's RAX is the VMCB's */
	movq ST_VMCB(%rsp), %rax
	vmload
	/* With V_INTR_MASKING the host's IF at VMRUN masks physical interrupts in
	 * the guest (15.21.1): set, so the watchdog's LAPIC timer can exit it
	 * (INTR intercept). GIF = 0 holds the interrupt until VMRUN; #VMEXIT
	 * restores the host's RFLAGS, IF included, so clear it before STGI. */
	sti
	vmrun
	cli
	/* #VMEXIT (or a VMRUN that failed its checks): RAX = vmcb_pa again. */
	vmsave
	pushq %rdi			/* the guest's RDI, while RDI points to regs */
	movq ST_REGS + 8(%rsp), %rdi
	STORE_GPRS_BUT %rdi, %rax	/* the guest's RAX is the VMCB's (C copies it) */
	popq GPR_RDI(%rdi)
	movq ST_HOST_SAVE(%rsp), %rax
	vmload				/* GS base is the host's again */
	stgi
	call svm_exit_handler
	testb %al, %al
	jnz .Lenter

	addq $24, %rsp
	POP_CALLEE_SAVED
	ret
	.size svm_run, . - svm_run
