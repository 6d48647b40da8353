/* SPDX-License-Identifier: MIT */
/*
 * A fresh AMD-V check guest (docs/checks.md): its memory, 32-bit paging,
 * GDT and IDT, nested page tables, permission maps and VMCB, rebuilt from
 * scratch for every check so no check sees another's state.
 *
 * The guest runs in 32-bit protected mode with paging (CR0.PE, PG), the
 * same with and without NPT: with NPT its page tables hold guest-physical
 * addresses and the nested tables map [0, SCHK_MEM_SIZE) with 4 KiB
 * leaves (each page its own A/D bits and permissions, APM Vol. 2 15.25);
 * without, its page tables hold the host-physical addresses of its pages
 * (the main guest's scheme, svm/guest.c). Every nested level carries U = 1:
 * nested walks are user accesses (15.25.5).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/x86.h"
#include "kernel/kalloc.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "svm/checks.h"
#include "svm/checks/env.h"
#include "svm/svm.h"

#define NPT_POOL_PAGES		4	/* PML4, PDPT, PD, PT */
#define NPT_NONLEAF		(SCHK_PTE_P | SCHK_PTE_RW | SCHK_PTE_US)
#define PT32_INDEX(linear)	(((linear) >> 12) & 0x3ff)
/* Descriptors (APM Vol. 2 4.8): flat 4 GiB, present, DPL 0, accessed. */
#define GDT_CODE32		0x00cf9b000000ffffULL
#define GDT_DATA		0x00cf93000000ffffULL
#define GATE32_INTR		0x8e00ULL	/* present, DPL 0, 32-bit interrupt gate */
#define IDT_LIMIT		(256 * 8 - 1)
/* Guest pages the common set-up clears: page tables through the last check page. */
#define CLEAR_FIRST		GUEST_PD_GPA
#define CLEAR_END		(SCHK_PAGE_V + PAGE_SIZE)

_Static_assert(CLEAR_END <= SCHK_MEM_SIZE, "check pages inside check memory");
_Static_assert(SCHK_MEM_SIZE / PAGE_SIZE <= 512, "one nested page table");
_Static_assert(SCHK_IDT_GPA + IDT_LIMIT < SCHK_DATA_GPA, "IDT below the data page");

/* 8 bytes a store: a bytewise memset would dominate a check's time in an emulator. */
static void fill(void *p, size_t bytes, uint8_t byte)
{
	uint64_t *q = p, v = 0x0101010101010101ULL * byte;

	for (size_t i = 0; i < bytes / 8; i++)
		q[i] = v;
}

struct schk *schk_env_create(struct percpu *p)
{
	size_t pages = ALIGN_UP(sizeof(struct schk), PAGE_SIZE) / PAGE_SIZE;
	struct schk *c = (struct schk *)(uintptr_t)kalloc_pages(pages, "SVM check state");
	size_t code = (size_t)(schk_image_end - schk_image);
	uint64_t mem;

	if (code > GUEST_CODE_MAX)
		panic("SVM check guests: %zu bytes of code, at most %u fit", code, GUEST_CODE_MAX);
	c->cpu = p;
	mem = kalloc_pages(SCHK_MEM_SIZE / PAGE_SIZE, "SVM check guest memory");
	if (mem + SCHK_MEM_SIZE > (1ULL << 32))
		panic("SVM check guest memory 0x%llx above 4 GiB: 32-bit paging cannot map it",
		      (unsigned long long)mem);
	c->mem = (uint8_t *)(uintptr_t)mem;
	c->vmcb = (struct vmcb *)(uintptr_t)kalloc_pages(1, "SVM check VMCB");
	c->vmcb_copy = (struct vmcb *)(uintptr_t)kalloc_pages(1, "SVM check VMCB copy");
	c->npt_pool_pa = kalloc_pages(NPT_POOL_PAGES, "SVM check NPT");
	c->iopm = (uint8_t *)(uintptr_t)kalloc_pages(SVM_IOPM_SIZE / PAGE_SIZE, "SVM check IOPM");
	c->msrpm = (uint8_t *)(uintptr_t)kalloc_pages(SVM_MSRPM_SIZE / PAGE_SIZE,
						       "SVM check MSRPM");
	c->drain_idt = (uint64_t *)(uintptr_t)kalloc_pages(1, "SVM check drain IDT");
	return c;
}

static uint64_t mem_pa(const struct schk *c)
{
	return (uint64_t)(uintptr_t)c->mem;
}

uint32_t schk_gpte_value(const struct schk *c, uint64_t gpa)
{
	return (uint32_t)((c->g.npt ? 0 : mem_pa(c)) + gpa) | PTE_W | PTE_P;
}

uint32_t *schk_gpte(struct schk *c, uint32_t linear)
{
	return (uint32_t *)(void *)(c->mem + GUEST_PT_GPA) + PT32_INDEX(linear);
}

