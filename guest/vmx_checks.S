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

#define P(name)		vchk_##name
#define CR_ACCESS_CR	%cr4		/* cr_access: CHK_CR_VMX */
#define CR_ACCESS_BIT	CHK_CR_VMX_BIT

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
	.globl vchk_image, vchk_image_end
	.balign 16
vchk_image:
	.code32

/* preemption_timer: ECX = spin limit. D0/D1 = TSC at the start, D2/D3 = the latest TSC. */
	.globl vchk_g_preempt
vchk_g_preempt:
	rdtsc
	movl %eax, CHK_D0
	movl %edx, CHK_D1
1:	rdtsc
	movl %eax, CHK_D2
	movl %edx, CHK_D3
	decl %ecx
	jnz 1b
	DONE

#include "guest/check_progs.inc"

/* interrupt_window: IF = 0 until STI; the window opens after the instruction in its shadow. */
	.globl vchk_g_iwin, vchk_g_iwin_open
vchk_g_iwin:
	nop
	movl $1, CHK_D0
	sti
	nop
vchk_g_iwin_open:
	cli
	DONE

/* nmi_window: no virtual-NMI blocking, so the exit comes before the first instruction. */
	.globl vchk_g_nmiwin
vchk_g_nmiwin:
	nop
	DONE

/* mtf: an exit after every instruction while the monitor trap flag is set. */
	.globl vchk_g_mtf, vchk_g_mtf_1, vchk_g_mtf_2, vchk_g_mtf_3
vchk_g_mtf:
	nop
vchk_g_mtf_1:
	movl $0x12345678, %eax
vchk_g_mtf_2:
	nop
vchk_g_mtf_3:
	DONE

/* ept_2m: two words through a 2 MiB EPT page, one through a 4 KiB one. */
	.globl vchk_g_big
vchk_g_big:
	movl CHK_BIG_GPA + CHK_BIG_OFF_HIGH, %eax
	movl %eax, CHK_D0
	movl CHK_BIG_GPA + CHK_BIG_OFF_LOW, %eax
	movl %eax, CHK_D1
	movl CHK_PAGE_R_GPA + 8, %eax
	movl %eax, CHK_D2
	DONE

/* ept_1g: ECX = an address inside the read-only 1 GiB page: read it, then try to write it. */
	.globl vchk_g_huge, vchk_g_huge_write
vchk_g_huge:
	movl (%ecx), %eax
	movl %eax, CHK_D0
vchk_g_huge_write:
	movl %eax, (%ecx)
	DONE

/* ept_exec_only: call the function copied to the execute-only page, then read that page. */
	.globl vchk_g_xo, vchk_g_xo_read, vchk_xo_func, vchk_xo_func_end
vchk_g_xo:
	movl $CHK_PAGE_X_GPA, %ecx
	call *%ecx
	movl %eax, CHK_D0
vchk_g_xo_read:
	movl CHK_PAGE_X_GPA, %eax
	DONE
vchk_xo_func:
	movl $0x600d, %eax
	ret
vchk_xo_func_end:

/* invept, invvpid: ECX = the address; read the word there and report it (EBX), again and again. */
	.globl vchk_g_reread
vchk_g_reread:
1:	movl (%ecx), %ebx
	REPORT
	jmp 1b

/* vmfunc: page R through EPTP 0, EPTP 1 (VMFUNC 0, ECX = 1), then an index beyond the list. */
	.globl vchk_g_vmfunc, vchk_g_vmfunc_bad
vchk_g_vmfunc:
	movl CHK_PAGE_R_GPA, %ebx
	movl %ebx, CHK_D0
	xorl %eax, %eax
	movl $1, %ecx
	vmfunc
	movl CHK_PAGE_R_GPA, %ebx
	movl %ebx, CHK_D1
	xorl %eax, %eax
	movl $CHK_VMFUNC_BAD_INDEX, %ecx
vchk_g_vmfunc_bad:
	vmfunc
	DONE

/* pml: write a word at offset CHK_PML_OFF into CHK_PML_PAGES pages from page R on. */
	.globl vchk_g_pml
vchk_g_pml:
	movl $CHK_PAGE_R_GPA + CHK_PML_OFF, %ecx
	movl $CHK_PML_PAGES, %edx
1:	movl %edx, (%ecx)
	addl $0x1000, %ecx
	decl %edx
	jnz 1b
	DONE

