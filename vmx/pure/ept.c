/* SPDX-License-Identifier: MIT */
/*
 * EPT builder (SDM Vol. 3C 29.3). Four levels: PML4 (512 GiB per entry),
 * PDPT (1 GiB), PD (2 MiB), PT (4 KiB). A PDPTE or PDE with bit 7 set maps a
 * 1 GiB or 2 MiB page, whose address must be aligned to that size (the low
 * address bits are reserved and make an EPT misconfiguration otherwise).
 * Non-leaf entries carry R/W/X = 1 so that only the leaf decides access;
 * their bits 7:3 are reserved (must be 0). Leaves carry the memory type
 * (WB) in bits 5:3 and leave "ignore PAT" clear, so the guest's PAT still
 * combines with it (SDM 29.3.7.2).
 */
#include "vmx/pure/ept.h"

#define EPT_MAX_HOST		(1ULL << 52)

static unsigned level_shift(unsigned level)
{
	return 12 + 9 * (unsigned)(level - 1);	/* level 4 = PML4 ... 1 = PT */
}

static bool leaf_allowed(unsigned level, unsigned allow)
{
	return level == 1 || (level == 2 && (allow & EPT_ALLOW_2M)) ||
	       (level == 3 && (allow & EPT_ALLOW_1G));
}

/*
 * Fill the entries of table (at `level`) for guest-physical [gpa, end), the
 * host-physical address advancing with it. Each entry is visited once, so
 * a child table is allocated when its entry is first needed.
 */
static enum ept_err fill(struct ept *e, uint64_t *table, unsigned level, uint64_t gpa,
			 uint64_t end, uint64_t hpa, unsigned allow)
{
	uint64_t span = 1ULL << level_shift(level);

	while (gpa < end) {
		unsigned idx = (unsigned)((gpa >> level_shift(level)) & (EPT_ENTRIES - 1));
		uint64_t entry_end = (gpa & ~(span - 1)) + span;
		uint64_t chunk_end = entry_end < end ? entry_end : end;

		if (leaf_allowed(level, allow) && (gpa & (span - 1)) == 0 &&
		    (hpa & (span - 1)) == 0 && chunk_end - gpa == span) {
			table[idx] = hpa | EPT_RWX | ((uint64_t)EPT_MT_WB << EPT_MT_SHIFT) |
				     (level > 1 ? EPT_LARGE_PAGE : 0);
			e->leaves[level - 1]++;
		} else {
			uint64_t pa, *child;
			enum ept_err err;

			if (!e->alloc(e->ctx, &pa, &child))
				return EPT_E_NOMEM;
			e->tables++;
			table[idx] = pa | EPT_RWX;
			err = fill(e, child, level - 1, gpa, chunk_end, hpa, allow);
			if (err)
				return err;
		}
		hpa += chunk_end - gpa;
		gpa = chunk_end;
	}
	return EPT_OK;
}

enum ept_err ept_build(struct ept *e, uint64_t host_base, uint64_t size, unsigned allow,
		       ept_alloc_fn alloc, void *ctx)
{
	*e = (struct ept){ .alloc = alloc, .ctx = ctx };
	if (!size || (size | host_base) & (EPT_PAGE_SIZE - 1))
		return EPT_E_ALIGN;
	if (size > EPT_MAX_GPA || host_base >= EPT_MAX_HOST || size > EPT_MAX_HOST - host_base)
		return EPT_E_RANGE;
	if (!alloc(ctx, &e->pml4_pa, &e->pml4))
		return EPT_E_NOMEM;
	e->tables = 1;
	return fill(e, e->pml4, EPT_LEVELS, 0, size, host_base, allow);
}

const char *ept_err_name(enum ept_err err)
{
	switch (err) {
	case EPT_OK:
		return "ok";
	case EPT_E_ALIGN:
		return "host base or size not 4 KiB aligned (or size 0)";
	case EPT_E_RANGE:
		return "range beyond a 4-level EPT walk or 52-bit host address";
	case EPT_E_NOMEM:
		return "out of memory for EPT paging structures";
	}
	return "unknown EPT error";
}

uint64_t ept_eptp(const struct ept *e)
{
	return e->pml4_pa | EPTP_MT_WB | EPTP_PWL_4;
}

bool ept_translate(const struct ept *e, uint64_t gpa, ept_phys_to_virt_fn p2v, void *ctx,
		   uint64_t *hpa, uint64_t *leaf_size, uint64_t *leaf_entry)
{
	uint64_t *table = e->pml4;

	if (gpa >= EPT_MAX_GPA || !table)
		return false;
	for (unsigned level = EPT_LEVELS; level >= 1; level--) {
		uint64_t span = 1ULL << level_shift(level);
		uint64_t ent = table[(gpa >> level_shift(level)) & (EPT_ENTRIES - 1)];

		if (!(ent & EPT_RWX))
			return false;
		if (level == 1 || (ent & EPT_LARGE_PAGE)) {
			*hpa = (ent & EPT_ADDR_MASK & ~(span - 1)) | (gpa & (span - 1));
			*leaf_size = span;
			*leaf_entry = ent;
			return true;
		}
		table = p2v(ctx, ent & EPT_ADDR_MASK);
	}
	return false;
}
