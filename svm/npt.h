/* SPDX-License-Identifier: MIT */
/*
 * Nested page tables (APM Vol. 2 15.25 "Nested Paging") for one guest:
 * guest-physical [0, size) -> host-physical [host_base, host_base + size).
 * The nested walk uses the host's paging format, here 4-level long-mode
 * tables (15.25.3: the nested paging mode is the host's at VMRUN), and
 * treats every access as a user access (15.25.5), so each level carries
 * U = 1 as well as P and R/W. Written pure (no kernel includes, tables from
 * a caller-supplied allocator) like the EPT builder vmx/pure/ept.c.
 */
#ifndef PV_SVM_NPT_H
#define PV_SVM_NPT_H

#include <stdbool.h>
#include <stdint.h>

#define NPT_LEVELS		4
#define NPT_ENTRIES		512
#define NPT_PAGE_SIZE		4096ULL
#define NPT_2M			(1ULL << 21)
#define NPT_MAX_GPA		(1ULL << 48)	/* 4-level walk */

/* Hands out one zeroed, 4 KiB-aligned page; false when out of memory. */
typedef bool (*npt_alloc_fn)(void *ctx, uint64_t *pa, uint64_t **va);

struct npt {
	npt_alloc_fn alloc;
	void *ctx;
	uint64_t pml4_pa;	/* N_CR3 */
	uint64_t *pml4;
	unsigned tables;	/* table pages, PML4 included */
	unsigned leaves[2];	/* [0] 4 KiB, [1] 2 MiB mappings */
};

enum npt_err {
	NPT_OK = 0,
	NPT_E_ALIGN,		/* host_base or size not 4 KiB aligned, or size 0 */
	NPT_E_RANGE,		/* beyond a 4-level walk or 52-bit host address */
	NPT_E_NOMEM,
};

/* 2 MiB leaves wherever guest and host addresses are both 2 MiB aligned. */
enum npt_err npt_build(struct npt *n, uint64_t host_base, uint64_t size, npt_alloc_fn alloc,
		       void *ctx);
const char *npt_err_name(enum npt_err err);

#endif
