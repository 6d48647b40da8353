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

#endif
