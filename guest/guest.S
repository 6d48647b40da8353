/* SPDX-License-Identifier: MIT */
/*
 * The guest program (docs/guest.md), copied to guest-physical GUEST_CODE_GPA
 * and entered with EBX = CPU number, ECX = flags. One body, assembled twice:
 *  - guest_entry_real: 16-bit real mode (unrestricted guest: CS = DS = SS = 0);
 *  - guest_entry_paged32: 32-bit protected mode with paging, flat segments,
 *    linear = guest-physical below GUEST_MEM_SIZE (page tables built by the
 *    hypervisor), for CPUs without unrestricted guest or without EPT.
 * All addresses are below 64 KiB, so the same 32-bit-register code works in
 * both modes (GAS adds operand/address-size prefixes under .code16).
 *
 * It prints "hello from the guest on cpu N" on port 0x3F8 (one I/O exit per
 * byte), checks the CPUID 0x40000000 signature, times GUEST_ROUNDTRIP_SAMPLES
 * CPUID exits with RDTSC, sorts the samples, passes min and median with
 * VMCALL (VMMCALL with GUEST_FLAG_VMMCALL, for the SVM backend), then HLTs.
 * With GUEST_FLAG_TOUCH_OUTSIDE it writes one byte through FS (based by the
 * hypervisor just past guest memory) right after the greeting: an EPT
 * violation (NPT violation on SVM), or a page fault without EPT/NPT. With
 * GUEST_FLAG_SPIN it loops forever after the greeting, interrupts off and
 * nothing that exits: only the hypervisor's watchdog stops it.
 */
#include "arch/x86/platform.h"
#include "guest/guest.h"

/* Guest-physical address of a symbol of this blob. */
#define GA(sym)		(sym - guest_image + GUEST_CODE_GPA)

.macro GUEST_BODY m
	movl %ebx, GA(g_cpu)
	movl %ecx, GA(g_flags)
	movl $GA(msg_hello), %esi
	call puts_\m
	movl GA(g_cpu), %eax
	call putdec_\m
	movb $'\n', %al
	call putc_\m

	testl $GUEST_FLAG_SPIN, GA(g_flags)
	jz 14f
	cli
15:	jmp 15b				/* no exit ever: only the watchdog ends this */
14:	testl $GUEST_FLAG_TOUCH_OUTSIDE, GA(g_flags)
	jz 1f
	movb $1, %fs:0
1:
	movl $CPUID_HV_BASE, %eax
	xorl %ecx, %ecx
	cpuid
	movl $GA(msg_nosig), %esi
	cmpl $CPUID_HV_SIG_EBX, %ebx
	jne 2f
	cmpl $CPUID_HV_SIG_ECX, %ecx
	jne 2f
	cmpl $CPUID_HV_SIG_EDX, %edx
	jne 2f
	movl $GA(msg_sig), %esi
2:	call puts_\m

	/* Round trips: RDTSC, CPUID leaf 0 (an exit), RDTSC. */
	xorl %edi, %edi
3:	rdtsc
	movl %eax, %esi
	xorl %eax, %eax
	xorl %ecx, %ecx
	cpuid
	rdtsc
	subl %esi, %eax
	movl %eax, GA(g_samples)(,%edi,4)
	incl %edi
	cmpl $GUEST_ROUNDTRIP_SAMPLES, %edi
	jb 3b

	/* Insertion sort, ascending. */
	movl $1, %ecx
4:	cmpl $GUEST_ROUNDTRIP_SAMPLES, %ecx
	jae 7f
	movl GA(g_samples)(,%ecx,4), %eax
	movl %ecx, %edx
5:	testl %edx, %edx
	jz 6f
	movl GA(g_samples) - 4(,%edx,4), %ebx
	cmpl %eax, %ebx
	jbe 6f
	movl %ebx, GA(g_samples)(,%edx,4)
	decl %edx
	jmp 5b
6:	movl %eax, GA(g_samples)(,%edx,4)
	incl %ecx
	jmp 4b

7:	movl $GUEST_VMCALL_ROUNDTRIP, %eax
	movl GA(g_samples), %ebx
	movl GA(g_samples) + GUEST_ROUNDTRIP_SAMPLES / 2 * 4, %ecx
	movl $GUEST_ROUNDTRIP_SAMPLES, %edx
	testl $GUEST_FLAG_VMMCALL, GA(g_flags)
	jnz 12f
	vmcall
	jmp 13f
12:	vmmcall
13:	hlt
8:	jmp 8b

/* esi: NUL-terminated string */
puts_\m:
	movb (%esi), %al
	testb %al, %al
	jz 9f
	call putc_\m
	incl %esi
	jmp puts_\m
9:	ret

/* al: byte; clobbers edx */
putc_\m:
	movl $COM1_PORT, %edx
	outb %al, %dx
	ret

/* eax: unsigned number, printed in decimal; clobbers eax ebx ecx edx */
putdec_\m:
	xorl %ecx, %ecx
	movl $10, %ebx
10:	xorl %edx, %edx
	divl %ebx
	pushl %edx
	incl %ecx
	testl %eax, %eax
	jnz 10b
11:	popl %eax
	addb $'0', %al
	call putc_\m
	decl %ecx
	jnz 11b
	ret
.endm

	.section .guest, "ax"
	.globl guest_image, guest_entry_real, guest_entry_paged32
guest_image:

	.code16
guest_entry_real:
	GUEST_BODY rm

	.code32
guest_entry_paged32:
	GUEST_BODY pm

	.code64
	.balign 4
g_cpu:		.long 0
g_flags:	.long 0
g_samples:	.fill GUEST_ROUNDTRIP_SAMPLES, 4, 0
msg_hello:	.asciz "hello from the guest on cpu "
msg_sig:	.asciz "CPUID 0x40000000 signature \"picovisor\" seen\n"
msg_nosig:	.asciz "CPUID 0x40000000 signature \"picovisor\" NOT seen\n"
