/* SPDX-License-Identifier: MIT */
/*
 * The check guests' harness (guest/checks.h): what both backends do to
 * build a fresh check guest in its memory, and how a run's outcome is
 * recorded. The backends add their own control structure (VMCS, VMCB),
 * second-level tables (pure/pt4.h) and intercept maps.
 */
#include <stdarg.h>
#include "guest/checks.h"
#include "arch/x86/segment.h"
#include "kernel/panic.h"
#include "lib/string.h"

/* Flat 4 GiB descriptors, present, DPL 0, accessed (SDM Vol. 3A 3.4.5, APM Vol. 2 4.7). */
#define CHK_ACC_CODE	(SEG_ACC_P | SEG_ACC_S | SEG_ACC_CODE | SEG_ACC_RW | SEG_ACC_A)
#define CHK_ACC_DATA	(SEG_ACC_P | SEG_ACC_S | SEG_ACC_RW | SEG_ACC_A)

enum chk_verdict chk_record(struct check_record *rec, enum check_result r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_record_vset(rec, r, fmt, ap);
	va_end(ap);
	return CHK_DONE;
}

void chk_fill(void *p, size_t bytes, uint8_t byte)
{
	uint64_t *q = p, v = 0x0101010101010101ULL * byte;

	for (size_t i = 0; i < bytes / 8; i++)
		q[i] = v;
}

void chk_guest_memory(uint8_t *mem, const char *image, size_t image_size, uint64_t base,
		      unsigned pages)
{
	uint64_t *gdt = (uint64_t *)(void *)(mem + CHK_GDT_GPA);

	memcpy(mem + GUEST_CODE_GPA, image, image_size);
	chk_fill(mem + CHK_CLEAR_FIRST, CHK_CLEAR_END - CHK_CLEAR_FIRST, 0);
	guest_paging32_fill(mem, base, pages);
	gdt[CHK_SEL_CODE32 / 8] = SEG_FLAT(CHK_ACC_CODE, SEG_FL_G | SEG_FL_DB);
	gdt[CHK_SEL_DATA / 8] = SEG_FLAT(CHK_ACC_DATA, SEG_FL_G | SEG_FL_DB);
	gdt[CHK_SEL_CODE64 / 8] = SEG_FLAT(CHK_ACC_CODE, SEG_FL_G | SEG_FL_L);
}

void chk_guest_gate(uint8_t *mem, unsigned vector, uint64_t handler)
{
	uint64_t *idt = (uint64_t *)(void *)(mem + CHK_IDT_GPA);

	idt[vector & 0xff] = (handler & 0xffff) | ((uint64_t)CHK_SEL_CODE32 << 16) |
			     ((uint64_t)SEG_GATE_INTR << 40) | ((handler & 0xffff0000ULL) << 32);
}

/* The pool's next page, zeroed: the builder takes PML4, PDPT, PD and PT in that order. */
struct chk_pool {
	uint64_t pa;		/* the first page (identity-mapped) */
	unsigned pages, used;
};

static bool pool_alloc(void *ctx, uint64_t *pa, uint64_t **va)
{
	struct chk_pool *pool = ctx;

	if (pool->used == pool->pages)
		return false;
	*pa = pool->pa + (uint64_t)pool->used++ * PAGE_SIZE;
	*va = (uint64_t *)(uintptr_t)*pa;
	chk_fill(*va, PAGE_SIZE, 0);
	return true;
}

void chk_build_tables(struct pt4 *t, const struct pt4_format *fmt, uint64_t pool_pa,
		      unsigned pages, uint64_t mem_pa, struct chk_tables *tables)
{
	struct chk_pool pool = { .pa = pool_pa, .pages = pages };
	enum pt4_err err = pt4_build(t, fmt, mem_pa, CHK_MEM_SIZE, 0, pool_alloc, &pool);

	if (err != PT4_OK)
		panic("check guest tables: %s (%u pool pages)", pt4_err_name(fmt, err), pages);
	tables->fmt = fmt;
	tables->pml4 = t->pml4;
	tables->pdpt = (uint64_t *)(uintptr_t)(tables->pml4[0] & PT4_ADDR_MASK);
	tables->pd = (uint64_t *)(uintptr_t)(tables->pdpt[0] & PT4_ADDR_MASK);
	tables->pt = (uint64_t *)(uintptr_t)(tables->pd[0] & PT4_ADDR_MASK);
}

void chk_run_gate(struct chk_run *r, unsigned vector, struct chk_prog p)
{
	chk_guest_gate(r->mem, vector, chk_run_ga(r, p));
}

bool chk_run_tsc_in_range(struct chk_run *r, uint64_t factor, uint64_t add, const char *what,
			  uint64_t *seen, uint64_t *entry)
{
	uint64_t exit;

	*seen = chk_run_word(r, CHK_D0) | (uint64_t)chk_run_word(r, CHK_D1) << 32;
	r->ops->tsc_around(r, entry, &exit);
	if (*seen >= factor * *entry + add && *seen <= factor * exit + add)
		return true;
	chk_run_fail(r, "the guest read 0x%llx, expected %s in [0x%llx, 0x%llx]",
		     (unsigned long long)*seen, what, (unsigned long long)(factor * *entry + add),
		     (unsigned long long)(factor * exit + add));
	return false;
}
