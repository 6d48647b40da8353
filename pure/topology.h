/* SPDX-License-Identifier: MIT */
/*
 * CPU topology from CPUID (pure decoding): how an APIC ID splits into SMT
 * thread, core and package. SDM Vol. 3A 9.9 ("Programming considerations
 * for hardware multi-threading capable processors") and CPUID leaves 0x1F
 * and 0xB (V2 / extended topology enumeration); APM Vol. 3 appendix E.4
 * (leaves 0x80000008, 0x8000001E, 0x80000026). Linux's
 * arch/x86/kernel/cpu/topology_ext.c and topology_amd.c read them in the
 * same order: 0x1F, then 0xB (Intel); 0x80000026, then 0xB, then the
 * legacy 0x80000008 / 0x8000001E pair (AMD); CPUID.1 and 4 last.
 */
#ifndef PV_PURE_TOPOLOGY_H
#define PV_PURE_TOPOLOGY_H

#include <stdbool.h>
#include <stdint.h>

#define TOPO_MAX_LEVELS 8       /* subleaves of 0x1F / 0xB / 0x80000026 read */

/* Extended topology level types (ECX[15:8]) of leaves 0xB / 0x1F. */
#define TOPO_TYPE_INVALID       0
#define TOPO_TYPE_SMT           1
#define TOPO_TYPE_CORE          2

struct topo_leaf {
	uint32_t eax, ebx, ecx, edx;
};

/* The leaves as one CPU returned them; a level count of 0: leaf absent. */
struct topo_cpuid {
	bool amd;                       /* AuthenticAMD / HygonGenuine */
	uint32_t max_leaf, max_ext;     /* CPUID.0:EAX, CPUID.0x80000000:EAX */
	struct topo_leaf l1;            /* leaf 1 */
	struct topo_leaf l4;            /* leaf 4 subleaf 0 (Intel) */
	struct topo_leaf l1f[TOPO_MAX_LEVELS];
	struct topo_leaf lb[TOPO_MAX_LEVELS];
	struct topo_leaf l80000026[TOPO_MAX_LEVELS];
	struct topo_leaf l80000008;
	struct topo_leaf l8000001e;
};

struct topo_shifts {
	unsigned smt;                   /* APIC ID bits below the core ID */
	unsigned pkg;                   /* APIC ID bits below the package ID */
	const char *source;             /* "0x1f", "0xb", "0x80000026", "0x8000001e", "legacy" */
};

/* How APIC IDs split, from one CPU's leaves. Always gives an answer (one thread a core at worst). */
void topo_decode(const struct topo_cpuid *c, struct topo_shifts *s);

/* Package, core within the package and thread within the core of an APIC ID. */
void topo_split(const struct topo_shifts *s, uint32_t apic_id, uint32_t *pkg, uint32_t *core,
		uint32_t *thread);

#endif
