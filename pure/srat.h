/* SPDX-License-Identifier: MIT */
/*
 * SRAT (ACPI 6.5 section 5.2.16, signature "SRAT"): the proximity domain
 * (NUMA node) of each CPU. Pure parser, like pure/madt.c: the CPU list lives
 * in storage the caller gives; no byte outside the table is read.
 */
#ifndef PV_ACPI_SRAT_H
#define PV_ACPI_SRAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pure/acpi.h"
#include "lib/bits.h"
#include "lib/out.h"

#define ACPI_SIG_SRAT   "SRAT"

/* 5.2.16: the header, then 4 bytes "reserved, 1 for compatibility" and 8 reserved. */
struct acpi_srat {
	struct acpi_sdt_header h;
	uint32_t table_revision;    /* 36 */
	uint64_t reserved;          /* 40 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_srat) == 48, "SRAT header is 48 bytes (5.2.16)");

#define ACPI_SRAT_TYPE_CPU_AFFINITY     0       /* 5.2.16.1 */
#define ACPI_SRAT_TYPE_MEMORY_AFFINITY  1       /* 5.2.16.2 */
#define ACPI_SRAT_TYPE_X2APIC_AFFINITY  2       /* 5.2.16.3 */

/* 5.2.16.1 Processor Local APIC/SAPIC Affinity Structure */
struct acpi_srat_cpu_affinity {
	uint8_t type;               /*  0 0 */
	uint8_t length;             /*  1 16 */
	uint8_t proximity_lo;       /*  2 proximity domain [7:0] */
	uint8_t apic_id;            /*  3 */
	uint32_t flags;             /*  4 ACPI_SRAT_ENABLED */
	uint8_t local_sapic_eid;    /*  8 */
	uint8_t proximity_hi[3];    /*  9 proximity domain [31:8] */
	uint32_t clock_domain;      /* 12 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_srat_cpu_affinity) == 16, "5.2.16.1");

/* 5.2.16.2 Memory Affinity Structure */
struct acpi_srat_mem_affinity {
	uint8_t type;               /*  0 1 */
	uint8_t length;             /*  1 40 */
	uint32_t proximity;         /*  2 */
	uint16_t reserved1;         /*  6 */
	uint64_t base;              /*  8 */
	uint64_t len;               /* 16 */
	uint32_t reserved2;         /* 24 */
	uint32_t flags;             /* 28 ACPI_SRAT_ENABLED */
	uint64_t reserved3;         /* 32 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_srat_mem_affinity) == 40, "5.2.16.2");

/* 5.2.16.3 Processor Local x2APIC Affinity Structure */
struct acpi_srat_x2apic_affinity {
	uint8_t type;               /*  0 2 */
	uint8_t length;             /*  1 24 */
	uint16_t reserved1;         /*  2 */
	uint32_t proximity;         /*  4 */
	uint32_t x2apic_id;         /*  8 */
	uint32_t flags;             /* 12 ACPI_SRAT_ENABLED */
	uint32_t clock_domain;      /* 16 */
	uint32_t reserved2;         /* 20 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_srat_x2apic_affinity) == 24, "5.2.16.3");

#define ACPI_SRAT_ENABLED       BIT(0)  /* the entry counts; else ignore it */

/* A CPU entry is at least 16 bytes: a table of L bytes lists at most (L - 48) / 16. */
#define SRAT_MIN_CPU_ENTRY      16

struct srat_cpu {
	uint32_t apic_id;
	uint32_t domain;            /* proximity domain */
	uint32_t node;              /* domains numbered from 0 in the order they first appear */
};

struct srat_info {
	unsigned ncpus;             /* enabled CPU entries (types 0 and 2) */
	struct srat_cpu *cpus;
	unsigned cap;
	unsigned nodes;             /* distinct proximity domains among them */
	unsigned n_memory;          /* enabled memory affinity entries */
	unsigned n_disabled, n_overflow, n_other;
};

void srat_set_storage(struct srat_info *si, struct srat_cpu *buf, unsigned cap);
unsigned srat_cpus_max(size_t len);

/* Parse an SRAT of len readable bytes. 0, or -1 for a malformed table (reason printed). */
int srat_parse(const void *srat, size_t len, struct srat_info *si, struct out *log);

/* The node of an APIC ID, or -1 when the SRAT does not list it. */
int srat_node(const struct srat_info *si, uint32_t apic_id);

/* "srat: 2 NUMA nodes (proximity domains 0 1), 512 CPUs, 2 memory ranges" */
void srat_print(const struct srat_info *si, struct out *o);

#endif
