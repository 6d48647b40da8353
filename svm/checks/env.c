/* SPDX-License-Identifier: MIT */
/*
 * A fresh AMD-V check guest (docs/checks.md): its memory, 32-bit paging,
 * GDT and IDT, nested page tables, permission maps and VMCB, rebuilt from
 * scratch for every check so no check sees another's state.
 *
 * The guest runs in 32-bit protected mode with paging (CR0.PE, PG), the
 * same with and without NPT: with NPT its page tables hold guest-physical
 * addresses and the nested tables map [0, CHK_MEM_SIZE) with 4 KiB
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
#include "svm/pure/npt.h"
#include "svm/svm.h"

#define NPT_POOL_PAGES		4	/* PML4, PDPT, PD, PT */
#define PT32_INDEX(linear)	(((linear) >> 12) & 0x3ff)

_Static_assert(CHK_MEM_SIZE / PAGE_SIZE <= 512, "one nested page table");

struct schk *schk_env_create(struct percpu *p)
{
	size_t pages = ALIGN_UP(sizeof(struct schk), PAGE_SIZE) / PAGE_SIZE;
	struct schk *c = (struct schk *)(uintptr_t)kalloc_pages(pages, "SVM check state");
	size_t code = (size_t)(schk_image_end - schk_image);
	uint64_t mem;

	if (code > GUEST_CODE_MAX)
		panic("SVM check guests: %zu bytes of code, at most %u fit", code, GUEST_CODE_MAX);
	c->cpu = p;
	mem = kalloc_pages(CHK_MEM_SIZE / PAGE_SIZE, "SVM check guest memory");
	if (mem + CHK_MEM_SIZE > (1ULL << 32))
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

static uint64_t paging_base(const struct schk *c)
{
	return c->g.npt ? 0 : mem_pa(c);
}

uint32_t schk_gpte_value(const struct schk *c, uint64_t gpa)
{
	return (uint32_t)(paging_base(c) + gpa) | PTE_W | PTE_P;
}

uint32_t *schk_gpte(struct schk *c, uint32_t linear)
{
	return (uint32_t *)(void *)(c->mem + GUEST_PT_GPA) + PT32_INDEX(linear);
}

static void build_npt(struct schk *c)
{
	struct pt4 n;

	chk_build_tables(&n, &npt_format, c->npt_pool_pa, NPT_POOL_PAGES, mem_pa(c), &c->npt);
	c->g.ncr3 = n.pml4_pa;
}

uint64_t *schk_npte(struct schk *c, uint64_t gpa)
{
	return c->npt.pt && gpa < CHK_MEM_SIZE ? &c->npt.pt[gpa / PAGE_SIZE] : NULL;
}

void schk_set_gate(struct schk *c, unsigned vector, const char *handler)
{
	chk_guest_gate(c->mem, vector, schk_ga(handler));
}

void schk_env_prepare(struct schk *c, const struct svm_check *k)
{
	const struct svm_cpu *sc = &svm_cpus[c->cpu->index];
	struct svm_guest *g = &c->g;
	struct vmcb_save *s;

	c->exits = c->intr = c->step = 0;
	c->waiting = NULL;
	memset(c->val, 0, sizeof(c->val));
	c->npt = (struct chk_tables){ 0 };
	memset(g, 0, sizeof(*g));
	g->cpu = c->cpu;
	g->mode = GUEST_MODE_PAGED32;
	g->npt = svm_config.npt;
	g->nrips = svm_config.nrips;
	g->mem_pa = mem_pa(c);
	g->mem_size = CHK_MEM_SIZE;
	g->vmcb = c->vmcb;
	g->vmcb_pa = (uint64_t)(uintptr_t)c->vmcb;
	g->host_save_pa = sc->host_save_pa;
	g->iopm_pa = (uint64_t)(uintptr_t)c->iopm;
	g->msrpm_pa = (uint64_t)(uintptr_t)c->msrpm;
	g->asid = sc->asid;
	g->entry_rip = schk_ga(k->row ? k->row->entry.svm : k->entry);

	/* 32-bit paging (APM Vol. 2 5.3): linear [0, CHK_MEM_SIZE) onto the guest's pages. */
	chk_guest_memory(c->mem, schk_image, (size_t)(schk_image_end - schk_image),
			 paging_base(c), CHK_MEM_SIZE / PAGE_SIZE);
	/* flush_by_asid's page starts out on page A. */
	*schk_gpte(c, CHK_PAGE_V) = schk_gpte_value(c, CHK_PAGE_A_GPA);
	chk_fill(c->iopm, SVM_IOPM_SIZE, 0xff);	/* every port and MSR exits */
	chk_fill(c->msrpm, SVM_MSRPM_SIZE, 0xff);
	if (g->npt)
		build_npt(c);

	chk_fill(c->vmcb, sizeof(*c->vmcb), 0);
	vmcb_setup(g);
	s = &c->vmcb->save;
	/* vmcb_setup's paged guest takes CR3 host-physical; with NPT it is guest-physical. */
	s->cr3 = (g->npt ? 0 : g->mem_pa) + GUEST_PD_GPA;
	s->gdtr.base = CHK_GDT_GPA;
	s->gdtr.limit = CHK_GDT_LIMIT;
	s->idtr.base = CHK_IDT_GPA;
	s->idtr.limit = CHK_IDT_LIMIT;
}