/* 32-bit paging (APM Vol. 2 5.3): linear [0, SCHK_MEM_SIZE) onto the guest's pages. */
static void build_paging32(struct schk *c)
{
	uint32_t *pd = (uint32_t *)(void *)(c->mem + GUEST_PD_GPA);

	pd[0] = schk_gpte_value(c, GUEST_PT_GPA);
	for (uint32_t a = 0; a < SCHK_MEM_SIZE; a += PAGE_SIZE)
		*schk_gpte(c, a) = schk_gpte_value(c, a);
	/* flush_by_asid's page starts out on page A. */
	*schk_gpte(c, SCHK_PAGE_V) = schk_gpte_value(c, SCHK_PAGE_A_GPA);
}

static void build_npt(struct schk *c)
{
	uint64_t pool = c->npt_pool_pa;

	fill((void *)(uintptr_t)pool, NPT_POOL_PAGES * PAGE_SIZE, 0);
	c->npt_pml4 = (uint64_t *)(uintptr_t)pool;
	c->npt_pdpt = (uint64_t *)(uintptr_t)(pool + PAGE_SIZE);
	c->npt_pd = (uint64_t *)(uintptr_t)(pool + 2 * PAGE_SIZE);
	c->npt_pt = (uint64_t *)(uintptr_t)(pool + 3 * PAGE_SIZE);
	c->npt_pml4[0] = (pool + PAGE_SIZE) | NPT_NONLEAF;
	c->npt_pdpt[0] = (pool + 2 * PAGE_SIZE) | NPT_NONLEAF;
	c->npt_pd[0] = (pool + 3 * PAGE_SIZE) | NPT_NONLEAF;
	for (unsigned i = 0; i < SCHK_MEM_SIZE / PAGE_SIZE; i++)
		c->npt_pt[i] = (mem_pa(c) + (uint64_t)i * PAGE_SIZE) | NPT_NONLEAF;
	c->g.ncr3 = pool;
}

uint64_t *schk_npte(struct schk *c, uint64_t gpa)
{
	return c->npt_pt && gpa < SCHK_MEM_SIZE ? &c->npt_pt[gpa / PAGE_SIZE] : NULL;
}

void schk_set_gate(struct schk *c, unsigned vector, const char *handler)
{
	uint64_t *idt = (uint64_t *)(void *)(c->mem + SCHK_IDT_GPA);
	uint64_t off = schk_ga(handler);

	idt[vector & 0xff] = (off & 0xffff) | ((uint64_t)SCHK_SEL_CODE32 << 16) |
			     (GATE32_INTR << 32) | ((off & 0xffff0000ULL) << 32);
}

void schk_env_prepare(struct schk *c, const struct svm_check *k)
{
	const struct svm_cpu *sc = &svm_cpus[c->cpu->index];
	uint64_t *gdt = (uint64_t *)(void *)(c->mem + SCHK_GDT_GPA);
	struct svm_guest *g = &c->g;
	struct vmcb_save *s;

	c->exits = c->intr = c->step = 0;
	c->waiting = NULL;
	memset(c->val, 0, sizeof(c->val));
	c->npt_pml4 = c->npt_pdpt = c->npt_pd = c->npt_pt = NULL;
	memset(g, 0, sizeof(*g));
	g->cpu = c->cpu;
	g->mode = GUEST_MODE_PAGED32;
	g->npt = svm_config.npt;
	g->nrips = svm_config.nrips;
	g->mem_pa = mem_pa(c);
	g->mem_size = SCHK_MEM_SIZE;
	g->vmcb = c->vmcb;
	g->vmcb_pa = (uint64_t)(uintptr_t)c->vmcb;
	g->host_save_pa = sc->host_save_pa;
	g->iopm_pa = (uint64_t)(uintptr_t)c->iopm;
	g->msrpm_pa = (uint64_t)(uintptr_t)c->msrpm;
	g->asid = sc->asid;
	g->entry_rip = schk_ga(k->entry);

	memcpy(c->mem + GUEST_CODE_GPA, schk_image, (size_t)(schk_image_end - schk_image));
	fill(c->mem + CLEAR_FIRST, CLEAR_END - CLEAR_FIRST, 0);
	fill(c->iopm, SVM_IOPM_SIZE, 0xff);	/* every port and MSR exits */
	fill(c->msrpm, SVM_MSRPM_SIZE, 0xff);
	if (g->npt)
		build_npt(c);
	build_paging32(c);
	gdt[SCHK_SEL_CODE32 / 8] = GDT_CODE32;
	gdt[SCHK_SEL_DATA / 8] = GDT_DATA;

	fill(c->vmcb, sizeof(*c->vmcb), 0);
	vmcb_setup(g);
	s = &c->vmcb->save;
	/* vmcb_setup's paged guest takes CR3 host-physical; with NPT it is guest-physical. */
	s->cr3 = (g->npt ? 0 : g->mem_pa) + GUEST_PD_GPA;
	s->gdtr.base = SCHK_GDT_GPA;
	s->gdtr.limit = SCHK_SEL_DATA + 7;
	s->idtr.base = SCHK_IDT_GPA;
	s->idtr.limit = IDT_LIMIT;
}
