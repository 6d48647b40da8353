/* SPDX-License-Identifier: MIT */
/*
 * 32-bit multiboot2 entry and the switch to long mode (boot CPU only).
 *
 * Machine state on entry (multiboot2 spec 3.3): EAX = 0x36d76289, EBX = physical
 * address of the boot information, protected mode, paging off, A20 on, no valid
 * stack, IDT/GDTR unusable. Nothing else is promised: OVMF leaves CR0.WP/NE,
 * CR4 bits and EFER.NXE set, so every control register is written in full here.
 *
 * Early page tables identity map the first 4 GiB with 2 MiB pages (RAM below
 * 4 GiB, the local APIC, most framebuffers); kernel/paging.c replaces them with a
 * map of all RAM and NX on non-text pages once C runs.
 *
 * Failures before C (bad magic, no long mode) print a message and a
 * PICOVISOR-REPORT line on COM1, show the message on the EGA text screen when
 * there is one (vga32_show), and halt: there is no C runtime yet to do better.
 */
#include "arch/x86/platform.h"
#include "arch/x86/x86.h"
#include "pure/mb2_defs.h"

#define VGA_BLANK       0x0720          /* ' ' in light grey on black (the screen's log colour) */
#define VGA_ATTR_MSG    0x60            /* black on brown: the screen's "unsupported" verdict */
#define VGA_CRTC_INDEX  0x3d4
#define VGA_CRTC_DATA   0x3d5
#define VGA_CRTC_CURSOR_START 0x0a
#define VGA_CURSOR_DISABLE    0x20
#define MB2_INFO_MAX    0x100000        /* a larger info size is taken as garbage */
#define BOOT_STACK_SIZE 16384

	.section .text.boot32, "ax"
	.code32
	.globl	_start32
_start32:
	cli
	cld
	movl	%eax, %ebp			/* multiboot2 magic */
	movl	%ebx, %esi			/* boot information (physical) */

	/* Zero .bss (GRUB zeroes it for ELF images, but do not rely on it). */
	movl	$_bss_start, %edi
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	movl	$boot_stack_top, %esp
	call	uart_init32

	cmpl	$MB2_BOOTLOADER_MAGIC, %ebp
	je	1f
	movl	$msg_bad_magic, %eax
	jmp	fail32
1:
	/* Long mode present? CPUID.80000001h:EDX.LM[29] */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_lm
	movl	$0x80000001, %eax
	cpuid
	testl	$CPUID_80000001_EDX_LM, %edx
	jz	no_lm
	movl	%edx, %edi			/* keep for NX */

	/* PML4[0] -> PDPT; PDPT[0..3] -> PD0..PD3; each PD: 512 x 2 MiB. */
	movl	$boot_pdpt, %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, boot_pml4
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$12, %eax
	addl	$boot_pd, %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, boot_pdpt(,%ecx,8)
	incl	%ecx
	cmpl	$4, %ecx
	jb	2b
	/* 2048 PDEs: entry i maps i * 2 MiB (high dword = i >> 11, always 0 here). */
	xorl	%ecx, %ecx
3:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, boot_pd(,%ecx,8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	3b

	/* CR4: PAE only (firmware may have left other bits set). */
	movl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$boot_pml4, %eax
	movl	%eax, %cr3

	/* EFER: LME, plus NXE only when the CPU has NX (else writing it #GPs). */
	movl	$MSR_EFER, %ecx
	movl	$EFER_LME, %eax
	testl	$CPUID_80000001_EDX_NX, %edi
	jz	4f
	orl	$EFER_NXE, %eax
4:	xorl	%edx, %edx
	wrmsr

	lgdt	boot_gdt_desc
	movl	$X86_CR0_KERNEL, %eax
	movl	%eax, %cr0
	ljmp	$GDT_SEL_CODE64, $start64

no_lm:
	movl	$msg_no_lm, %eax
	/* fall through */

/* Print the message at %eax and the fixed report line, then halt. */
fail32:
	call	vga32_show
	call	puts32
	movl	$msg_report, %eax
	call	puts32
5:	cli
	hlt
	jmp	5b

/*
 * Show the message at %eax on the EGA text screen, if there is one; preserves
 * every register. In: %ebp = multiboot2 magic, %esi = boot information.
 *
 * Where to write: a multiboot2 framebuffer tag of type 2 (EGA text) gives the
 * buffer and its size; a tag of another type (a pixel framebuffer: UEFI GOP,
 * or gfxpayload under BIOS) means no text buffer, so nothing is written. With
 * no framebuffer tag, a malformed information block or a bad magic (%esi then
 * is not trustworthy) the loader says nothing about the screen: the default
 * 80x25 buffer at 0xb8000 is written. That is safe on any PC: 0xa0000-0xbffff
 * is the legacy VGA window, never RAM handed to the OS (at worst nothing
 * decodes it and the writes are lost).
 *
 * The screen is cleared, the message written from the top left in the
 * "unsupported" colour (wrapped at the width, its last row padded) and the
 * hardware cursor hidden, as kernel/vgatext.c does.
 */
vga32_show:
	pushal
	movl	%eax, %edi			/* message */
	cmpl	$MB2_BOOTLOADER_MAGIC, %ebp
	jne	.Lvga_default
	movl	(%esi), %eax			/* total_size */
	cmpl	$8, %eax
	jb	.Lvga_default
	cmpl	$MB2_INFO_MAX, %eax
	ja	.Lvga_default
	addl	%esi, %eax			/* %eax = end of the information */
	jc	.Lvga_default
	addl	$8, %esi			/* first tag */
.Lvga_tag:
	movl	%eax, %ecx
	subl	%esi, %ecx			/* bytes left (%esi <= %eax) */
	cmpl	$8, %ecx
	jb	.Lvga_default
	movl	4(%esi), %edx			/* tag size */
	cmpl	$8, %edx
	jb	.Lvga_default
	cmpl	%ecx, %edx
	ja	.Lvga_default
	cmpl	$MB2_TAG_END, (%esi)
	je	.Lvga_default
	cmpl	$MB2_TAG_FRAMEBUFFER, (%esi)
	je	.Lvga_fbtag
	addl	$7, %edx			/* tags are 8-byte aligned */
	andl	$~7, %edx
	cmpl	%ecx, %edx
	ja	.Lvga_default
	addl	%edx, %esi
	jmp	.Lvga_tag
.Lvga_fbtag:
	cmpl	$MB2_FB_TAG_MIN_SIZE, %edx
	jb	.Lvga_out
	cmpb	$MB2_FB_TYPE_EGA_TEXT, MB2_FB_TAG_TYPE(%esi)
	jne	.Lvga_out
	cmpl	$0, MB2_FB_TAG_ADDR + 4(%esi)	/* buffer above 4 GiB: not reachable here */
	jne	.Lvga_out
	movl	MB2_FB_TAG_ADDR(%esi), %ebx
	movl	MB2_FB_TAG_PITCH(%esi), %ebp
	movl	MB2_FB_TAG_WIDTH(%esi), %ecx
	movl	MB2_FB_TAG_HEIGHT(%esi), %edx
	/* Sane text geometry only: 1..256 cells a side, inside 128 KiB, below 4 GiB. */
	testl	%ebx, %ebx
	jz	.Lvga_out
	leal	-1(%ecx), %eax
	cmpl	$255, %eax
	ja	.Lvga_out
	leal	-1(%edx), %eax
	cmpl	$255, %eax
	ja	.Lvga_out
	cmpl	$0x20000, %ebp
	ja	.Lvga_out
	leal	(%ecx,%ecx), %eax
	cmpl	%eax, %ebp
	jb	.Lvga_out
	movl	%ebp, %eax
	imull	%edx, %eax
	cmpl	$0x20000, %eax
	ja	.Lvga_out
	addl	%ebx, %eax
	jc	.Lvga_out
	jmp	.Lvga_write
.Lvga_default:
	movl	$VGA_TEXT_BASE, %ebx
	movl	$VGA_TEXT_COLS, %ecx
	movl	$VGA_TEXT_ROWS, %edx
	movl	$(VGA_TEXT_COLS * 2), %ebp
	/* %ebx buffer, %ecx width, %edx height, %ebp pitch, %edi message */
.Lvga_write:
	movl	%edi, %esi
	movl	%ebx, %edi
	movl	%edx, %eax
1:	pushl	%ecx				/* clear one row */
	pushl	%eax
	pushl	%edi
	movw	$VGA_BLANK, %ax
	rep stosw
	popl	%edi
	popl	%eax
	popl	%ecx
	addl	%ebp, %edi
	decl	%eax
	jnz	1b
	movl	%ebx, %edi			/* %edi row, %ebx column, %edx rows left */
	xorl	%ebx, %ebx
	movb	$VGA_ATTR_MSG, %ah
2:	lodsb
	testb	%al, %al
	jz	.Lvga_cursor
	cmpb	$0x0a, %al			/* LF */
	je	4f
	cmpb	$0x20, %al			/* other control characters (CR) */
	jb	2b
	cmpl	%ecx, %ebx
	jb	3f
	addl	%ebp, %edi			/* row full: wrap */
	xorl	%ebx, %ebx
	decl	%edx
	jz	.Lvga_cursor
3:	movw	%ax, (%edi,%ebx,2)
	incl	%ebx
	jmp	2b
4:	movb	$0x20, %al			/* newline: pad the row in the message colour */
5:	cmpl	%ecx, %ebx
	jae	6f
	movw	%ax, (%edi,%ebx,2)
	incl	%ebx
	jmp	5b
6:	addl	%ebp, %edi
	xorl	%ebx, %ebx
	decl	%edx
	jnz	2b
.Lvga_cursor:
	movw	$VGA_CRTC_INDEX, %dx
	movb	$VGA_CRTC_CURSOR_START, %al
	outb	%al, %dx
	movw	$VGA_CRTC_DATA, %dx
	movb	$VGA_CURSOR_DISABLE, %al
	outb	%al, %dx
.Lvga_out:
	popal
	ret

/* 16550 at COM1: 115200 8N1, FIFOs on. Harmless where no UART answers. */
uart_init32:
	movw	$(COM1_PORT + 1), %dx
	xorb	%al, %al
	outb	%al, %dx			/* IER: no interrupts */
	movw	$(COM1_PORT + 3), %dx
	movb	$0x80, %al
	outb	%al, %dx			/* LCR: DLAB */
	movw	$(COM1_PORT + 0), %dx
	movb	$1, %al
	outb	%al, %dx			/* divisor low: 115200 */
	movw	$(COM1_PORT + 1), %dx
	xorb	%al, %al
	outb	%al, %dx			/* divisor high */
	movw	$(COM1_PORT + 3), %dx
	movb	$0x03, %al
	outb	%al, %dx			/* 8N1 */
	movw	$(COM1_PORT + 2), %dx
	movb	$0xc7, %al
	outb	%al, %dx			/* FIFO on, cleared */
	ret

/* Write the NUL-terminated string at %eax; the LSR wait is bounded. */
puts32:
	movl	%eax, %esi
6:	movb	(%esi), %bl
	testb	%bl, %bl
	jz	8f
	movl	$100000, %ecx
	movw	$(COM1_PORT + 5), %dx
7:	inb	%dx, %al
	testb	$0x20, %al
	jnz	9f
	loop	7b
9:	movw	$COM1_PORT, %dx
	movb	%bl, %al
	outb	%al, %dx
	incl	%esi
	jmp	6b
8:	ret

	.code64
start64:
	LOAD_KERNEL_DATA_SEGMENTS
	movq	$boot_stack_top, %rsp
	xorl	%edi, %edi
	movl	%ebp, %edi			/* arg0: magic */
	movl	%esi, %esi			/* arg1: info, zero-extended */
	call	kmain
10:	cli
	hlt
	jmp	10b

	.section .rodata
msg_bad_magic:
	.asciz	"picovisor: not started by a multiboot2 loader (bad magic in EAX); halting\r\n"
msg_no_lm:
	.asciz	"picovisor: this CPU has no long mode (x86-64); halting\r\n"
msg_report:
	.asciz	"PICOVISOR-REPORT {\"schema\":1,\"status\":\"unsupported\",\"reason\":\"boot stopped before long mode (see the line above)\"}\r\n"

	.balign	8
boot_gdt:
	GDT_FLAT
boot_gdt_end:
boot_gdt_desc:
	.short	boot_gdt_end - boot_gdt - 1
	.quad	boot_gdt

	.section .bss.pagetables, "aw", @nobits
	.balign	4096
	.globl	boot_pml4
boot_pml4:	.skip	4096
boot_pdpt:	.skip	4096
boot_pd:	.skip	4096 * 4
	.balign	16
boot_stack:	.skip	BOOT_STACK_SIZE
	.globl	boot_stack_top
boot_stack_top:
