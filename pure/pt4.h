/* SPDX-License-Identifier: MIT */
/*
 * A 4-level table of 512 8-byte entries per level, 4 KiB to 1 GiB leaves:
 * the shape of the EPT (SDM Vol. 3C 29.3.2) and of AMD-V's nested page
 * tables (APM Vol. 2 15.25, long-mode format 5.3). One builder maps
 * guest-physical [0, size) onto host-physical [host_base, host_base + size)
 * for either; a struct pt4_format says which bits an entry carries
 * (vmx/pure/ept.h, svm/pure/npt.h). Pure code: tables come from a
 * caller-supplied allocator that returns zeroed 4 KiB pages as a (physical
 * address, pointer) pair, so host tests run it unchanged.
 */
#ifndef PV_PURE_PT4_H
#define PV_PURE_PT4_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/bits.h"

#define PT4_LEVELS		4	/* 4 = PML4 (512 GiB an entry) ... 1 = PT (4 KiB) */
#define PT4_ENTRIES		512
#define PT4_PAGE_SIZE		4096ULL
#define PT4_2M			(1ULL << 21)
#define PT4_1G			(1ULL << 30)
#define PT4_MAX_GPA		(1ULL << 48)	/* a 4-level walk */
#define PT4_MAX_HOST		(1ULL << 52)
#define PT4_ADDR_MASK		GENMASK(51, 12)

/* Allowed leaf sizes besides 4 KiB. */
#define PT4_ALLOW_2M		BIT(0)
#define PT4_ALLOW_1G		BIT(1)

/* The entry bits of one format. */
struct pt4_format {
	uint64_t table;		/* a non-leaf entry, besides the next table's address */
	uint64_t leaf;		/* a leaf, besides its address */
	uint64_t large;		/* a PDPTE or PDE leaf (1 GiB, 2 MiB) adds this */
	uint64_t present;	/* an entry with none of these maps nothing */
	uint64_t accessed, dirty;	/* the A and D flags the walk sets (where enabled) */
	const char *nomem;	/* the allocator failed: "out of memory for EPT paging structures" */
};

/* Hands out one zeroed, 4 KiB-aligned page; returns false when out of memory. */
typedef bool (*pt4_alloc_fn)(void *ctx, uint64_t *pa, uint64_t **va);

struct pt4 {
	const struct pt4_format *fmt;
	pt4_alloc_fn alloc;
	void *ctx;
	uint64_t pml4_pa;
	uint64_t *pml4;
	unsigned tables;	/* paging-structure pages used, PML4 included */
	unsigned leaves[3];	/* mappings made: [0] 4 KiB, [1] 2 MiB, [2] 1 GiB */
};

enum pt4_err {
	PT4_OK = 0,
	PT4_E_ALIGN,		/* host_base or size not 4 KiB aligned, or size 0 */
	PT4_E_RANGE,		/* size beyond the 4-level walk's 256 TiB, or host beyond 52 bits */
	PT4_E_NOMEM,		/* the allocator failed */
};

/*
 * Builds the tables, using the largest allowed leaf (PT4_ALLOW_*) wherever
 * the guest- and host-physical addresses are both aligned to it and the
 * rest of the range covers it. On error the pages already taken stay with
 * the caller.
 */
enum pt4_err pt4_build(struct pt4 *t, const struct pt4_format *fmt, uint64_t host_base,
		       uint64_t size, unsigned allow, pt4_alloc_fn alloc, void *ctx);
const char *pt4_err_name(const struct pt4_format *fmt, enum pt4_err err);

/*
 * Walks the tables (the caller maps physical to pointer: identity in the
 * kernel, a table in tests). Returns true and the host-physical address,
 * leaf size and leaf entry when gpa is mapped.
 */
typedef uint64_t *(*pt4_phys_to_virt_fn)(void *ctx, uint64_t pa);
bool pt4_translate(const struct pt4 *t, uint64_t gpa, pt4_phys_to_virt_fn p2v, void *ctx,
		   uint64_t *hpa, uint64_t *leaf_size, uint64_t *leaf_entry);

#endif
