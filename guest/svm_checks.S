/* SPDX-License-Identifier: MIT */
/*
 * The AMD-V check guests' programs (svm/checks.h, docs/checks.md): one
 * blob, copied to guest-physical GUEST_CODE_GPA for every check, entered
 * at the row's entry point in 32-bit protected mode with paging (flat
 * segments, linear = guest-physical). Each program ends with VMMCALL
 * CHK_CALL_DONE followed by HLT, and every exception not handled by the
 * program itself is intercepted, so a program always terminates (or is
 * stopped by the watchdog): the exits the host expects on the way are the
 * check. The VT-x guests (guest/vmx_checks.S) end with VMCALL, which is #UD
 * on AMD: hence these. The programs of the rows for both vendors come from
 * guest/check_progs.inc, with VMMCALL here.
 */
#include "svm/checks.h"

#define P(name)		schk_##name
#define CR_ACCESS_CR	%cr0		/* cr_access: CHK_CR_SVM */
#define CR_ACCESS_BIT	CHK_CR_SVM_BIT

.macro DONE
	movl $CHK_CALL_DONE, %eax
	vmmcall
	hlt
.endm

.macro REPORT
	movl $CHK_CALL_REPORT, %eax
	vmmcall
.endm

	.section .rodata.svmchkguest, "a"
	.globl schk_image, schk_image_end
	.balign 16
schk_image:
	.code32

#include "guest/check_progs.inc"

/* nrip_save: intercepted instructions of known length; the host checks nRIP after each. */
	.globl schk_g_nrip, schk_g_nrip_cpuid, schk_g_nrip_cpuid_end, schk_g_nrip_msr
	.globl schk_g_nrip_msr_end, schk_g_nrip_out, schk_g_nrip_out_end, schk_g_nrip_pause
	.globl schk_g_nrip_pause_end, schk_g_nrip_call, schk_g_nrip_call_end
schk_g_nrip:
	xorl %eax, %eax
	nop				/* selftest=break-nrip_save: becomes a DS prefix */
schk_g_nrip_cpuid:
	cpuid
schk_g_nrip_cpuid_end:
	movl $MSR_IA32_SYSENTER_ESP, %ecx
schk_g_nrip_msr:
	rdmsr
schk_g_nrip_msr_end:
schk_g_nrip_out:
	outb %al, $0x81
schk_g_nrip_out_end:
schk_g_nrip_pause:
	pause
schk_g_nrip_pause_end:
	movl $CHK_CALL_DONE, %eax
schk_g_nrip_call:
	vmmcall
schk_g_nrip_call_end:
	hlt

/* npf: read the nested read-only page, then write it. */
	.globl schk_g_npf, schk_g_npf_write
schk_g_npf:
	movl CHK_PAGE_RO_GPA + 8, %eax
	movl %eax, CHK_D0
schk_g_npf_write:
	movl %eax, CHK_PAGE_RO_GPA + 8
	DONE

/* flush_by_asid: read linear page V, report (the host remaps it), read it again. */
	.globl schk_g_flush
schk_g_flush:
	movl CHK_PAGE_V, %eax
	movl %eax, CHK_D0
	REPORT
	movl CHK_PAGE_V, %eax
	movl %eax, CHK_D1
	DONE

/* pause_filter: count PAUSEs (D0 = the one being executed) until an exit or the limit. */
	.globl schk_g_pause
schk_g_pause:
	xorl %ecx, %ecx
1:	incl %ecx
	movl %ecx, CHK_D0
	pause
	cmpl $SCHK_PAUSE_MAX, %ecx
	jb 1b
	DONE

/* vintr: entered with IF = 0 and V_IRQ set; the window opens after the NOP in STI's shadow. */
	.globl schk_g_vintr, schk_g_vintr_open, schk_h_virq
schk_g_vintr:
	movl $1, CHK_D0
	sti
	nop
schk_g_vintr_open:
	nop
1:	cmpl $0, CHK_D1		/* the virtual interrupt's handler sets it */
	je 1b
	DONE
schk_h_virq:
	movl (%esp), %edx
	movl %edx, CHK_D1
	movl $CHK_VEC_VIRQ, CHK_D2
	iretl

/* vgif: virtual GIF clear holds the virtual interrupt; STGI lets it in. */
	.globl schk_g_vgif, schk_g_vgif_after
schk_g_vgif:
	clgi
	sti
	nop
	nop
	REPORT
	stgi
schk_g_vgif_after:
	nop
	nop
1:	cmpl $0, CHK_D1
	je 1b
	DONE

/* decode_assists: a CR4 write from ESI and an INVLPG, both intercepted. */
	.globl schk_g_da, schk_g_da_cr4, schk_g_da_invlpg
schk_g_da:
	movl %cr4, %esi
schk_g_da_cr4:
	movl %esi, %cr4
schk_g_da_invlpg:
	invlpg CHK_PAGE_U_GPA + 0x123
	DONE

/* vmcb_clean: CPUID twice; the host drops the CPUID intercept in between. */
	.globl schk_g_clean, schk_g_clean_second
schk_g_clean:
	xorl %eax, %eax
	cpuid
	movl $1, CHK_D0
	xorl %eax, %eax
schk_g_clean_second:
	cpuid
	DONE

/* lbr_virt: DBGCTL as loaded from the VMCB, one taken branch, the LBR MSRs after it. */
	.globl schk_g_lbr, schk_g_lbr_jmp, schk_g_lbr_to
schk_g_lbr:
	movl $MSR_IA32_DEBUGCTL, %ecx
	rdmsr
	movl %eax, CHK_D0
schk_g_lbr_jmp:
	jmp schk_g_lbr_to
	hlt
schk_g_lbr_to:
	movl $MSR_IA32_LASTBRANCHFROMIP, %ecx
	rdmsr
	movl %eax, CHK_D1
	movl $MSR_IA32_LASTBRANCHTOIP, %ecx
	rdmsr
	movl %eax, CHK_D2
	DONE

/* vmrun_rules: VMMCALL at once; a VMCB with a rule broken that the CPU runs anyway ends here. */
	.globl schk_g_vmrun_rules
schk_g_vmrun_rules:
	DONE

/* nrip_save_classes: one instruction of each intercept class, in svm/checks/nrip_save_classes.c's
 * order; the host moves RIP past each (or enters again at it: NPF, VINTR). */
	.globl schk_g_nc, schk_g_nc_cpuid, schk_g_nc_cpuid_end, schk_g_nc_in, schk_g_nc_in_end
	.globl schk_g_nc_out, schk_g_nc_out_end, schk_g_nc_rdmsr, schk_g_nc_rdmsr_end
	.globl schk_g_nc_wrmsr, schk_g_nc_wrmsr_end, schk_g_nc_crr, schk_g_nc_crr_end
	.globl schk_g_nc_crw, schk_g_nc_crw_end, schk_g_nc_invlpg, schk_g_nc_invlpg_end
	.globl schk_g_nc_pause, schk_g_nc_pause_end, schk_g_nc_hlt, schk_g_nc_hlt_end
	.globl schk_g_nc_int3, schk_g_nc_int3_end, schk_g_nc_ud, schk_g_nc_ud_end
	.globl schk_g_nc_npf, schk_g_nc_npf_end, schk_g_nc_vintr, schk_g_nc_vintr_end
	.globl schk_g_nc_call, schk_g_nc_call_end
schk_g_nc:
	xorl %eax, %eax
	nop				/* selftest=break-nrip_save_classes: becomes a DS prefix */
schk_g_nc_cpuid:
	cpuid
schk_g_nc_cpuid_end:
	movl $0x80, %edx
schk_g_nc_in:
	inb %dx, %al
schk_g_nc_in_end:
schk_g_nc_out:
	outb %al, $0x81
schk_g_nc_out_end:
	movl $MSR_IA32_SYSENTER_ESP, %ecx
schk_g_nc_rdmsr:
	rdmsr
schk_g_nc_rdmsr_end:
schk_g_nc_wrmsr:
	wrmsr
schk_g_nc_wrmsr_end:
schk_g_nc_crr:
	movl %cr0, %edx
schk_g_nc_crr_end:
schk_g_nc_crw:
	movl %edx, %cr0
schk_g_nc_crw_end:
schk_g_nc_invlpg:
	invlpg CHK_PAGE_U_GPA
schk_g_nc_invlpg_end:
schk_g_nc_pause:
	pause
schk_g_nc_pause_end:
schk_g_nc_hlt:
	hlt
schk_g_nc_hlt_end:
schk_g_nc_int3:
	int3
schk_g_nc_int3_end:
schk_g_nc_ud:
	ud2
schk_g_nc_ud_end:
schk_g_nc_npf:
	movl %eax, CHK_PAGE_RO_GPA	/* NPF with NPT (nested leaf read-only) */
schk_g_nc_npf_end:
	sti
	nop
schk_g_nc_vintr:
	nop				/* V_IRQ pending: the VINTR exit comes here */
schk_g_nc_vintr_end:
	movl $CHK_CALL_DONE, %eax
schk_g_nc_call:
	vmmcall
schk_g_nc_call_end:
	hlt

/* pause_filter_threshold: D1 = phase, D0 = the phase's PAUSE being executed. Phase 1: PAUSEs
 * SCHK_PFT_GAP loop iterations apart; phase 2: back to back. */
	.globl schk_g_pft
schk_g_pft:
	movl $1, CHK_D1
	xorl %ebx, %ebx
1:	incl %ebx
	movl %ebx, CHK_D0
	pause
	movl $SCHK_PFT_GAP, %ecx
2:	decl %ecx
	jnz 2b
	cmpl $SCHK_PFT_SPACED, %ebx
	jb 1b
	movl $2, CHK_D1
	xorl %ebx, %ebx
3:	incl %ebx
	movl %ebx, CHK_D0
	pause
	cmpl $SCHK_PFT_TIGHT, %ebx
	jb 3b
	DONE

/* vnmi: the virtual NMI arrives before the first NOP; its handler counts (D0), keeps its
 * return EIP (D1), reports, records the count it had before its IRET (D2). */
	.globl schk_g_vnmi, schk_h_vnmi
schk_g_vnmi:
	nop
	nop
	DONE
schk_h_vnmi:
	incl CHK_D0
	movl (%esp), %edx
	movl %edx, CHK_D1
	REPORT
	movl CHK_D0, %edx
	movl %edx, CHK_D2
	iretl

/* vmload_vmsave_virt: VMLOAD from guest-physical page A, VMSAVE to page B. */
	.globl schk_g_vls
schk_g_vls:
	movl $CHK_PAGE_A_GPA, %eax
	vmload
	movl $CHK_PAGE_B_GPA, %eax
	vmsave
	DONE

schk_image_end:
