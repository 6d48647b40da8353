/* SPDX-License-Identifier: MIT */
/*
 * Boot-time bump allocator of 4 KiB pages over the physical memory map.
 *
 * Pure code: it hands out physical addresses and never touches the memory.
 * The caller zeroes what it gets, panics on 0 (printing bump_error()), and
 * serializes calls (one lock) when several CPUs allocate.
 *
 * Never handed out: [0, 1 MiB), every caller-excluded range (kernel image,
 * multiboot2 information, boot modules, ...; rounded outward to pages), and
 * anything not typed MEM_USABLE (rounded inward to pages).
 */
#ifndef PV_PURE_ALLOC_H
#define PV_PURE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pure/memmap.h"

#define BUMP_PAGE       4096ULL
#define BUMP_LOW_RESERVED 0x100000ULL   /* first 1 MiB: BIOS, trampoline, info */
/* Free runs: usable ranges cut by exclusions and alignment gaps. */
#define BUMP_MAX_RUNS   128

struct bump_run {
	uint64_t next;          /* first free byte (page aligned) */
	uint64_t end;           /* one past the last free byte (page aligned) */
};

struct bump {
	struct bump_run run[BUMP_MAX_RUNS];     /* sorted, disjoint */
	unsigned n;
	uint64_t limit;         /* allocations end at or below this; 0: none */
	uint64_t usable;        /* bytes it can hand out in all: free after bump_init(),
				 * below the limit once one is set */
	uint64_t allocated;     /* bytes handed out */
	bool truncated;         /* a run was dropped for lack of room */
	char err[160];          /* last failure, "" if none */
};

void bump_init(struct bump *b, const struct memmap *mm,
	       const struct mem_range *exclude, unsigned nexclude);
/*
 * Only hand out memory with addr + size <= max_phys (e.g. 4 GiB when only
 * the low 4 GiB are mapped). 0 removes the limit. The usable figure then
 * counts only memory below the limit (plus what was already handed out).
 */
void bump_set_limit(struct bump *b, uint64_t max_phys);
/*
 * npages contiguous 4 KiB pages aligned to align_bytes (a power of two
 * >= 4096; 0 means 4096). Returns the physical address, or 0 with a message
 * in bump_error() ("what" names the request in it). Gaps skipped to reach an
 * alignment stay free when a run slot is available.
 */
uint64_t bump_alloc(struct bump *b, size_t npages, size_t align_bytes,
		    const char *what);
const char *bump_error(const struct bump *b);
uint64_t bump_usable_kib(const struct bump *b);     /* could hand out (below the limit) */
uint64_t bump_allocated_kib(const struct bump *b);
uint64_t bump_free_kib(const struct bump *b);       /* left, below the limit */

#endif
