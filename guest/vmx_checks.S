/* SPDX-License-Identifier: MIT */
/*
 * The VT-x check guests' programs (vmx/checks.h, docs/checks.md): one blob,
 * copied to guest-physical GUEST_CODE_GPA for every check, entered at the
 * row's entry point in 32-bit protected mode with paging (flat segments,
 * linear = guest-physical), or in 64-bit mode for the IA-32e row. Each
 * program ends with VMCALL CHK_CALL_DONE followed by HLT, and every
 * exception exits (exception bitmap), so a program always terminates:
 * the exits the host expects on the way are the check. The programs of the
 * rows for both vendors come from guest/check_progs.inc, with VMCALL here.
 */
#include "arch/x86/x86.h"
#include "vmx/checks.h"

#define P(name)		chk_##name

.macro DONE
	movl $CHK_CALL_DONE, %eax
	vmcall
	hlt
.endm

.macro REPORT
	movl $CHK_CALL_REPORT, %eax
	vmcall
.endm

	.section .rodata.chkguest, "a"
	.globl chk_image, chk_image_end
	.balign 16
chk_image:
	.code32

/* preemption_timer: ECX = spin limit. D0/D1 = TSC at the start, D2/D3 = the latest TSC. */
	.globl chk_g_preempt
chk_g_preempt:
	rdtsc
	movl %eax, CHK_D0
	movl %edx, CHK_D1
1:	rdtsc
	movl %eax, CHK_D2
	movl %edx, CHK_D3
	decl %ecx
	jnz 1b
	DONE

/* msr_bitmap: the accesses of vmx/checks/msr_bitmap.c's list, in its order. */
	.globl chk_g_msr
chk_g_msr:
	movl $MSR_IA32_SYSENTER_CS, %ecx		/* IA32_SYSENTER_CS: read passes */
	rdmsr
	movl %eax, CHK_D0
	movl $MSR_IA32_SYSENTER_ESP, %ecx		/* IA32_SYSENTER_ESP: read exits */
	rdmsr
	movl %eax, CHK_D1
	movl $MSR_IA32_SYSENTER_CS, %ecx		/* write exits */
	movl $0x5a5a, %eax
	xorl %edx, %edx
	wrmsr
	movl $MSR_KERNEL_GS_BASE, %ecx		/* IA32_KERNEL_GS_BASE: read exits (high range) */
	rdmsr
	movl %eax, CHK_D2
	DONE

/* io_bitmap: the list at CHK_DLIST, one access per entry. */
	.globl chk_g_io
chk_g_io:
	movl $CHK_DLIST, %esi
1:	movzbl 2(%esi), %ecx
	testl %ecx, %ecx
	jz 9f
	movzwl (%esi), %edx
	movzbl 3(%esi), %ebx
	movl $0x5a5a5a5a, %eax
	testl %ebx, %ebx
	jnz 5f
	cmpl $1, %ecx
	jne 2f
	outb %al, %dx
	jmp 8f
2:	cmpl $2, %ecx
	jne 3f
	outw %ax, %dx
	jmp 8f
3:	outl %eax, %dx
	jmp 8f
5:	cmpl $1, %ecx
	jne 6f
	inb %dx, %al
	jmp 8f
6:	cmpl $2, %ecx
	jne 7f
	inw %dx, %ax
	jmp 8f
7:	inl %dx, %eax
8:	addl $CHK_IO_ENTRY_SIZE, %esi
	jmp 1b
9:	DONE

/* exception_bitmap: #BP goes to the guest's own handler, #UD exits. */
	.globl chk_g_exc, chk_g_exc_ud, chk_h_bp
chk_g_exc:
	int3
chk_g_exc_ud:
	ud2
	DONE
chk_h_bp:
	incl CHK_D0
	iretl

#include "guest/check_progs.inc"

/* interrupt_window: IF = 0 until STI; the window opens after the instruction in its shadow. */
	.globl chk_g_iwin, chk_g_iwin_open
chk_g_iwin:
	nop
	movl $1, CHK_D0
	sti
	nop
chk_g_iwin_open:
	cli
	DONE

/* nmi_window: no virtual-NMI blocking, so the exit comes before the first instruction. */
	.globl chk_g_nmiwin
chk_g_nmiwin:
	nop
	DONE

/* mtf: an exit after every instruction while the monitor trap flag is set. */
	.globl chk_g_mtf, chk_g_mtf_1, chk_g_mtf_2, chk_g_mtf_3
chk_g_mtf:
	nop
chk_g_mtf_1:
	movl $0x12345678, %eax
chk_g_mtf_2:
	nop
chk_g_mtf_3:
	DONE

/* rdtsc_exiting, tsc_offset, tsc_scaling: what RDTSC returned, in D0 (low) and D1. */
	.globl chk_g_rdtsc, chk_g_rdtsc_insn
chk_g_rdtsc:
chk_g_rdtsc_insn:
	rdtsc
	movl %eax, CHK_D0
	movl %edx, CHK_D1
	DONE

/* cr_access: CR4 as read (the shadow), then a write of VMXE (host-owned) from ESI. */
	.globl chk_g_cr, chk_g_cr_write
chk_g_cr:
	movl %cr4, %eax
	movl %eax, CHK_D0
	movl %eax, %esi
	orl $X86_CR4_VMXE, %esi
chk_g_cr_write:
	movl %esi, %cr4
	DONE

/* ept_ad: read one page, write another, leave a third alone. */
	.globl chk_g_ad
chk_g_ad:
	movl CHK_PAGE_R_GPA, %eax
	movl $1, CHK_PAGE_W_GPA
	DONE

/* ept_2m: two words through a 2 MiB EPT page, one through a 4 KiB one. */
	.globl chk_g_big
