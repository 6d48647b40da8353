/* SPDX-License-Identifier: MIT */
/* Multiboot2 constants shared by the header (.S) and the parser (multiboot2 spec 2.0). */
#ifndef PV_BOOT_MB2_DEFS_H
#define PV_BOOT_MB2_DEFS_H

#define MB2_HEADER_MAGIC                    0xE85250D6
#define MB2_BOOTLOADER_MAGIC                0x36D76289
#define MB2_ARCH_I386                       0

#define MB2_HEADER_TAG_INFORMATION_REQUEST  1
#define MB2_HEADER_TAG_FRAMEBUFFER          5   /* 3.1.10 */
#define MB2_HEADER_TAG_OPTIONAL             1   /* flags bit 0: boot even if not honoured */

#define MB2_TAG_TYPE_END                    0
#define MB2_TAG_TYPE_CMDLINE                1
#define MB2_TAG_TYPE_MMAP                   6
#define MB2_TAG_TYPE_FRAMEBUFFER            8   /* 3.6.12 */

/* Framebuffer tag: byte offsets (GRUB's multiboot2.h layout, as pure/mb2.h). */
#define MB2_FB_TAG_ADDR                     8   /* u64 */
#define MB2_FB_TAG_PITCH                    16  /* u32, bytes per row */
#define MB2_FB_TAG_WIDTH                    20  /* u32, characters in EGA text */
#define MB2_FB_TAG_HEIGHT                   24  /* u32 */
#define MB2_FB_TAG_TYPE                     29  /* u8 */
#define MB2_FB_TAG_MIN_SIZE                 30
#define MB2_FB_TYPE_EGA_TEXT                2

#endif
