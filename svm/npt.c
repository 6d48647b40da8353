/* SPDX-License-Identifier: MIT */
/*
 * Nested page table builder (APM Vol. 2 15.25; entry format 5.3.3 "4-Kbyte
 * page translation" and 5.3.4 "2-Mbyte page translation" in long mode).
 * PML4E and PDPTE point to the next table; a PDE with PS = 1 maps 2 MiB,
 * else it points to a PT of 4 KiB PTEs. Every entry: P, R/W, U/S (nested
 * accesses are user accesses); PWT = PCD = 0 with the host's PAT entry 0 is
 * write-back. NX is left clear: guest code runs from this memory.
 */
#include "arch/x86/x86.h"
#include "svm/npt.h"

#define NPT_MAX_HOST		(1ULL << 52)
#define NPT_TABLE_BITS		(PTE_P | PTE_W | PTE_U)

static unsigned level_shift(unsigned level)
{
	return 12 + 9 * (level - 1);	/* 4 = PML4 ... 1 = PT */
}

static enum npt_err fill(struct npt *n, uint64_t *table, unsigned level, uint64_t gpa,
			 uint64_t end, uint64_t hpa)
{
	uint64_t span = 1ULL << level_shift(level);

	while (gpa < end) {
		unsigned idx = (unsigned)((gpa >> level_shift(level)) & (NPT_ENTRIES - 1));
		uint64_t entry_end = (gpa & ~(span - 1)) + span;
		uint64_t chunk_end = entry_end < end ? entry_end : end;

		if (level == 1) {
			table[idx] = hpa | NPT_TABLE_BITS;
			n->leaves[0]++;
		} else if (level == 2 && (gpa & (span - 1)) == 0 && (hpa & (span - 1)) == 0 &&
			   chunk_end - gpa == span) {
			table[idx] = hpa | NPT_TABLE_BITS | PTE_PS;
			n->leaves[1]++;
		} else {
			uint64_t pa, *child;
			enum npt_err err;

			if (!n->alloc(n->ctx, &pa, &child))
				return NPT_E_NOMEM;
			n->tables++;
			table[idx] = pa | NPT_TABLE_BITS;
			err = fill(n, child, level - 1, gpa, chunk_end, hpa);
			if (err)
				return err;
		}
		hpa += chunk_end - gpa;
		gpa = chunk_end;
	}
	return NPT_OK;
}

enum npt_err npt_build(struct npt *n, uint64_t host_base, uint64_t size, npt_alloc_fn alloc,
		       void *ctx)
{
	*n = (struct npt){ .alloc = alloc, .ctx = ctx };
	if (!size || (size | host_base) & (NPT_PAGE_SIZE - 1))
		return NPT_E_ALIGN;
	if (size > NPT_MAX_GPA || host_base >= NPT_MAX_HOST || size > NPT_MAX_HOST - host_base)
		return NPT_E_RANGE;
	if (!alloc(ctx, &n->pml4_pa, &n->pml4))
		return NPT_E_NOMEM;
	n->tables = 1;
	return fill(n, n->pml4, NPT_LEVELS, 0, size, host_base);
}

const char *npt_err_name(enum npt_err err)
{
	switch (err) {
	case NPT_OK:
		return "ok";
	case NPT_E_ALIGN:
		return "host base or size not 4 KiB aligned (or size 0)";
	case NPT_E_RANGE:
		return "range beyond a 4-level walk or 52-bit host address";
	case NPT_E_NOMEM:
		return "out of memory for nested page tables";
	}
	return "unknown NPT error";
}
