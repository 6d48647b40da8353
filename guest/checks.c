/* SPDX-License-Identifier: MIT */
/*
 * The check guests' harness (guest/checks.h): what both backends do to
 * build a fresh check guest in its memory, and how a run's outcome is
 * recorded. The backends add their own control structure (VMCS, VMCB),
 * second-level tables (pure/pt4.h) and intercept maps.
 */
#include "guest/checks.h"
#include "arch/x86/segment.h"
#include "lib/string.h"

/* Flat 4 GiB descriptors, present, DPL 0, accessed (SDM Vol. 3A 3.4.5, APM Vol. 2 4.7). */
#define CHK_ACC_CODE	(SEG_ACC_P | SEG_ACC_S | SEG_ACC_CODE | SEG_ACC_RW | SEG_ACC_A)
#define CHK_ACC_DATA	(SEG_ACC_P | SEG_ACC_S | SEG_ACC_RW | SEG_ACC_A)

enum chk_verdict chk_vrecord(struct check_record *rec, enum check_result r, const char *fmt,
			     va_list ap)
{
	check_record_vset(rec, r, fmt, ap);
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

bool chk_pool_alloc(void *ctx, uint64_t *pa, uint64_t **va)
{
	struct chk_pool *pool = ctx;

	if (pool->used == pool->pages)
		return false;
	*pa = pool->pa + (uint64_t)pool->used++ * PAGE_SIZE;
	*va = (uint64_t *)(uintptr_t)*pa;
	chk_fill(*va, PAGE_SIZE, 0);
	return true;
}

void chk_pt4_path(const struct pt4 *t, uint64_t *tables[PT4_LEVELS])
{
	tables[0] = t->pml4;
	for (unsigned i = 1; i < PT4_LEVELS; i++)
		tables[i] = (uint64_t *)(uintptr_t)(tables[i - 1][0] & PT4_ADDR_MASK);
}

enum chk_verdict chk_run_pass(struct chk_run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	chk_vrecord(r->rec, CHECK_PASS, fmt, ap);
	va_end(ap);
	return CHK_DONE;
}

enum chk_verdict chk_run_fail(struct chk_run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	chk_vrecord(r->rec, CHECK_FAIL, fmt, ap);
	va_end(ap);
	return CHK_DONE;
}

void chk_run_gate(struct chk_run *r, unsigned vector, struct chk_prog p)
{
	chk_guest_gate(r->mem, vector, chk_run_ga(r, p));
}