chk_g_big:
	movl CHK_BIG_GPA + CHK_BIG_OFF_HIGH, %eax
	movl %eax, CHK_D0
	movl CHK_BIG_GPA + CHK_BIG_OFF_LOW, %eax
	movl %eax, CHK_D1
	movl CHK_PAGE_R_GPA + 8, %eax
	movl %eax, CHK_D2
	DONE

/* ept_1g: ECX = an address inside the read-only 1 GiB page: read it, then try to write it. */
	.globl chk_g_huge, chk_g_huge_write
chk_g_huge:
	movl (%ecx), %eax
	movl %eax, CHK_D0
chk_g_huge_write:
	movl %eax, (%ecx)
	DONE

/* ept_exec_only: call the function copied to the execute-only page, then read that page. */
	.globl chk_g_xo, chk_g_xo_read, chk_xo_func, chk_xo_func_end
chk_g_xo:
	movl $CHK_PAGE_X_GPA, %ecx
	call *%ecx
	movl %eax, CHK_D0
chk_g_xo_read:
	movl CHK_PAGE_X_GPA, %eax
	DONE
chk_xo_func:
	movl $0x600d, %eax
	ret
chk_xo_func_end:

/* invept, invvpid: ECX = the address; read the word there and report it (EBX), again and again. */
	.globl chk_g_reread
chk_g_reread:
1:	movl (%ecx), %ebx
	REPORT
	jmp 1b

/* vmfunc: page R through EPTP 0, EPTP 1 (VMFUNC 0, ECX = 1), then an index beyond the list. */
	.globl chk_g_vmfunc, chk_g_vmfunc_bad
chk_g_vmfunc:
	movl CHK_PAGE_R_GPA, %ebx
	movl %ebx, CHK_D0
	xorl %eax, %eax
	movl $1, %ecx
	vmfunc
	movl CHK_PAGE_R_GPA, %ebx
	movl %ebx, CHK_D1
	xorl %eax, %eax
	movl $CHK_VMFUNC_BAD_INDEX, %ecx
chk_g_vmfunc_bad:
	vmfunc
	DONE

/* pml: write a word at offset CHK_PML_OFF into CHK_PML_PAGES pages from page R on. */
	.globl chk_g_pml
chk_g_pml:
	movl $CHK_PAGE_R_GPA + CHK_PML_OFF, %ecx
	movl $CHK_PML_PAGES, %edx
1:	movl %edx, (%ecx)
	addl $0x1000, %ecx
	decl %edx
	jnz 1b
	DONE

/* ept_ve: read page U (not present in the EPT); the #VE handler records the vector and EIP. */
	.globl chk_g_ve, chk_g_ve_read, chk_h_ve
chk_g_ve:
chk_g_ve_read:
	movl CHK_PAGE_U_GPA + CHK_VE_OFF, %eax
	DONE
chk_h_ve:
	movl $X86_TRAP_VE, CHK_D0
	movl (%esp), %edx
	movl %edx, CHK_D1
	DONE

/* apic_access: a read and a write of the APIC-access page (page U). */
	.globl chk_g_apic, chk_g_apic_read, chk_g_apic_write
chk_g_apic:
chk_g_apic_read:
	movl CHK_PAGE_U_GPA + CHK_APIC_READ_OFF, %eax
chk_g_apic_write:
	movl %eax, CHK_PAGE_U_GPA + CHK_APIC_WRITE_OFF
	DONE

/* vmcs_shadowing: VMREAD of a field served by the shadow VMCS (value D0, CF/ZF D1), then one that exits. */
	.globl chk_g_vmread, chk_g_vmread_exit
chk_g_vmread:
	movl $CHK_SHADOW_FIELD, %eax
	xorl %ebx, %ebx
	xorl %edx, %edx
	vmread %eax, %ebx
	setc %dl
	setz %dh
	movl %ebx, CHK_D0
	movl %edx, CHK_D1
	movl $CHK_EXIT_FIELD, %eax
chk_g_vmread_exit:
	vmread %eax, %ebx
	DONE

/*
 * tpr_shadow (64-bit): CR8 = 6, read back, CR8 = 2 (below the threshold), wait for the host's D7.
 * The CLI (IF is 0 already) is for Bochs 2.7, which re-evaluates external-interrupt exiting only
 * when the guest changes IF (cpu/vmx.cc:2080 setEFlags, cpu/flag_ctrl_pro.cc:30): without it the
 * LAPIC watchdog's interrupt would never exit this wait on a Core 2 model.
 */
	.code64
	.globl chk_g_tpr, chk_g_tpr_after
chk_g_tpr:
	movl $6, %eax
	movq %rax, %cr8
	movq %cr8, %rbx
	movl %ebx, CHK_D0
	movl $2, %eax
	movq %rax, %cr8
chk_g_tpr_after:
	cli
1:	cmpl $0, CHK_D7
	je 1b
	movl $CHK_CALL_DONE, %eax
	vmcall
	hlt
	.code32

/* ia32e_guest: 64-bit code: a 64-bit immediate and a RIP-relative address, then VMCALL. */
	.code64
	.globl chk_g_64, chk_g_64_here
chk_g_64:
	movabsq $0x0123456789abcdef, %rbx
	leaq chk_g_64_here(%rip), %rcx
chk_g_64_here:
	movl $CHK_CALL_DONE, %eax
	vmcall
	hlt
	.code32

/*
 * entry_rules: the VMCALL that ends the program at once. Set-up enters it
 * with one rule broken at a time: a CPU that enters anyway exits here (the
 * same bytes in 32-bit and 64-bit code).
 */
	.globl chk_g_entry_rules
chk_g_entry_rules:
	DONE

chk_image_end:
