/* SPDX-License-Identifier: MIT */
/*
 * SMBIOS (DMTF DSP0134 3.7.0): the machine's identity. The entry point is
 * found through the EFI system table's configuration table (UEFI 2.10
 * section 4.6, SMBIOS and SMBIOS3 GUIDs) or by scanning 0xF0000-0xFFFFF on
 * 16-byte boundaries (DSP0134 5.2.1 / 5.2.2); the structure table it points
 * at is walked for types 0 (BIOS), 1 (system), 2 (baseboard) and 4
 * (processor sockets).
 *
 * Pure code. Memory is reached only through the struct acpi_mem mapper
 * (pure/acpi.h): nothing is read outside what it granted. Malformed input
 * (checksums, lengths, a structure without its string-set terminator, a
 * string index past the set, a table past the mapped area) is reported on
 * the log and never read past; the walk always ends (offsets only grow, and
 * the number of structures is bounded).
 */
#ifndef PV_PURE_SMBIOS_H
#define PV_PURE_SMBIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/json.h"
#include "lib/out.h"
#include "pure/acpi.h"

/* DSP0134 5.2.1: SMBIOS 2.1 (32-bit) entry point structure, anchor "_SM_". */
struct smbios21_entry {
	char anchor[4];                 /* 0x00 "_SM_" */
	uint8_t checksum;               /* 0x04 over `length` bytes */
	uint8_t length;                 /* 0x05 0x1F (0x1E in 2.1 by an erratum) */
	uint8_t major;                  /* 0x06 */
	uint8_t minor;                  /* 0x07 */
	uint16_t max_struct_size;       /* 0x08 */
	uint8_t ep_revision;            /* 0x0A */
	uint8_t formatted[5];           /* 0x0B */
	char ianchor[5];                /* 0x10 "_DMI_" */
	uint8_t ichecksum;              /* 0x15 over bytes 0x10-0x1E */
	uint16_t table_length;          /* 0x16 */
	uint32_t table_address;         /* 0x18 */
	uint16_t nstructs;              /* 0x1C */
	uint8_t bcd_revision;           /* 0x1E */
} __attribute__((packed));
_Static_assert(sizeof(struct smbios21_entry) == 0x1f, "SMBIOS 2.1 entry point (DSP0134 5.2.1)");

/* DSP0134 5.2.2: SMBIOS 3.0 (64-bit) entry point structure, anchor "_SM3_". */
struct smbios3_entry {
	char anchor[5];                 /* 0x00 "_SM3_" */
	uint8_t checksum;               /* 0x05 over `length` bytes */
	uint8_t length;                 /* 0x06 0x18 */
	uint8_t major;                  /* 0x07 */
	uint8_t minor;                  /* 0x08 */
	uint8_t docrev;                 /* 0x09 */
	uint8_t ep_revision;            /* 0x0A 0x01 */
	uint8_t reserved;               /* 0x0B */
	uint32_t table_max_size;        /* 0x0C */
	uint64_t table_address;         /* 0x10 */
} __attribute__((packed));
_Static_assert(sizeof(struct smbios3_entry) == 0x18, "SMBIOS 3.0 entry point (DSP0134 5.2.2)");

/* DSP0134 6.1.2: every structure starts with this header. */
struct smbios_header {
	uint8_t type;
	uint8_t length;                 /* formatted area, header included */
	uint16_t handle;
} __attribute__((packed));
_Static_assert(sizeof(struct smbios_header) == 4, "SMBIOS structure header (DSP0134 6.1.2)");

#define SMBIOS_TYPE_BIOS        0       /* 7.1 */
#define SMBIOS_TYPE_SYSTEM      1       /* 7.2 */
#define SMBIOS_TYPE_BASEBOARD   2       /* 7.3 */
#define SMBIOS_TYPE_PROCESSOR   4       /* 7.5 */
#define SMBIOS_TYPE_END         127     /* 7.45 end-of-table */

/* Offsets in the formatted areas used here (string fields hold a string number). */
#define SMBIOS0_VENDOR          0x04
#define SMBIOS0_VERSION         0x05
#define SMBIOS0_DATE            0x08
#define SMBIOS1_MANUFACTURER    0x04
#define SMBIOS1_PRODUCT         0x05
#define SMBIOS1_SERIAL          0x07
#define SMBIOS1_UUID            0x08    /* 16 bytes, SMBIOS 2.1+ (length >= 0x19) */
#define SMBIOS2_MANUFACTURER    0x04
#define SMBIOS2_PRODUCT         0x05
#define SMBIOS4_STATUS          0x18    /* 7.5: bit 6 socket populated */
#define SMBIOS4_STATUS_POPULATED 0x40

/* UEFI 2.10 4.3.1 EFI_TABLE_HEADER and 4.3.1 EFI_SYSTEM_TABLE (x64 layout). */
struct efi_system_table64 {
	uint64_t signature;             /* 0x00 EFI_SYSTEM_TABLE_SIGNATURE */
	uint32_t revision;              /* 0x08 */
	uint32_t header_size;           /* 0x0C */
	uint32_t crc32;                 /* 0x10 */
	uint32_t reserved;              /* 0x14 */
	uint64_t firmware_vendor;       /* 0x18 */
	uint32_t firmware_revision;     /* 0x20 */
	uint32_t pad;                   /* 0x24 */
	uint64_t con_in_handle, con_in; /* 0x28 */
	uint64_t con_out_handle, con_out;       /* 0x38 */
	uint64_t stderr_handle, std_err;        /* 0x48 */
	uint64_t runtime_services;      /* 0x58 */
	uint64_t boot_services;         /* 0x60 */
	uint64_t nr_tables;             /* 0x68 NumberOfTableEntries */
	uint64_t tables;                /* 0x70 ConfigurationTable */
} __attribute__((packed));
_Static_assert(sizeof(struct efi_system_table64) == 0x78, "EFI_SYSTEM_TABLE x64 (UEFI 4.3.1)");

#define EFI_SYSTEM_TABLE_SIGNATURE 0x5453595320494249ull        /* "IBI SYST" */

/* UEFI 2.10 4.6 EFI_CONFIGURATION_TABLE (x64). */
struct efi_config_table64 {
	uint8_t guid[16];
	uint64_t table;
} __attribute__((packed));
_Static_assert(sizeof(struct efi_config_table64) == 24, "EFI_CONFIGURATION_TABLE x64 (UEFI 4.6)");

/* Bounds on what a firmware's tables may claim before they are called malformed. */
#define SMBIOS_EFI_TABLES_MAX   1024    /* configuration table entries read */
#define SMBIOS_TABLE_MAX        (1u << 20)      /* structure table bytes mapped */
#define SMBIOS_STRUCTS_MAX      4096
#define SMBIOS_STR_MAX          64      /* characters kept of a string */

/* The BIOS area scanned for an entry point (DSP0134 5.2.1). */
#define SMBIOS_SCAN_START       0xF0000u
#define SMBIOS_SCAN_END         0x100000u

struct smbios_str {
	char s[SMBIOS_STR_MAX + 1];
};

struct smbios_info {
	bool present;                   /* an entry point was accepted */
	bool is64;                      /* _SM3_ */
	const char *source;             /* "EFI" or "BIOS area" */
	uint64_t entry_phys, table_phys;
	uint32_t table_len;             /* 2.x: exact; 3.x: the maximum size */
	uint8_t major, minor, docrev;
	unsigned nstructs;              /* structures walked */
	unsigned problems;              /* malformed things seen, each logged */
	bool truncated;                 /* the walk stopped at a malformed structure */
	/* Type 0, 1, 2 (the first of each); "" when the string is not given. */
	bool has_bios, has_system, has_board;
	struct smbios_str bios_vendor, bios_version, bios_date;
	struct smbios_str sys_vendor, product_name, product_serial;
	struct smbios_str board_vendor, board_name;
	/* Type 1's UUID as text (DSP0134 7.2.1), "" when absent or all 0x00 / all 0xFF. */
	char uuid[37];
	/* Type 4 structures, and those whose socket is populated. */
	unsigned sockets, sockets_populated;
};

/*
 * Check an entry point at ep (len readable bytes): anchor, length and
 * checksums; fills si's version and table fields. Returns 0 or -1 (logged).
 */
int smbios_entry_parse(const void *ep, size_t len, struct smbios_info *si, struct out *log);

/*
 * The SMBIOS3 and SMBIOS table addresses in the EFI configuration table of
 * the system table at systab (0 each when absent). Returns 0, or -1 when the
 * system table is unmapped or malformed (logged).
 */
int smbios_efi_lookup(const struct acpi_mem *mem, uint64_t systab, uint64_t *sm3,
		      uint64_t *sm2, struct out *log);

/*
 * Walk the structure table at table (len readable bytes; at most max
 * structures, 0 for no limit). Fills the identity fields. Returns the
 * number of structures walked.
 */
unsigned smbios_walk(const void *table, size_t len, unsigned max, struct smbios_info *si,
		     struct out *log);

/*
 * The whole search: the EFI system table (when efi_systab is not 0, SMBIOS3
 * preferred), else the BIOS area scan (_SM3_ preferred over _SM_); then the
 * walk. Returns 0 with si->present, or -1 (si->present false; logged).
 */
int smbios_discover(const struct acpi_mem *mem, uint64_t efi_systab, struct smbios_info *si,
		    struct out *log);

/* The 16 UUID bytes as text in the byte order of SMBIOS major.minor. */
void smbios_uuid_str(const uint8_t u[16], uint8_t major, uint8_t minor, char out[37]);

/* The console line "smbios: ..." (or why there is none). */
void smbios_print(const struct smbios_info *si, struct out *o);

/* The report's keys inside "platform" (docs/report.md): smbios, sys_vendor, ... */
void smbios_json(const struct smbios_info *si, struct json *j);

#endif
