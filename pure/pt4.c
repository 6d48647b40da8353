/* SPDX-License-Identifier: MIT */
/*
 * The 4-level table builder (pure/pt4.h) behind the EPT (SDM Vol. 3C 29.3)
 * and the nested page tables (APM Vol. 2 15.25). Four levels: PML4 (512 GiB
 * an entry), PDPT (1 GiB), PD (2 MiB), PT (4 KiB). A PDPTE or PDE with the
 * format's large bit maps a 1 GiB or 2 MiB page, whose address must be
 * aligned to that size (both formats reserve the low address bits).
 */
#include "pure/pt4.h"

static unsigned level_shift(unsigned level)
{
	return 12 + 9 * (unsigned)(level - 1);	/* level 4 = PML4 ... 1 = PT */
}

static bool leaf_allowed(unsigned level, unsigned allow)
{
	return level == 1 || (level == 2 && (allow & PT4_ALLOW_2M)) ||
	       (level == 3 && (allow & PT4_ALLOW_1G));
}

/*
 * Fill the entries of table (at `level`) for guest-physical [gpa, end), the
 * host-physical address advancing with it. Each entry is visited once, so
 * a child table is allocated when its entry is first needed.
 */
static enum pt4_err fill(struct pt4 *t, uint64_t *table, unsigned level, uint64_t gpa,
			 uint64_t end, uint64_t hpa, unsigned allow)
{
	uint64_t span = 1ULL << level_shift(level);

	while (gpa < end) {
		unsigned idx = (unsigned)((gpa >> level_shift(level)) & (PT4_ENTRIES - 1));
		uint64_t entry_end = (gpa & ~(span - 1)) + span;
		uint64_t chunk_end = entry_end < end ? entry_end : end;

		if (leaf_allowed(level, allow) && (gpa & (span - 1)) == 0 &&
		    (hpa & (span - 1)) == 0 && chunk_end - gpa == span) {
			table[idx] = hpa | t->fmt->leaf | (level > 1 ? t->fmt->large : 0);
			t->leaves[level - 1]++;
		} else {
			uint64_t pa, *child;
			enum pt4_err err;

			if (!t->alloc(t->ctx, &pa, &child))
				return PT4_E_NOMEM;
			t->tables++;
			table[idx] = pa | t->fmt->table;
			err = fill(t, child, level - 1, gpa, chunk_end, hpa, allow);
			if (err)
				return err;
		}
		hpa += chunk_end - gpa;
		gpa = chunk_end;
	}
	return PT4_OK;
}

enum pt4_err pt4_build(struct pt4 *t, const struct pt4_format *fmt, uint64_t host_base,
		       uint64_t size, unsigned allow, pt4_alloc_fn alloc, void *ctx)
{
	*t = (struct pt4){ .fmt = fmt, .alloc = alloc, .ctx = ctx };
	if (!size || (size | host_base) & (PT4_PAGE_SIZE - 1))
		return PT4_E_ALIGN;
	if (size > PT4_MAX_GPA || host_base >= PT4_MAX_HOST || size > PT4_MAX_HOST - host_base)
		return PT4_E_RANGE;
	if (!alloc(ctx, &t->pml4_pa, &t->pml4))
		return PT4_E_NOMEM;
	t->tables = 1;
	return fill(t, t->pml4, PT4_LEVELS, 0, size, host_base, allow);
}

const char *pt4_err_name(const struct pt4_format *fmt, enum pt4_err err)
{
	switch (err) {
	case PT4_OK:
		return "ok";
	case PT4_E_ALIGN:
		return "host base or size not 4 KiB aligned (or size 0)";
	case PT4_E_RANGE:
		return "range beyond a 4-level walk or 52-bit host address";
	case PT4_E_NOMEM:
		return fmt->nomem;
	}
	return "unknown page-table error";
}

bool pt4_translate(const struct pt4 *t, uint64_t gpa, pt4_phys_to_virt_fn p2v, void *ctx,
		   uint64_t *hpa, uint64_t *leaf_size, uint64_t *leaf_entry)
{
	uint64_t *table = t->pml4;

	if (gpa >= PT4_MAX_GPA || !table)
		return false;
	for (unsigned level = PT4_LEVELS; level >= 1; level--) {
		uint64_t span = 1ULL << level_shift(level);
		uint64_t ent = table[(gpa >> level_shift(level)) & (PT4_ENTRIES - 1)];

		if (!(ent & t->fmt->present))
			return false;
		if (level == 1 || (ent & t->fmt->large)) {
			*hpa = (ent & PT4_ADDR_MASK & ~(span - 1)) | (gpa & (span - 1));
			*leaf_size = span;
			*leaf_entry = ent;
			return true;
		}
		table = p2v(ctx, ent & PT4_ADDR_MASK);
	}
	return false;
}
