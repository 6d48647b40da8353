/* SPDX-License-Identifier: MIT */
/*
 * The host side of the guest protocol (guest/guest.h, docs/guest.md): what
 * both backends do with the guest's console bytes, hypercall and hypervisor
 * CPUID leaves, its memory and 32-bit paging, and how its verdict is printed
 * and reported. The backends only decode their own exits.
 */
#include "guest/guest.h"
#include "arch/x86/platform.h"
#include "kernel/backend.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "lib/string.h"

#define PT32_ENTRIES		1024	/* 32-bit paging: 4-byte entries, 4 MiB per table */

void guest_flush_line(struct guest_io *s)
{
	if (!s->line_len)
		return;
	s->line[s->line_len] = '\0';
	pr_info("guest: %s\n", s->line);
	if (!strncmp(s->line, "hello", 5))
		s->greeted = true;
	s->line_len = 0;
	s->lines++;
}

void guest_port_io(struct guest_io *s, bool in, uint16_t port, unsigned size, uint64_t *rax)
{
	if (!in && port == COM1_PORT && size == 1) {
		char ch = (char)*rax;

		if (ch == '\n' || s->line_len == GUEST_LINE_MAX)
			guest_flush_line(s);
		if (ch != '\n' && ch != '\r')
			s->line[s->line_len++] = ch;
		return;
	}
	if (in)
		*rax = size == 4 ? 0xffffffffULL : *rax | (size == 2 ? 0xffffULL : 0xffULL);
	s->io_ignored++;
}

void guest_hypercall(struct guest_io *s, struct guest_regs *r)
{
	if ((uint32_t)r->rax != GUEST_VMCALL_ROUNDTRIP) {
		r->rax = ~0ULL;
		return;
	}
	s->rt_min = (uint32_t)r->rbx;
	s->rt_median = (uint32_t)r->rcx;
	s->rt_samples = (uint32_t)r->rdx;
	s->roundtrip_valid = true;
	r->rax = 0;
}

void guest_vstop(struct percpu *p, bool done, const char *fmt, va_list ap)
{
	if (done) {
		p->guest = GUEST_DONE;
		return;
	}
	vsnfmt(p->error, sizeof(p->error), fmt, ap);
	p->guest = GUEST_FAILED;
	pr_err("guest: %s\n", p->error);
}

static void guest_fail(struct percpu *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	guest_vstop(p, false, fmt, ap);
	va_end(ap);
}

uint64_t guest_load(enum guest_mode mode, uint64_t *entry_rip)
{
	size_t code = (size_t)(_guest_end - _guest_start);
	uint64_t pa;

	if (&guest_image[0] != &_guest_start[0] || code > GUEST_CODE_MAX)
		panic("guest image: %zu bytes at %p, expected at most %u at _guest_start", code,
		      (const void *)guest_image, GUEST_CODE_MAX);
	pa = kalloc_aligned(GUEST_MEM_SIZE / PAGE_SIZE, GUEST_MEM_SIZE, "guest memory");
	memcpy((void *)(uintptr_t)(pa + GUEST_CODE_GPA), _guest_start, code);
	*entry_rip = GUEST_CODE_GPA + (uint64_t)((mode == GUEST_MODE_REAL ? guest_entry_real
						  : guest_entry_paged32) - _guest_start);
	return pa;
}

bool guest_paging32(struct percpu *p, uint64_t mem_pa, uint64_t base, unsigned pages)
{
	if (base + (uint64_t)pages * PAGE_SIZE > (1ULL << 32) || pages > PT32_ENTRIES) {
		guest_fail(p, "guest memory 0x%llx lies above 4 GiB: 32-bit paging cannot map it",
			   (unsigned long long)mem_pa);
		return false;
	}
	guest_paging32_fill((uint8_t *)(uintptr_t)mem_pa, base, pages);
	return true;
}

void guest_paging32_fill(uint8_t *mem, uint64_t base, unsigned pages)
{
	uint32_t *pd = (uint32_t *)(void *)(mem + GUEST_PD_GPA);
	uint32_t *pt = (uint32_t *)(void *)(mem + GUEST_PT_GPA);

	pd[0] = (uint32_t)(base + GUEST_PT_GPA) | PTE_W | PTE_P;
	for (unsigned i = 0; i < pages; i++)
		pt[i] = (uint32_t)(base + (uint64_t)i * PAGE_SIZE) | PTE_W | PTE_P;
}

bool guest_table_page(void *what, uint64_t *pa, uint64_t **va)
{
	*pa = kalloc_pages(1, what);	/* zeroed; panics when exhausted */
	*va = (uint64_t *)(uintptr_t)*pa;
	return true;
}

const char *guest_mode_name(enum guest_mode mode)
{
	return mode == GUEST_MODE_REAL ? "real" : "paged32";
}

void guest_report_roundtrip(struct json *j, const struct guest_io *s)
{
	if (!s->roundtrip_valid)
		return;
	json_obj_begin(j, "roundtrip_tsc");
	json_u64(j, "min", s->rt_min);
	json_u64(j, "median", s->rt_median);
	json_u64(j, "samples", s->rt_samples);
	json_obj_end(j);
}

void guest_print_verdict(const struct percpu *p, const struct guest_io *s,
			 const struct guest_exit_counts *n)
{
	kprintf("[cpu%u] guest: %s: greeting %s, %llu exits (cpuid %llu, io %llu, %s %llu, "
		"hlt %llu), %llu port accesses ignored", p->index, guest_state_names[p->guest],
		s->greeted ? "seen" : "NOT seen", (unsigned long long)n->total,
		(unsigned long long)n->cpuid, (unsigned long long)n->io, n->call_name,
		(unsigned long long)n->call, (unsigned long long)n->hlt,
		(unsigned long long)s->io_ignored);
	if (s->roundtrip_valid)
		kprintf(", CPUID round trip min %u median %u TSC ticks (%u samples)\n",
			s->rt_min, s->rt_median, s->rt_samples);
	else
		kprintf("\n");
}
