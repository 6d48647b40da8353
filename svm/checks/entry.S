/* SPDX-License-Identifier: MIT */
/*
 * VMRUN for the check guests (svm/checks/run.c). Unlike the main guest's
 * loop (svm/entry.S), every #VMEXIT returns to the C caller, which judges
 * it and runs the guest again: kvm-unit-tests' shape, one exit at a time.
 *
 * The state handling is the main guest's (APM Vol. 2 15.5, 15.5.2): GIF
 * cleared around the switch, the host's FS/GS/TR/LDTR... saved by VMSAVE
 * into host_save_pa and the guest's loaded by VMLOAD before VMRUN, the
 * reverse after #VMEXIT (which restores only RSP and RAX of the GPRs).
 * RFLAGS.IF is set for VMRUN so that with V_INTR_MASKING physical
 * interrupts (the watchdog's LAPIC timer) exit the guest through the INTR
 * intercept (15.21.1); the host's IF returns clear.
 *
 * Stack while in the guest: [rsp + 0] host_save_pa, [+8] vmcb_pa,
 * [+16] regs, then the callee-saved registers and the return address.
 */
#include "arch/x86/frame.h"

	.text
/* void svm_chk_vmrun(struct guest_regs *regs, uint64_t vmcb_pa, uint64_t host_save_pa) */
	.globl svm_chk_vmrun
	.type svm_chk_vmrun, @function
svm_chk_vmrun:
	PUSH_CALLEE_SAVED
	pushq %rdi
	pushq %rsi
	pushq %rdx
	clgi
	movq %rdx, %rax
	vmsave
	movq 16(%rsp), %rax
	LOAD_GPRS_BUT %rax		/* the guest's RAX is the VMCB's */
	movq 8(%rsp), %rax
	vmload
	sti
	vmrun
	cli
	vmsave
	pushq %rdi
	movq 24(%rsp), %rdi
	STORE_GPRS_BUT %rdi
	popq GPR_RDI(%rdi)
	movq (%rsp), %rax
	vmload
	stgi
	addq $24, %rsp
	POP_CALLEE_SAVED
	ret
	.size svm_chk_vmrun, . - svm_chk_vmrun

/*
 * An interrupt taken by the host while run.c drains the one the watchdog
 * left requested: end it at the local APIC and return. The caller-saved
 * registers are kept for lapic_eoi(); RSP is 16-byte aligned at the call
 * (5 words pushed by the CPU on an aligned stack, then 9 here).
 */
	.globl svm_chk_drain_isr
	.type svm_chk_drain_isr, @function
svm_chk_drain_isr:
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	call lapic_eoi
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	iretq
	.size svm_chk_drain_isr, . - svm_chk_drain_isr
