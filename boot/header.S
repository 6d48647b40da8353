/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 header (multiboot2 spec 2.0, section 3.1).
 * No EFI tags: GRUB exits boot services itself and enters us in 32-bit
 * protected mode with paging off, under BIOS and UEFI alike.
 */
#include "pure/mb2_defs.h"

	.section .mb2_header, "a"
	.balign 8
mb2_header_start:
	.long	MB2_HEADER_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header_start
	.long	-(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header_start))

	/* Information request: fail the boot if the loader cannot give a memory map. */
	.balign 8
info_req_start:
	.short	MB2_HEADER_TAG_INFORMATION_REQUEST
	.short	0			/* flags: required */
	.long	info_req_end - info_req_start
	.long	MB2_TAG_MMAP
info_req_end:

	/*
	 * Framebuffer request (3.1.10), optional: any resolution, 32 bits per
	 * pixel preferred. GRUB then sets gfxpayload to a graphics mode; under
	 * BIOS grub.cfg may set gfxpayload=text after the multiboot2 command to
	 * keep the EGA text mode (docs/console.md). Under UEFI GRUB needs
	 * `insmod all_video` to honour it.
	 */
	.balign 8
fb_req_start:
	.short	MB2_HEADER_TAG_FRAMEBUFFER
	.short	MB2_HEADER_TAG_OPTIONAL
	.long	fb_req_end - fb_req_start
	.long	0			/* width: no preference */
	.long	0			/* height: no preference */
	.long	32			/* depth */
fb_req_end:

	/* End tag. */
	.balign 8
	.short	0
	.short	0
	.long	8
mb2_header_end:
