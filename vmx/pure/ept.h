/* SPDX-License-Identifier: MIT */
/*
 * EPT paging structures (SDM Vol. 3C 29.3.2, tables 29-1..29-6) for one
 * guest: [0, size) guest-physical -> [host_base, host_base + size)
 * host-physical, write-back, read/write/execute. Pure code: page tables come
 * from a caller-supplied allocator that returns zeroed 4 KiB pages as a
 * (physical address, pointer) pair, so host tests run it unchanged.
 */
#ifndef PV_VMX_EPT_H
#define PV_VMX_EPT_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/bits.h"

/* EPT paging-structure entry bits (SDM 29.3.2). */
#define EPT_READ		BIT(0)
#define EPT_WRITE		BIT(1)
#define EPT_EXEC		BIT(2)	/* supervisor-mode execute with MBEC */
#define EPT_RWX			(EPT_READ | EPT_WRITE | EPT_EXEC)
#define EPT_MT_SHIFT		3	/* leaf: EPT memory type, bits 5:3 */
#define EPT_MT_MASK		GENMASK(5, 3)
#define EPT_IGNORE_PAT		BIT(6)
#define EPT_LARGE_PAGE		BIT(7)	/* PDPTE: 1 GiB page, PDE: 2 MiB page */
#define EPT_ACCESSED		BIT(8)
#define EPT_DIRTY		BIT(9)
#define EPT_ADDR_MASK		GENMASK(51, 12)

/* EPT memory types (SDM 29.3.7) and the EPTP (SDM 25.6.11). */
#define EPT_MT_UC		0
#define EPT_MT_WB		6
#define EPTP_MT_WB		6
#define EPTP_PWL_SHIFT		3	/* page-walk length - 1, bits 5:3 */
#define EPTP_PWL_4		(3 << EPTP_PWL_SHIFT)
#define EPTP_AD_ENABLE		BIT(6)

#define EPT_LEVELS		4
#define EPT_ENTRIES		512
#define EPT_PAGE_SIZE		4096ULL
#define EPT_2M			(1ULL << 21)
#define EPT_1G			(1ULL << 30)
#define EPT_MAX_GPA		(1ULL << 48)	/* 4-level walk */

/* Hands out one zeroed, 4 KiB-aligned page; returns false when out of memory. */
typedef bool (*ept_alloc_fn)(void *ctx, uint64_t *pa, uint64_t **va);

struct ept {
	ept_alloc_fn alloc;
	void *ctx;
	uint64_t pml4_pa;
	uint64_t *pml4;
	unsigned tables;	/* paging-structure pages used, PML4 included */
	unsigned leaves[3];	/* mappings made: [0] 4 KiB, [1] 2 MiB, [2] 1 GiB */
};

/* Allowed leaf sizes (from IA32_VMX_EPT_VPID_CAP bits 16 and 17). */
#define EPT_ALLOW_2M		BIT(0)
#define EPT_ALLOW_1G		BIT(1)

enum ept_err {
	EPT_OK = 0,
	EPT_E_ALIGN,		/* host_base or size not 4 KiB aligned, or size 0 */
	EPT_E_RANGE,		/* size beyond the 4-level walk's 256 TiB, or host beyond 52 bits */
	EPT_E_NOMEM,		/* the allocator failed */
};

/*
 * Builds the structures, using the largest allowed leaf wherever the guest-
 * and host-physical addresses are both aligned to it and the rest of the
 * range covers it. On error the pages already taken stay with the caller.
 */
enum ept_err ept_build(struct ept *e, uint64_t host_base, uint64_t size, unsigned allow,
		       ept_alloc_fn alloc, void *ctx);
const char *ept_err_name(enum ept_err err);
/* EPTP: PML4 address | WB | 4-level walk (SDM 25.6.11). */
uint64_t ept_eptp(const struct ept *e);

/*
 * Walks the structures (the caller maps physical to pointer: identity in
 * the kernel, a table in tests). Returns true and the host-physical address
 * and leaf size when gpa is mapped.
 */
typedef uint64_t *(*ept_phys_to_virt_fn)(void *ctx, uint64_t pa);
bool ept_translate(const struct ept *e, uint64_t gpa, ept_phys_to_virt_fn p2v, void *ctx,
		   uint64_t *hpa, uint64_t *leaf_size, uint64_t *leaf_entry);

#endif