/* ept_ve: read page U (not present in the EPT); the #VE handler records the vector and EIP. */
	.globl vchk_g_ve, vchk_g_ve_read, vchk_h_ve
vchk_g_ve:
vchk_g_ve_read:
	movl CHK_PAGE_U_GPA + CHK_VE_OFF, %eax
	DONE
vchk_h_ve:
	movl $X86_TRAP_VE, CHK_D0
	movl (%esp), %edx
	movl %edx, CHK_D1
	DONE

/* apic_access: a read and a write of the APIC-access page (page U). */
	.globl vchk_g_apic, vchk_g_apic_read, vchk_g_apic_write
vchk_g_apic:
vchk_g_apic_read:
	movl CHK_PAGE_U_GPA + CHK_APIC_READ_OFF, %eax
vchk_g_apic_write:
	movl %eax, CHK_PAGE_U_GPA + CHK_APIC_WRITE_OFF
	DONE

/* vmcs_shadowing: VMREAD of a field served by the shadow VMCS (value D0, CF/ZF D1), then one that exits. */
	.globl vchk_g_vmread, vchk_g_vmread_exit
vchk_g_vmread:
	movl $CHK_SHADOW_FIELD, %eax
	xorl %ebx, %ebx
	xorl %edx, %edx
	vmread %eax, %ebx
	setc %dl
	setz %dh
	movl %ebx, CHK_D0
	movl %edx, CHK_D1
	movl $CHK_EXIT_FIELD, %eax
vchk_g_vmread_exit:
	vmread %eax, %ebx
	DONE

/*
 * tpr_shadow (64-bit): CR8 = 6, read back, CR8 = 2 (below the threshold), wait for the host's D7.
 * The CLI (IF is 0 already) is for Bochs 2.7, which re-evaluates external-interrupt exiting only
 * when the guest changes IF (cpu/vmx.cc:2080 setEFlags, cpu/flag_ctrl_pro.cc:30): without it the
 * LAPIC watchdog's interrupt would never exit this wait on a Core 2 model.
 */
	.code64
	.globl vchk_g_tpr, vchk_g_tpr_after
vchk_g_tpr:
	movl $6, %eax
	movq %rax, %cr8
	movq %cr8, %rbx
	movl %ebx, CHK_D0
	movl $2, %eax
	movq %rax, %cr8
vchk_g_tpr_after:
	cli
1:	cmpl $0, CHK_D7
	je 1b
	movl $CHK_CALL_DONE, %eax
	vmcall
	hlt
	.code32

/* ia32e_guest: 64-bit code: a 64-bit immediate and a RIP-relative address, then VMCALL. */
	.code64
	.globl vchk_g_64, vchk_g_64_here
vchk_g_64:
	movabsq $0x0123456789abcdef, %rbx
	leaq vchk_g_64_here(%rip), %rcx
vchk_g_64_here:
	movl $CHK_CALL_DONE, %eax
	vmcall
	hlt
	.code32

/*
 * load_save_pat, load_save_efer, load_perf_global_ctrl: ECX = the MSR. Read it (D0 low, D1
 * high); with EBX != 0 write EDI:ESI to it and read it back (D2, D3).
 */
	.globl vchk_g_msrstate
vchk_g_msrstate:
	rdmsr
	movl %eax, CHK_D0
	movl %edx, CHK_D1
	testl %ebx, %ebx
	jz 1f
	movl %esi, %eax
	movl %edi, %edx
	wrmsr
	rdmsr
	movl %eax, CHK_D2
	movl %edx, CHK_D3
1:	DONE

/* load_debugctl: DR7 as entered (D4), DR7 = D7, then IA32_DEBUGCTL as vchk_g_msrstate. */
	.globl vchk_g_dbgctl
vchk_g_dbgctl:
	movl %dr7, %eax
	movl %eax, CHK_D4
	movl CHK_D7, %eax
	movl %eax, %dr7
	jmp vchk_g_msrstate

/*
 * ept_permissions: one access to page U per entry, D0 its kind: 0 read and 1 write of the word
 * at CHK_EPTPERM_OFF, 2 a call to offset 0 (a RET there). An access that completes reports.
 */
	.globl vchk_g_eptperm
vchk_g_eptperm:
	movl CHK_D0, %eax
	movl $CHK_PAGE_U_GPA, %ecx
	cmpl $1, %eax
	je 2f
	ja 3f
	movl CHK_EPTPERM_OFF(%ecx), %ebx
	jmp 5f
