/* SPDX-License-Identifier: MIT */
/* Kernel identity map (SDM Vol. 3A 4.5, 4-level paging). */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/kalloc.h"
#include "kernel/paging.h"

#define GIB             (1ULL << 30)
#define EXEC_LIMIT      LARGE_PAGE_SIZE         /* text and trampoline live below */
#define ENTRIES         512

static uint64_t kernel_cr3;

uint64_t paging_cr3(void)
{
	return kernel_cr3;
}

static uint64_t *table(uint64_t pa)
{
	return (uint64_t *)(uintptr_t)pa;
}

uint64_t paging_init(uint64_t top, bool nx, bool gb_pages, uint64_t lapic_base)
{
	uint64_t nxbit = nx ? PTE_NX : 0;
	uint64_t pml4 = kalloc_pages(1, "page table PML4");

	if (top < 4 * GIB)
		top = 4 * GIB;
	top = ALIGN_UP(top, GIB);

	for (uint64_t gib = 0; gib < top / GIB; gib++) {
		unsigned i4 = (unsigned)(gib / ENTRIES), i3 = (unsigned)(gib % ENTRIES);
		uint64_t base = gib * GIB;

		if (!(table(pml4)[i4] & PTE_P))
			table(pml4)[i4] = kalloc_pages(1, "page table PDPT") | PTE_P | PTE_W;
		uint64_t *pdpt = table(table(pml4)[i4] & ~0xfffULL & ~PTE_NX);

		if (gb_pages && base >= 4 * GIB) {
			pdpt[i3] = base | PTE_P | PTE_W | PTE_PS | nxbit;
			continue;
		}
		uint64_t pd = kalloc_pages(1, "page table PD");
		for (unsigned i2 = 0; i2 < ENTRIES; i2++) {
			uint64_t pa = base + (uint64_t)i2 * LARGE_PAGE_SIZE;
			uint64_t e = pa | PTE_P | PTE_W | PTE_PS;
			if (pa >= EXEC_LIMIT)
				e |= nxbit;
			if (pa == ALIGN_DOWN(lapic_base, LARGE_PAGE_SIZE))
				e |= PTE_PCD | PTE_PWT;
			table(pd)[i2] = e;
		}
		pdpt[i3] = pd | PTE_P | PTE_W;
	}
	write_cr3(pml4);
	kernel_cr3 = pml4;
	return pml4;
}

const void *paging_identity_map(void *ctx, uint64_t phys, size_t len)
{
	uint64_t top = *(const uint64_t *)ctx;

	if (!phys || phys + len < phys || phys + len > top)
		return NULL;
	return (const void *)(uintptr_t)phys;
}
