/* SPDX-License-Identifier: MIT */
/*
 * MADT (ACPI 6.5 section 5.2.12, signature "APIC"): the CPUs and the local
 * APIC address. Pure parser; the rules are in docs/acpi.md.
 */
#ifndef PV_PURE_MADT_H
#define PV_PURE_MADT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pure/acpi.h"
#include "lib/bits.h"
#include "lib/out.h"

/* 5.2.12 Multiple APIC Description Table: interrupt controller structures
 * (type, length, ...) follow from offset 44 to the table's length. */
struct acpi_madt {
	struct acpi_sdt_header h;
	uint32_t lapic_address;     /* 36 32-bit local APIC base */
	uint32_t flags;             /* 40 ACPI_MADT_PCAT_COMPAT */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt) == 44, "MADT header is 44 bytes (5.2.12)");

#define ACPI_MADT_PCAT_COMPAT   BIT(0)  /* dual 8259 PICs also present */

/* 5.2.12 Interrupt Controller Structure Types */
#define ACPI_MADT_TYPE_LOCAL_APIC          0
#define ACPI_MADT_TYPE_IO_APIC             1
#define ACPI_MADT_TYPE_INTERRUPT_OVERRIDE  2
#define ACPI_MADT_TYPE_NMI_SOURCE          3
#define ACPI_MADT_TYPE_LOCAL_APIC_NMI      4
#define ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE 5
#define ACPI_MADT_TYPE_LOCAL_X2APIC        9
#define ACPI_MADT_TYPE_LOCAL_X2APIC_NMI    10

struct acpi_madt_entry {
	uint8_t type;
	uint8_t length;             /* whole entry, these two bytes included */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_entry) == 2, "MADT entry header");

/* 5.2.12.2 Processor Local APIC Structure */
struct acpi_madt_local_apic {
	uint8_t type;               /* 0 */
	uint8_t length;             /* 1 8 */
	uint8_t processor_uid;      /* 2 */
	uint8_t apic_id;            /* 3 0xff: invalid */
	uint32_t flags;             /* 4 ACPI_MADT_ENABLED, _ONLINE_CAPABLE */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_local_apic) == 8, "5.2.12.2");

/* 5.2.12.8 Local APIC Address Override Structure */
struct acpi_madt_lapic_override {
	uint8_t type;               /* 0 5 */
	uint8_t length;             /* 1 12 */
	uint16_t reserved;          /* 2 */
	uint64_t address;           /* 4 64-bit local APIC base */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_lapic_override) == 12, "5.2.12.8");

/* 5.2.12.12 Processor Local x2APIC Structure */
struct acpi_madt_local_x2apic {
	uint8_t type;               /*  0 9 */
	uint8_t length;             /*  1 16 */
	uint16_t reserved;          /*  2 */
	uint32_t x2apic_id;         /*  4 */
	uint32_t flags;             /*  8 as for the local APIC */
	uint32_t processor_uid;     /* 12 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_local_x2apic) == 16, "5.2.12.12");

/*
 * 5.2.12.2 Local APIC Flags. Online Capable exists from MADT revision 5
 * (ACPI 6.3) and means something only when Enabled is clear; with both
 * clear the entry is not a usable CPU.
 */
#define ACPI_MADT_ENABLED          BIT(0)
#define ACPI_MADT_ONLINE_CAPABLE   BIT(1)
#define ACPI_MADT_REV_ONLINE_CAPABLE 5

/* Every CPU entry (types 0 and 9) is at least this long: a table of L bytes
 * lists at most (L - 44) / 8 CPUs, the capacity madt_cpus_max() gives. */
#define MADT_MIN_CPU_ENTRY 8

struct madt_cpu {
	uint32_t apic_id;
	uint32_t uid;               /* ACPI processor UID */
	uint8_t type;               /* ACPI_MADT_TYPE_LOCAL_APIC or _LOCAL_X2APIC */
	bool enabled;
	bool online_capable;
};

/*
 * The CPU lists live in storage the caller gives (madt_set_storage): no
 * limit of its own. On a parse error the contents are partial and must not
 * be used.
 */
struct madt_info {
	uint8_t revision;
	uint32_t flags;             /* ACPI_MADT_PCAT_COMPAT */
	uint32_t lapic_addr32;      /* from the MADT header */
	bool has_override;
	uint64_t lapic_override;    /* type 5, valid when has_override */
	uint64_t lapic_addr;        /* effective: the override wins */
	/* Enabled CPUs: the CPUs expected to run, in MADT order. */
	unsigned ncpus;
	struct madt_cpu *cpus;
	/* Disabled but online-capable CPUs (MADT revision >= 5), not started. */
	unsigned n_online_capable;
	struct madt_cpu *online_capable;
	unsigned cap;               /* entries in each of the two lists */
	bool needs_x2apic;          /* a listed APIC ID is above 254 */
	unsigned n_disabled;        /* neither enabled nor online capable */
	unsigned n_duplicates;      /* APIC ID listed before: skipped */
	unsigned n_ignored;         /* invalid APIC ID (0xff in type 0, ~0 in type 9) */
	unsigned n_overflow;        /* beyond the storage given: skipped */
	unsigned n_other;           /* entries of other types (I/O APIC, ...) */
};

/*
 * Give the parser 2 * cap entries of storage: cap for each list. madt_parse
 * keeps it (and clears everything else). cap = madt_cpus_max(len) never
 * overflows.
 */
void madt_set_storage(struct madt_info *mi, struct madt_cpu *buf, unsigned cap);
unsigned madt_cpus_max(size_t len);

/*
 * Parse a MADT of `len` readable bytes (e.g. from acpi_find_table(), len =
 * h->length). Returns 0, or -1 for a malformed table (reason printed; no
 * byte outside [madt, madt + len) is read).
 */
int madt_parse(const void *madt, size_t len, struct madt_info *mi, struct out *log);

/* One summary line plus one line per CPU list. */
void madt_print(const struct madt_info *mi, struct out *o);

#endif