2:	movl %ebx, CHK_EPTPERM_OFF(%ecx)
	jmp 5f
3:	call *%ecx
5:	REPORT
	DONE

/*
 * unrestricted_real_mode (real mode, CS = SS = 0): INT CHK_REAL_VEC through the IVT at 0; the
 * handler keeps its return IP (CX) and CS (DI), sets EBX and IRETs. After it: SP in DX, then DONE.
 */
	.code16
	.globl vchk_g_real, vchk_g_real_ret, vchk_g_real_done, vchk_h_real, vchk_h_real_bare
vchk_g_real:
	movl $0x5a5a5a5a, %ebx
	xorl %ecx, %ecx
	movl $0xffff, %edi
	int $CHK_REAL_VEC
vchk_g_real_ret:
	movw %sp, %dx
	movl $CHK_CALL_DONE, %eax
vchk_g_real_done:
	vmcall
	hlt
vchk_h_real:
	movw %sp, %bp
	movw (%bp), %cx
	movw 2(%bp), %di
	movl $CHK_REAL_MAGIC, %ebx
vchk_h_real_bare:
	iret
	.code32

/*
 * virtual_nmi: entered with an NMI injected. Its handler records the EIP it returns to (D0), reports
 * (virtual-NMI blocking must hold), marks D1 and IRETs; the main program marks D2 and ends.
 */
	.globl vchk_g_vnmi, vchk_h_vnmi, vchk_h_vnmi_report
vchk_g_vnmi:
	movl $1, CHK_D2
	DONE
vchk_h_vnmi:
	movl (%esp), %edx
	movl %edx, CHK_D0
	movl $CHK_CALL_REPORT, %eax
vchk_h_vnmi_report:
	vmcall
	movl $1, CHK_D1
	iretl

/* hlt_exiting: HLT with IF = 1 (an interrupt wakes it where HLT does not exit), then DONE. */
	.globl vchk_g_hlt, vchk_g_hlt_insn
vchk_g_hlt:
	sti
	nop
vchk_g_hlt_insn:
	hlt
	cli
	DONE

/*
 * pause_loop_exiting: ESI PAUSEs at least EBX TSC ticks apart (D4 counts them), REPORT; then a tight
 * PAUSE loop for at most EDI TSC ticks: D0 = TSC before its first PAUSE, D2 = TSC after the latest.
 */
	.globl vchk_g_ple, vchk_g_ple_spaced, vchk_g_ple_tight
vchk_g_ple:
1:	rdtsc
	movl %eax, %ecx
vchk_g_ple_spaced:
	pause
2:	rdtsc
	subl %ecx, %eax
	cmpl %ebx, %eax
	jb 2b
	incl CHK_D4
	decl %esi
	jnz 1b
	REPORT
	rdtsc
	movl %eax, CHK_D0
	movl %eax, %ecx
vchk_g_ple_tight:
	pause
	rdtsc
	movl %eax, CHK_D2
	subl %ecx, %eax
	cmpl %edi, %eax
	jb vchk_g_ple_tight
	DONE

/* monitor_mwait_exiting: MONITOR, MWAIT (both exit), MONITOR (runs: arms), MWAIT (exits, armed). */
	.globl vchk_g_mwait, vchk_g_monitor_1, vchk_g_mwait_1
	.globl vchk_g_rearm, vchk_g_monitor_2, vchk_g_mwait_2
vchk_g_mwait:
	xorl %ecx, %ecx
	xorl %edx, %edx
	movl $CHK_MWAIT_LINE, %eax
vchk_g_monitor_1:
	monitor
	xorl %eax, %eax
vchk_g_mwait_1:
	mwait
vchk_g_rearm:
	movl $CHK_MWAIT_LINE, %eax
vchk_g_monitor_2:
	monitor
	xorl %eax, %eax
vchk_g_mwait_2:
	mwait
	DONE

/* cr3_target: CR3 = EBX (a target: no exit), REPORT, CR3 = ESI (a target), CR3 = EDI (not one: exits). */
	.globl vchk_g_cr3, vchk_g_cr3_b, vchk_g_cr3_a, vchk_g_cr3_c
vchk_g_cr3:
vchk_g_cr3_b:
	movl %ebx, %cr3
	REPORT
vchk_g_cr3_a:
	movl %esi, %cr3
vchk_g_cr3_c:
	movl %edi, %cr3
	DONE

/*
 * apic_register_virtualization: reads of four virtualized registers through the APIC-access page
 * (page U) into D0-D3, a read of the current count (exits, 44), a write of the LDR (APIC-write
 * exit, 56, after it).
 */
	.globl vchk_g_areg, vchk_g_areg_ccr, vchk_g_areg_ldr, vchk_g_areg_after
vchk_g_areg:
	movl CHK_PAGE_U_GPA + CHK_APIC_ID, %eax
	movl %eax, CHK_D0
	movl CHK_PAGE_U_GPA + CHK_APIC_VERSION, %eax
	movl %eax, CHK_D1
	movl CHK_PAGE_U_GPA + CHK_APIC_SVR, %eax
	movl %eax, CHK_D2
	movl CHK_PAGE_U_GPA + CHK_APIC_ICR_LOW, %eax
	movl %eax, CHK_D3
vchk_g_areg_ccr:
	movl CHK_PAGE_U_GPA + CHK_APIC_TMCCT, %eax
vchk_g_areg_ldr:
	movl $CHK_AREG_LDR_VAL, CHK_PAGE_U_GPA + CHK_APIC_LDR
vchk_g_areg_after:
	DONE

/*
 * virtual_interrupt_delivery: IF = 1 under VTPR 0x70 (nothing delivered: D5 = interrupts so
 * far), TPR 0x50 through page U (one: D6), TPR 0 (the second). Each handler appends its vector
 * to CHK_DLIST (D4 counts); HI reports, then EOIs (no exit); LO's EOI exits (45) after it.
 */
.macro VID_RECORD vec
	pushl %eax
	movl CHK_D4, %eax
	andl $63, %eax
	movl $\vec, CHK_DLIST(,%eax,4)
	incl CHK_D4
.endm
	.globl vchk_g_vid, vchk_h_vid_hi, vchk_h_vid_lo, vchk_h_vid_lo_eoi
vchk_g_vid:
	sti
	nop
	movl CHK_D4, %eax
	movl %eax, CHK_D5
	movl $CHK_VID_TPR_MID, CHK_PAGE_U_GPA + CHK_APIC_TPR
	nop
	movl CHK_D4, %eax
	movl %eax, CHK_D6
	movl $0, CHK_PAGE_U_GPA + CHK_APIC_TPR
	nop
	DONE
vchk_h_vid_hi:
	VID_RECORD CHK_VID_VEC_HI
	REPORT
	movl $0, CHK_PAGE_U_GPA + CHK_APIC_EOI
	popl %eax
	iretl
vchk_h_vid_lo:
	VID_RECORD CHK_VID_VEC_LO
	movl $0, CHK_PAGE_U_GPA + CHK_APIC_EOI
vchk_h_vid_lo_eoi:
	popl %eax
	iretl

/*
 * virtualize_x2apic: RDMSR 0x808 (D0, D1), WRMSR 0x808, RDMSR 0x808 again (D2, D3), then
 * RDMSR 0x803, which the MSR bitmap sends to the host (31).
 */
	.globl vchk_g_x2apic, vchk_g_x2apic_ver
vchk_g_x2apic:
	movl $CHK_X2APIC_TPR_MSR, %ecx
	rdmsr
	movl %eax, CHK_D0
	movl %edx, CHK_D1
	movl $CHK_X2APIC_TPR_VAL, %eax
	xorl %edx, %edx
	wrmsr
	xorl %eax, %eax
	rdmsr
	movl %eax, CHK_D2
	movl %edx, CHK_D3
	movl $CHK_X2APIC_VER_MSR, %ecx
vchk_g_x2apic_ver:
	rdmsr
	DONE

/*
 * posted_interrupts: IF = 1, then up to 1000 rounds waiting for the posted vector's handler
 * (D0 = its vector, D1 counts).
 */
	.globl vchk_g_pi, vchk_h_pi
vchk_g_pi:
	movl $1000, %ecx
	sti
1:	cmpl $0, CHK_D1
	jne 2f
	decl %ecx
	jnz 1b
2:	cli
	DONE
vchk_h_pi:
	movl $CHK_PI_VEC, CHK_D0
	incl CHK_D1
	iretl

/*
 * entry_rules: the VMCALL that ends the program at once. Set-up enters it
 * with one rule broken at a time: a CPU that enters anyway exits here (the
 * same bytes in 32-bit and 64-bit code).
 */
	.globl vchk_g_entry_rules
vchk_g_entry_rules:
	DONE

vchk_image_end:
