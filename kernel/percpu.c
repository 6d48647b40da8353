/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu.h"
#include "kernel/gdt.h"
#include "kernel/trap.h"
#include "kernel/kalloc.h"
#include "kernel/percpu.h"
#include "lib/string.h"

static struct percpu *bsp_only[1];      /* until the MADT says how many there are */
struct percpu **cpus = bsp_only;
unsigned ncpus = 1;

void percpu_table_init(unsigned n)
{
	size_t bytes = (size_t)(n ? n : 1) * sizeof(*cpus);
	struct percpu **t = (struct percpu **)(uintptr_t)kalloc_pages(
		ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE, "per-CPU table");

	t[0] = cpus[0];
	cpus = t;
}

/* The boot CPU's structure is static: it is needed before the allocator exists. */
static struct percpu bsp_percpu;

struct percpu *percpu_bsp(void)
{
	return &bsp_percpu;
}

void percpu_setup(struct percpu *p, uint32_t index, uint32_t apic_id)
{
	memset(p, 0, offsetof(struct percpu, kstack));
	p->self = p;
	p->index = index;
	p->apic_id = apic_id;
	gdt_setup(p);
	cpus[index] = p;
}

void percpu_load(struct percpu *p)
{
	gdt_load(p);
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)p);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	trap_load();
}
