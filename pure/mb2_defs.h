/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 constants (multiboot2 spec 2.0), one definition each, for the
 * header and the 32-bit entry (.S) and the parser (pure/mb2.c).
 */
#ifndef PV_PURE_MB2_DEFS_H
#define PV_PURE_MB2_DEFS_H

#define MB2_HEADER_MAGIC                    0xE85250D6
#define MB2_BOOTLOADER_MAGIC                0x36D76289  /* EAX at entry (3.3) */
#define MB2_ARCH_I386                       0

#define MB2_HEADER_TAG_INFORMATION_REQUEST  1
#define MB2_HEADER_TAG_FRAMEBUFFER          5   /* 3.1.10 */
#define MB2_HEADER_TAG_OPTIONAL             1   /* flags bit 0: boot even if not honoured */

/* Information tag types (3.6.2 - 3.6.23). */
#define MB2_TAG_END                         0
#define MB2_TAG_CMDLINE                     1
#define MB2_TAG_BOOT_LOADER_NAME            2
#define MB2_TAG_MODULE                      3
#define MB2_TAG_BASIC_MEMINFO               4
#define MB2_TAG_BOOTDEV                     5
#define MB2_TAG_MMAP                        6
#define MB2_TAG_VBE                         7
#define MB2_TAG_FRAMEBUFFER                 8   /* 3.6.12 */
#define MB2_TAG_ELF_SECTIONS                9
#define MB2_TAG_APM                         10
#define MB2_TAG_EFI32                       11
#define MB2_TAG_EFI64                       12
#define MB2_TAG_SMBIOS                      13
#define MB2_TAG_ACPI_OLD                    14
#define MB2_TAG_ACPI_NEW                    15
#define MB2_TAG_NETWORK                     16
#define MB2_TAG_EFI_MMAP                    17
#define MB2_TAG_EFI_BS                      18
#define MB2_TAG_EFI32_IH                    19
#define MB2_TAG_EFI64_IH                    20
#define MB2_TAG_LOAD_BASE_ADDR              21

/* Framebuffer tag: byte offsets (GRUB's multiboot2.h layout, as pure/mb2.h). */
#define MB2_FB_TAG_ADDR                     8   /* u64 */
#define MB2_FB_TAG_PITCH                    16  /* u32, bytes per row */
#define MB2_FB_TAG_WIDTH                    20  /* u32, characters in EGA text */
#define MB2_FB_TAG_HEIGHT                   24  /* u32 */
#define MB2_FB_TAG_TYPE                     29  /* u8 */
#define MB2_FB_TAG_MIN_SIZE                 30
#define MB2_FB_TYPE_INDEXED                 0
#define MB2_FB_TYPE_RGB                     1
#define MB2_FB_TYPE_EGA_TEXT                2

#endif
