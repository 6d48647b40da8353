/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 boot information (Multiboot2 Specification 2.0, section 3.6):
 * wire layouts and a parser that validates the tag list and COPIES what the
 * hypervisor needs into struct mb2_info. The original lives in low memory
 * under UEFI (seen at 0x4000) and is overwritten later (AP trampoline).
 * Pure code.
 */
#ifndef PV_PURE_MB2_H
#define PV_PURE_MB2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pure/mb2_defs.h"
#include "pure/memmap.h"
#include "lib/out.h"

#define MB2_TAG_ALIGN           8

/* 3.6.2: fixed part of the information; it starts 8-byte aligned. */
struct mb2_fixed {
	uint32_t total_size;    /* including this header and the end tag */
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_fixed) == 8, "mb2_fixed");

/* 3.6.2: every tag; size excludes the padding to the next 8-byte boundary. */
struct mb2_tag {
	uint32_t type;
	uint32_t size;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag) == 8, "mb2_tag");

/* 3.6.3 */
struct mb2_tag_basic_meminfo {
	struct mb2_tag tag;
	uint32_t mem_lower;     /* KiB from 0 */
	uint32_t mem_upper;     /* KiB from 1 MiB to the first hole */
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag_basic_meminfo) == 16, "basic_meminfo");

/* 3.6.6: followed by a NUL-terminated command line. */
struct mb2_tag_module {
	struct mb2_tag tag;
	uint32_t mod_start;
	uint32_t mod_end;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag_module) == 16, "module");

/* 3.6.8: followed by entries of entry_size bytes (>= 24). */
struct mb2_tag_mmap {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version; /* 0 */
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag_mmap) == 16, "mmap");

/* 3.6.8: type 1 available, 3 ACPI, 4 preserve on hibernation, 5 bad. */
struct mb2_mmap_entry {
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "mmap_entry");

/*
 * 3.6.12. The spec text shows an 8-bit reserved field; GRUB's multiboot2.h
 * (the reference implementation) has 16 bits, so color_info starts at byte
 * 32. For RGB: six bytes of field position / mask size.
 */
struct mb2_tag_framebuffer {
	struct mb2_tag tag;
	uint64_t addr;
	uint32_t pitch;
	uint32_t width;
	uint32_t height;
	uint8_t bpp;
	uint8_t type;           /* 0 indexed, 1 RGB, 2 EGA text */
	uint16_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag_framebuffer) == 32, "framebuffer");


/* 3.6.13 */
struct mb2_tag_efi32 {
	struct mb2_tag tag;
	uint32_t pointer;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag_efi32) == 12, "efi32");

/* 3.6.14 */
struct mb2_tag_efi64 {
	struct mb2_tag tag;
	uint64_t pointer;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag_efi64) == 16, "efi64");

/* 3.6.19: followed by EFI_MEMORY_DESCRIPTORs of descr_size bytes. */
struct mb2_tag_efi_mmap {
	struct mb2_tag tag;
	uint32_t descr_size;
	uint32_t descr_vers;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag_efi_mmap) == 16, "efi_mmap");

/* UEFI 2.x spec 7.2, GetMemoryMap(): the start of each descriptor. */
struct efi_memory_descriptor {
	uint32_t type;
	uint32_t pad;
	uint64_t physical_start;
	uint64_t virtual_start;
	uint64_t number_of_pages;       /* 4 KiB pages */
	uint64_t attribute;
} __attribute__((packed));
_Static_assert(sizeof(struct efi_memory_descriptor) == 40, "efi_memory_descriptor");

/* UEFI EFI_MEMORY_TYPE values. */
enum efi_memory_type {
	EFI_RESERVED_MEMORY_TYPE        = 0,
	EFI_LOADER_CODE                 = 1,
	EFI_LOADER_DATA                 = 2,
	EFI_BOOT_SERVICES_CODE          = 3,
	EFI_BOOT_SERVICES_DATA          = 4,
	EFI_RUNTIME_SERVICES_CODE       = 5,
	EFI_RUNTIME_SERVICES_DATA       = 6,
	EFI_CONVENTIONAL_MEMORY         = 7,
	EFI_UNUSABLE_MEMORY             = 8,
	EFI_ACPI_RECLAIM_MEMORY         = 9,
	EFI_ACPI_MEMORY_NVS             = 10,
	EFI_MEMORY_MAPPED_IO            = 11,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE = 12,
	EFI_PAL_CODE                    = 13,
	EFI_PERSISTENT_MEMORY           = 14,
	EFI_UNACCEPTED_MEMORY           = 15,
};

