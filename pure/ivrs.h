/* SPDX-License-Identifier: MIT */
/*
 * IVRS, the ACPI table that describes AMD IOMMUs (AMD I/O Virtualization
 * Technology (IOMMU) Specification, pub. 48882, section 5.2 "I/O
 * Virtualization Reporting Structure"). Pure parser, validated like the
 * MADT: no byte outside [table, table + len) is read.
 */
#ifndef PV_PURE_IVRS_H
#define PV_PURE_IVRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/bits.h"
#include "lib/out.h"
#include "pure/acpi.h"

#define ACPI_SIG_IVRS   "IVRS"

/* 5.2 IVRS header: IVHD and IVMD blocks follow from 48. */
struct acpi_ivrs {
	struct acpi_sdt_header h;
	uint32_t iv_info;           /* 36 IVINFO_* */
	uint64_t reserved;          /* 40 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_ivrs) == 48, "IVRS header is 48 bytes (48882 5.2)");

/* IVinfo field */
#define IVINFO_EFR_SUP          BIT(0)          /* IVHD 11h/40h carry an EFR image */
#define IVINFO_DMA_GUARD_OPT_IN BIT(1)          /* firmware asks the OS to keep DMA protection */
#define IVINFO_GVA_SIZE(v)      (((v) >> 5) & 0x7)      /* guest virtual address size code */
#define IVINFO_PA_SIZE(v)       (((v) >> 8) & 0x7f)     /* physical address bits */
#define IVINFO_VA_SIZE(v)       (((v) >> 15) & 0x7f)    /* virtual address bits */
#define IVINFO_HT_ATS_RESV      BIT(22)

/* IVRS block types */
#define IVRS_TYPE_IVHD_10       0x10    /* I/O virtualization hardware definition, fixed */
#define IVRS_TYPE_IVHD_11       0x11    /* ... with EFR image */
#define IVRS_TYPE_IVHD_40       0x40    /* ... with EFR image and ACPI HID devices */
#define IVRS_TYPE_IVMD_ALL      0x20    /* I/O virtualization memory definition */
#define IVRS_TYPE_IVMD_ONE      0x21
#define IVRS_TYPE_IVMD_RANGE    0x22

/* Every IVRS block starts with type, flags and its whole length. */
struct acpi_ivrs_entry {
	uint8_t type;
	uint8_t flags;
	uint16_t length;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_ivrs_entry) == 4, "IVRS block header");

/* IVHD type 10h; device entries follow to `length`. */
struct acpi_ivhd {
	uint8_t type;               /*  0 10h, 11h or 40h */
	uint8_t flags;              /*  1 HtTunEn, PassPW, ..., PPRSup */
	uint16_t length;            /*  2 whole block, device entries included */
	uint16_t device_id;         /*  4 the IOMMU's own PCI requester ID */
	uint16_t capability_offset; /*  6 IOMMU capability block in PCI config space */
	uint64_t base_address;      /*  8 IOMMU MMIO registers */
	uint16_t pci_segment;       /* 16 */
	uint16_t iommu_info;        /* 18 MSI number, unit ID */
	uint32_t feature;           /* 20 10h: feature reporting; 11h/40h: attributes */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_ivhd) == 24, "IVHD type 10h header is 24 bytes (48882 5.2)");

/* IVHD types 11h and 40h: the type 10h fields, then the EFR register images. */
struct acpi_ivhd_efr {
	struct acpi_ivhd ivhd;
	uint64_t efr_image;         /* 24 IOMMU Extended Feature Register */
	uint64_t efr2_image;        /* 32 reserved before revision 3 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_ivhd_efr) == 40, "IVHD type 11h/40h header is 40 bytes (48882 5.2)");

#define IVMD_LEN        32      /* IVMD blocks: fixed 32 bytes (48882 5.2) */

#define IVRS_MAX_BLOCKS 16      /* IVHD blocks kept in struct ivrs_info; more are counted */

struct ivrs_ivhd {
	uint8_t type;
	uint16_t device_id;
	uint16_t segment;
	uint64_t base;
};

struct ivrs_info {
	uint8_t revision;
	uint32_t iv_info;
	unsigned nivhd;             /* every IVHD block, also beyond IVRS_MAX_BLOCKS */
	struct ivrs_ivhd ivhd[IVRS_MAX_BLOCKS];
	/* Distinct (segment, base) pairs: firmware describes one IOMMU with an
	 * IVHD of each type it supports (10h and 11h, ...), for the OS to pick. */
	unsigned niommu;
	unsigned nivmd, nother;
};

/*
 * Parse an IVRS of `len` readable bytes: signature, length (header <= length
 * <= len), checksum over length, and every block inside the table with at
 * least its type's header size. Returns 0, or -1 with the reason printed
 * ("ivrs: ..."); *ii is then partial.
 */
int ivrs_parse(const void *ivrs, size_t len, struct ivrs_info *ii, struct out *log);

/* Summary lines, each starting "platform: " (the console's platform section). */
void ivrs_print(const struct ivrs_info *ii, struct out *o);

#endif
