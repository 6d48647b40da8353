/* SPDX-License-Identifier: MIT */
/*
 * DMAR, the ACPI table that describes Intel VT-d remapping hardware (Intel
 * Virtualization Technology for Directed I/O, chapter 8 "BIOS
 * Considerations"). Pure parser, validated like the MADT: no byte outside
 * [table, table + len) is read, whatever the lengths inside say.
 */
#ifndef PV_PURE_DMAR_H
#define PV_PURE_DMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/bits.h"
#include "lib/out.h"
#include "pure/acpi.h"

#define ACPI_SIG_DMAR   "DMAR"

/* 8.1 DMA Remapping Reporting Structure: remapping structures follow from 48. */
struct acpi_dmar {
	struct acpi_sdt_header h;
	uint8_t host_address_width; /* 36 maximum DMA physical address width - 1 */
	uint8_t flags;              /* 37 DMAR_FLAG_* */
	uint8_t reserved[10];       /* 38 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_dmar) == 48, "DMAR header is 48 bytes (VT-d 8.1)");

#define DMAR_FLAG_INTR_REMAP            BIT(0)  /* interrupt remapping supported */
#define DMAR_FLAG_X2APIC_OPT_OUT        BIT(1)  /* firmware asks the OS not to use x2APIC */
#define DMAR_FLAG_DMA_CTRL_PLATFORM_OPT_IN BIT(2) /* firmware asks the OS to keep DMA protection */

/* 8.2 Remapping Structure Types */
#define DMAR_TYPE_DRHD  0       /* 8.3 DMA remapping hardware unit */
#define DMAR_TYPE_RMRR  1       /* 8.4 reserved memory region */
#define DMAR_TYPE_ATSR  2       /* 8.5 root port ATS capability */
#define DMAR_TYPE_RHSA  3       /* 8.6 remapping hardware static affinity */
#define DMAR_TYPE_ANDD  4       /* 8.7 ACPI name-space device */
#define DMAR_TYPE_SATC  5       /* SoC integrated address translation cache */

/* 8.2: every remapping structure starts with its type and whole length. */
struct acpi_dmar_entry {
	uint16_t type;
	uint16_t length;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_dmar_entry) == 4, "DMAR remapping structure header (8.2)");

/* 8.3 DMA Remapping Hardware Unit Definition (DRHD) Structure */
struct acpi_dmar_drhd {
	uint16_t type;              /*  0 DMAR_TYPE_DRHD */
	uint16_t length;            /*  2 16 + device scopes */
	uint8_t flags;              /*  4 DRHD_FLAG_INCLUDE_PCI_ALL */
	uint8_t size;               /*  5 [3:0] register set is 2^N 4-KiB pages (VT-d 3.x+) */
	uint16_t segment;           /*  6 PCI segment */
	uint64_t register_base;     /*  8 remapping registers (MMIO) */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_dmar_drhd) == 16, "DRHD is 16 bytes + scopes (VT-d 8.3)");

#define DRHD_FLAG_INCLUDE_PCI_ALL       BIT(0)  /* all devices of the segment not listed elsewhere */

/* 8.3.1 Device Scope Structure: 6 bytes, then 2-byte (device, function) path entries. */
struct acpi_dmar_scope {
	uint8_t type;               /* 0 1 endpoint, 2 bridge, 3 I/O APIC, 4 HPET, 5 ACPI device */
	uint8_t length;             /* 1 6 + 2 * path entries */
	uint8_t flags;              /* 2 */
	uint8_t reserved;           /* 3 */
	uint8_t enumeration_id;     /* 4 */
	uint8_t start_bus;          /* 5 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_dmar_scope) == 6, "device scope header (VT-d 8.3.1)");

#define DMAR_MAX_UNITS  16      /* DRHDs kept in struct dmar_info; more are counted */

struct dmar_unit {
	uint64_t base;              /* register_base */
	uint16_t segment;
	uint8_t flags;              /* DRHD_FLAG_* */
	unsigned nscopes;           /* device scope entries */
};

struct dmar_info {
	uint8_t revision;
	unsigned haw;               /* host address width in bits (field + 1) */
	uint8_t flags;              /* DMAR_FLAG_* */
	unsigned ndrhd;             /* every DRHD, also those beyond DMAR_MAX_UNITS */
	struct dmar_unit drhd[DMAR_MAX_UNITS];
	unsigned nrmrr, natsr, nrhsa, nandd, nsatc, nother;
};

/*
 * Parse a DMAR of `len` readable bytes: signature, length (header <= length
 * <= len), checksum over length, and every remapping structure and DRHD
 * device scope inside its parent with at least its header's size. Returns 0,
 * or -1 with the reason printed ("dmar: ..."); *di is then partial.
 */
int dmar_parse(const void *dmar, size_t len, struct dmar_info *di, struct out *log);

/* Summary lines, each starting "platform: " (the console's platform section). */
void dmar_print(const struct dmar_info *di, struct out *o);

#endif
