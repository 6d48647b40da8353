/* SPDX-License-Identifier: MIT */
/*
 * ACPI: the root tables (ACPI 6.5 section 5.2) and the table walk.
 *
 * Pure code. Physical memory is reached only through a struct acpi_mem
 * mapper: the kernel maps identity-mapped RAM, host tests map byte arrays
 * at fake physical addresses. Nothing is read outside what map() granted,
 * and every table handed out has a checked signature, length and checksum.
 * See docs/acpi.md for the rules and the messages.
 */
#ifndef PV_PURE_ACPI_H
#define PV_PURE_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/out.h"

#define ACPI_SIG_RSDP   "RSD PTR "
#define ACPI_SIG_RSDT   "RSDT"
#define ACPI_SIG_XSDT   "XSDT"
#define ACPI_SIG_FADT   "FACP"
#define ACPI_SIG_MADT   "APIC"
#define ACPI_SIG_SPCR   "SPCR"

/* 5.2.3.2 Generic Address Structure (GAS) */
struct acpi_gas {
	uint8_t space_id;       /* 0 ACPI_GAS_SPACE_* */
	uint8_t bit_width;      /* 1 register width in bits */
	uint8_t bit_offset;     /* 2 */
	uint8_t access_size;    /* 3 ACPI_GAS_ACCESS_* */
	uint64_t address;       /* 4 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_gas) == 12, "GAS is 12 bytes (5.2.3.2)");

#define ACPI_GAS_SPACE_MEMORY   0
#define ACPI_GAS_SPACE_IO       1
#define ACPI_GAS_SPACE_PCI_CFG  2

#define ACPI_GAS_ACCESS_UNDEFINED 0
#define ACPI_GAS_ACCESS_BYTE      1
#define ACPI_GAS_ACCESS_WORD      2
#define ACPI_GAS_ACCESS_DWORD     3
#define ACPI_GAS_ACCESS_QWORD     4

/*
 * 5.2.5.3 Root System Description Pointer (RSDP) Structure.
 * Revision 0 (ACPI 1.0) is the first 20 bytes only; revision 2 and later add
 * the length, the XSDT address and a checksum over `length` bytes.
 */
struct acpi_rsdp {
	char signature[8];          /*  0 "RSD PTR " */
	uint8_t checksum;           /*  8 bytes 0..19 sum to zero */
	char oem_id[6];             /*  9 */
	uint8_t revision;           /* 15 */
	uint32_t rsdt_address;      /* 16 */
	uint32_t length;            /* 20 revision >= 2 from here on */
	uint64_t xsdt_address;      /* 24 */
	uint8_t extended_checksum;  /* 32 all `length` bytes sum to zero */
	uint8_t reserved[3];        /* 33 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP is 36 bytes (5.2.5.3)");

#define ACPI_RSDP_V1_LEN        20
#define ACPI_RSDP_MAX_LEN       1024    /* sanity bound on RSDP.length */

/* 5.2.6 System Description Table Header */
struct acpi_sdt_header {
	char signature[4];          /*  0 */
	uint32_t length;            /*  4 whole table, header included */
	uint8_t revision;           /*  8 */
	uint8_t checksum;           /*  9 all `length` bytes sum to zero */
	char oem_id[6];             /* 10 */
	char oem_table_id[8];       /* 16 */
	uint32_t oem_revision;      /* 24 */
	uint32_t creator_id;        /* 28 */
	uint32_t creator_revision;  /* 32 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_sdt_header) == 36, "SDT header is 36 bytes (5.2.6)");

/* 5.2.7 Root System Description Table: 32-bit physical table addresses. */
struct acpi_rsdt {
	struct acpi_sdt_header h;
	uint32_t entry[];           /* 36 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_rsdt) == 36, "RSDT entries start at 36 (5.2.7)");

/* 5.2.8 Extended System Description Table: 64-bit addresses, unaligned. */
struct acpi_xsdt {
	struct acpi_sdt_header h;
	uint64_t entry[];           /* 36 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_xsdt) == 36, "XSDT entries start at 36 (5.2.8)");

/*
 * Read access to physical memory. map() returns a pointer to `len` readable
 * bytes at `phys`, or NULL when any of [phys, phys + len) is not readable.
 */
struct acpi_mem {
	const void *(*map)(void *ctx, uint64_t phys, size_t len);
	void *ctx;
};

/* What a valid RSDP says (values copied out: the RSDP itself is not kept). */
struct acpi_rsdp_info {
	uint64_t phys;          /* where it was found; 0 for a multiboot2 copy */
	uint8_t revision;
	bool ext_valid;         /* revision >= 2 and the extended checksum holds */
	char oem_id[7];         /* NUL-terminated */
	uint32_t rsdt_addr;
	uint64_t xsdt_addr;     /* 0 unless ext_valid */
};

/* The root table chosen by acpi_init(). */
struct acpi {
	struct acpi_mem mem;
	struct out *log;        /* acpi_find_table() reports bad tables here */
	struct acpi_rsdp_info rsdp;
	const struct acpi_sdt_header *root;     /* validated XSDT or RSDT */
	uint64_t root_phys;
	bool xsdt;              /* root is the XSDT (8-byte entries) */
	unsigned nentries;
};

/* Byte sum of [p, p + len): zero for a valid checksummed structure. */
uint8_t acpi_checksum(const void *p, size_t len);

/*
 * Validate an RSDP copy of `avail` bytes (e.g. from a multiboot2 tag).
 * Returns 0 and fills *ri, or -1 (reason printed). A revision >= 2 RSDP whose
 * extended part is bad or missing is accepted as revision 0: RSDT only.
 */
int acpi_rsdp_parse(const void *rsdp, size_t avail, struct acpi_rsdp_info *ri,
		    struct out *log);

/*
 * Pick the RSDP from the multiboot2 tags: the new-RSDP tag (15) if given and
 * valid, else the old-RSDP tag (14). Pass NULL/0 for a missing tag.
 */
int acpi_rsdp_from_mb2(const void *new_rsdp, size_t new_len,
		       const void *old_rsdp, size_t old_len,
		       struct acpi_rsdp_info *ri, struct out *log);

/*
 * Search the BIOS areas for an RSDP on 16-byte boundaries: the first KiB of
 * the EBDA (real-mode segment at phys 0x40E), then 0xE0000-0xFFFFF.
 * Returns 0 and fills *ri (ri->phys set), or -1.
 */
int acpi_rsdp_scan(const struct acpi_mem *mem, struct acpi_rsdp_info *ri,
		   struct out *log);

/*
 * Map and validate the table at `phys`: header mapped, length >= 36 and
 * mapped, checksum zero, and the signature `sig` unless sig is NULL.
 * Returns the header or NULL (reason printed).
 */
const struct acpi_sdt_header *acpi_map_table(const struct acpi_mem *mem,
					     uint64_t phys, const char *sig,
					     struct out *log);

/*
 * Choose the root table: the XSDT when ri->ext_valid, its address is
 * non-zero and it validates; else the RSDT. Returns 0 or -1.
 */
int acpi_init(struct acpi *a, const struct acpi_mem *mem,
	      const struct acpi_rsdp_info *ri, struct out *log);

/*
 * The instance'th (0-based) valid table with signature `sig`, in root table
 * order, or NULL. Invalid tables with that signature are reported through
 * a->log and skipped (they do not count as an instance). The table's
 * length is h->length, all of it mapped.
 */
const struct acpi_sdt_header *acpi_find_table(const struct acpi *a,
					      const char sig[4], int instance);

#endif