/* 3.6.23 */
struct mb2_tag_load_base {
	struct mb2_tag tag;
	uint32_t load_base_addr;
} __attribute__((packed));
_Static_assert(sizeof(struct mb2_tag_load_base) == 12, "load_base");

/* ---- the parsed copy ------------------------------------------------------ */

#define MB2_CMDLINE_MAX         1024    /* bytes incl. NUL */
#define MB2_LOADER_NAME_MAX     64
#define MB2_MODULES_MAX         8
#define MB2_MODULE_CMDLINE_MAX  128
#define MB2_RSDP_MAX            36      /* ACPI 2.0+ RSDP length */

enum mb2_firmware { MB2_FW_BIOS, MB2_FW_UEFI };
enum mb2_mmap_source { MB2_MMAP_NONE, MB2_MMAP_BIOS, MB2_MMAP_EFI };

struct mb2_module {
	uint32_t start, end;    /* [start, end) physical */
	char cmdline[MB2_MODULE_CMDLINE_MAX];
	bool cmdline_truncated;
};

struct mb2_rsdp {
	uint8_t bytes[MB2_RSDP_MAX];
	uint8_t len;            /* 0: tag absent */
	bool truncated;         /* the tag held more than MB2_RSDP_MAX bytes */
};

struct mb2_framebuffer {
	bool present;
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;      /* MB2_FB_TYPE_* */
	/* MB2_FB_TYPE_RGB only: */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
	uint16_t palette_colors;        /* MB2_FB_TYPE_INDEXED only */
};

struct mb2_info {
	uint64_t info_phys;     /* the information itself: [info_phys, +info_size) */
	uint32_t info_size;     /* total_size */
	enum mb2_firmware firmware;     /* UEFI if tag 11, 12 or 17 present */
	unsigned ntags;
	uint32_t seen;          /* bit n: a tag of type n < 32 was present */
	unsigned warnings;      /* tags ignored or clipped, each logged */

	char cmdline[MB2_CMDLINE_MAX];
	bool has_cmdline, cmdline_truncated;
	char loader_name[MB2_LOADER_NAME_MAX];
	bool loader_name_truncated;

	bool has_meminfo;
	uint32_t mem_lower_kib, mem_upper_kib;

	/* The map used: EFI (tag 17) if present, else BIOS (tag 6). */
	struct memmap mmap;
	enum mb2_mmap_source mmap_source;
	unsigned mmap_raw_entries;      /* entries in the tag used */
	uint32_t efi_descr_size, efi_descr_version;
	bool efi_boot_services;         /* tag 18: boot services NOT exited */

	struct mb2_rsdp rsdp_old;       /* tag 14, RSDP revision 0 (20 bytes) */
	struct mb2_rsdp rsdp_new;       /* tag 15, RSDP revision 2+ */

	struct mb2_framebuffer fb;

	bool has_efi32, has_efi64;
	uint32_t efi32_systab;
	uint64_t efi64_systab;

	struct mb2_module mod[MB2_MODULES_MAX];
	unsigned nmod;                  /* stored */
	unsigned nmod_total;            /* present; > nmod if some did not fit */
	uint32_t mod_lo, mod_hi;        /* [lo, hi) spans ALL modules; 0,0 if none */

	bool has_load_base;
	uint32_t load_base;
};

/*
 * Parse the information at info, reading at most avail bytes (the caller
 * bounds it: the kernel passes the total_size it read, capped).
 * Returns 0, or -1 if the structure itself is broken (misaligned, bad
 * total_size, a tag header or size outside the information, no end tag):
 * then *out holds only what came before the error and the caller should
 * panic. A tag whose contents are malformed is ignored (or clipped) with a
 * warning; parsing continues. Every message goes to log (may be NULL).
 * info_phys is (uintptr_t)info, right under the kernel's identity map.
 */
int mb2_parse(const void *info, size_t avail, struct mb2_info *out,
	      struct out *log);

const char *mb2_tag_name(uint32_t type);
/* A short summary: loader, firmware, command line, map, RSDP, fb, modules. */
void mb2_print(const struct mb2_info *mi, struct out *o);

#endif
