/* SPDX-License-Identifier: MIT */
/*
 * VM entry and the VM-exit stub (SDM Vol. 3C 27 VM entries, 28.5 host state
 * loaded on VM exit). A VM exit loads RIP = HOST_RIP (vmx_exit_stub) and
 * RSP = HOST_RSP (exit_stack_top - 16) and nothing else of the GPRs: the
 * stub saves the guest's GPRs as a struct guest_regs on the exit stack,
 * calls the C handler with it and either restores them and VMRESUMEs, or
 * returns from vmx_run to the code that launched the guest.
 *
 * Exit stack, top down:  [top-8]  the launching RSP (vmx_run's frame)
 *                        [top-16] HOST_RSP points here
 *                        pad, then the 15 GPRs: struct guest_regs at RSP,
 *                        16-byte aligned for the call.
 * After a failed VMLAUNCH/VMRESUME, CF = 1 means VMfailInvalid and ZF = 1
 * VMfailValid (SDM 31.2); the GPRs then hold guest values, so the host's
 * callee-saved registers come back from the launching stack.
 */
#include "arch/x86/frame.h"
#include "vmx/pure/vmx_defs.h"
#include "vmx/guest.h"


	.text
/* int vmx_run(struct guest_regs *regs, uint64_t exit_stack_top) */
	.globl vmx_run
	.type vmx_run, @function
vmx_run:
	PUSH_CALLEE_SAVED
	movq %rsp, -8(%rsi)
	LOAD_GPRS_BUT %rdi
	movq GPR_RDI(%rdi), %rdi
	vmlaunch
	jmp .Lentry_failed		/* still on the launching stack; flags intact */
	.size vmx_run, . - vmx_run

	.globl vmx_exit_stub
	.type vmx_exit_stub, @function
vmx_exit_stub:
	subq $8, %rsp
	PUSH_GPRS
	movq %rsp, %rdi
	call vmx_exit_handler
	testb %al, %al
	jz .Lstop
	POP_GPRS
	addq $8, %rsp
	vmresume
	movq 8(%rsp), %rsp		/* VMRESUME fell through: back to vmx_run's frame */
.Lentry_failed:
	movl $VMX_FAIL_INVALID, %eax
	jc .Lreturn
	movl $VMX_FAIL_VALID, %eax
	jmp .Lreturn
.Lstop:
	movq GUEST_REGS_SIZE + 8(%rsp), %rsp
	xorl %eax, %eax
.Lreturn:
	POP_CALLEE_SAVED
	ret
	.size vmx_exit_stub, . - vmx_exit_stub
