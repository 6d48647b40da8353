/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU GDT and TSS (SDM Vol. 3A 3.4.5 segment descriptors, 8.2.3 TSS
 * descriptor in 64-bit mode). Every CPU has its own GDT so each can hold its
 * own busy TSS: VMX requires a non-zero host TR selector (SDM 26.2.3).
 */
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "kernel/gdt.h"
#include "kernel/trap.h"
#include "kernel/percpu.h"
#include "lib/string.h"

#define TSS_TYPE_AVAIL  0x9

static void set_tss_desc(uint64_t *slot, uint64_t base, uint32_t limit)
{
	slot[0] = (limit & 0xffffULL) |
		  ((base & 0xffffffULL) << 16) |
		  ((uint64_t)TSS_TYPE_AVAIL << 40) |
		  (1ULL << 47) |                        /* present */
		  ((uint64_t)((limit >> 16) & 0xf) << 48) |
		  (((base >> 24) & 0xffULL) << 56);
	slot[1] = base >> 32;
}

void gdt_setup(struct percpu *p)
{
	memset(p->gdt, 0, sizeof(p->gdt));
	p->gdt[GDT_SEL_CODE64 / 8] = GDT_DESC_CODE64;
	p->gdt[GDT_SEL_DATA / 8] = GDT_DESC_DATA;
	p->gdt[GDT_SEL_CODE32 / 8] = GDT_DESC_CODE32;

	memset(&p->tss, 0, sizeof(p->tss));
	p->tss.rsp[0] = (uint64_t)(uintptr_t)(p->kstack + KSTACK_SIZE);
	p->tss.ist[IST_FAULT - 1] = (uint64_t)(uintptr_t)(p->istack + ISTACK_SIZE);
	p->tss.ist[IST_NMI - 1] = (uint64_t)(uintptr_t)(p->nmi_stack + ISTACK_SIZE);
	p->tss.ist[IST_MCE - 1] = (uint64_t)(uintptr_t)(p->mce_stack + ISTACK_SIZE);
	p->tss.iomap_base = sizeof(p->tss);     /* no I/O bitmap */
	set_tss_desc(&p->gdt[GDT_SEL_TSS / 8], (uint64_t)(uintptr_t)&p->tss,
		     sizeof(p->tss) - 1);
}

/* Load this CPU's GDT, reload segments, load TR. */
void gdt_load(struct percpu *p)
{
	struct desc_ptr d = {
		.limit = sizeof(p->gdt) - 1,
		.base = (uint64_t)(uintptr_t)p->gdt,
	};

	lgdt(&d);
	/* Reload CS with a far return, then the data segments. */
	__asm__ volatile("pushq %[cs]\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %[ds], %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 : : [cs] "i"(GDT_SEL_CODE64), [ds] "i"(GDT_SEL_DATA)
			 : "rax", "memory");
	ltr(GDT_SEL_TSS);
}
