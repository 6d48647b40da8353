/* SPDX-License-Identifier: MIT */
/*
 * VM entry for the check guests (vmx/checks/run.c). Unlike the main
 * guest's loop (vmx/entry.S), every VM exit returns to the C caller, which
 * judges it and enters again: kvm-unit-tests' shape, one exit at a time.
 *
 * Exit stack (HOST_RSP = exit_stack_top - 16, vmx/vmcs_setup.c):
 *   [top-8]  the launching RSP; at that RSP the struct guest_regs pointer,
 *            above it the caller's callee-saved registers.
 * The stub stores the guest's GPRs into *regs and returns 0 from
 * vchk_vmenter. A failed VMLAUNCH/VMRESUME falls through with CF (VMfailInvalid)
 * or ZF (VMfailValid) set (SDM Vol. 3C 31.2) and returns 1 or 2.
 */
#include "arch/x86/frame.h"
#include "vmx/pure/vmx_defs.h"

	.text
/* int vchk_vmenter(struct guest_regs *regs, uint64_t exit_stack_top, int launched) */
	.globl vchk_vmenter
	.type vchk_vmenter, @function
vchk_vmenter:
	PUSH_CALLEE_SAVED
	pushq %rdi
	movq %rsp, -8(%rsi)
	testl %edx, %edx		/* MOVs below leave the flags alone */
	LOAD_GPRS_BUT %rdi
	movq GPR_RDI(%rdi), %rdi
	jnz 1f
	vmlaunch
	jmp .Lfailed
1:	vmresume
.Lfailed:				/* still on the launching stack */
	movl $VMX_FAIL_INVALID, %eax
	jc .Lreturn
	movl $VMX_FAIL_VALID, %eax
	jmp .Lreturn
	.size vchk_vmenter, . - vchk_vmenter

	.globl vchk_exit_stub
	.type vchk_exit_stub, @function
vchk_exit_stub:
	pushq %rdi			/* RSP = top-24 */
	movq 16(%rsp), %rdi		/* the launching RSP */
	movq (%rdi), %rdi		/* regs */
	STORE_GPRS_BUT %rdi
	popq GPR_RDI(%rdi)
	movq 8(%rsp), %rsp
	xorl %eax, %eax
.Lreturn:
	addq $8, %rsp			/* the regs pointer */
	POP_CALLEE_SAVED
	ret
	.size vchk_exit_stub, . - vchk_exit_stub
