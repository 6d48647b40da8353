/* SPDX-License-Identifier: MIT */
/*
 * A guest on every core (docs/guest.md): per-CPU guest memory, its EPT or
 * its hypervisor-built page tables, the bitmaps, the VMCS, the run, the
 * per-CPU verdict and its part of the report.
 *
 * Isolation: with EPT the guest reaches only its own 2 MiB; any other
 * guest-physical address is an EPT violation that stops it. Without EPT
 * (Core 2) the guest runs on page tables the hypervisor built over host-
 * physical memory: they map only guest memory, but the guest may rewrite
 * them or CR3 and reach anything. We control the guest program; a hostile
 * one would need shadow paging.
 */
#include <stdarg.h>
#include "arch/x86/cpu.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/watchdog.h"
#include "lib/string.h"
#include "vmx/entry_check.h"
#include "vmx/pure/ept.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/guest.h"
#include "vmx/pure/iobitmap.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define EXIT_STACK_PAGES	2
#define MSR_BITMAP_EXIT_ALL	0xff
#define PT32_ENTRIES		1024	/* 32-bit paging: 4-byte entries, 4 MiB per table */

void guest_stop(struct guest *g, bool done, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	guest_vstop(g->cpu, done, fmt, ap);
	va_end(ap);
}

void guest_report_cpu(struct json *j, const struct percpu *p)
{
	static const unsigned always[] = { EXIT_REASON_CPUID, EXIT_REASON_IO_INSTRUCTION,
					   EXIT_REASON_VMCALL, EXIT_REASON_HLT };
	const struct guest *g = p->hv_priv;

	if (!g)
		return;
	json_str(j, "guest_mode", guest_mode_name(g->mode));
	json_obj_begin(j, "exits");
	for (unsigned i = 0; i < ARRAY_SIZE(always); i++)
		json_u64(j, exit_reason_short(always[i]), g->exits[always[i]]);
	for (unsigned r = 0; r <= EXIT_REASON_MAX; r++) {
		bool listed = false;

		for (unsigned i = 0; i < ARRAY_SIZE(always); i++)
			listed |= always[i] == r;
		if (!listed && g->exits[r])
			json_u64(j, exit_reason_short(r) ? exit_reason_short(r) : "unnamed", g->exits[r]);
	}
	if (g->exits_other)
		json_u64(j, "other", g->exits_other);
	json_obj_end(j);
	guest_report_roundtrip(j, &g->io);
}

static bool build_ept(struct guest *g)
{
	static char what[] = "EPT paging structure";
	unsigned allow = 0;
	struct pt4 e;
	enum pt4_err err;
	char why[96];

	if (!(vmx_capability.ept & VMX_EPT_PAGE_WALK_4_BIT) ||
	    !(vmx_capability.ept & VMX_EPTP_WB_BIT)) {
		guest_stop(g, false, "EPT lacks a 4-level walk or write-back EPTP "
			   "(IA32_VMX_EPT_VPID_CAP 0x%x)", vmx_capability.ept);
		return false;
	}
	if (vmx_capability.ept & VMX_EPT_2MB_PAGE_BIT)
		allow |= PT4_ALLOW_2M;
	if (vmx_capability.ept & VMX_EPT_1GB_PAGE_BIT)
		allow |= PT4_ALLOW_1G;
	err = ept_build(&e, g->mem_pa, g->mem_size, allow, guest_table_page, what);
	if (err) {
		guest_stop(g, false, "EPT: %s", ept_err_name(err));
		return false;
	}
	g->eptp = ept_eptp(&e);
	if (vmx_ept_sync_context(g->eptp, why, sizeof(why))) {
		guest_stop(g, false, "%s", why);
		return false;
	}
	pr_debug("guest: EPT 0x%llx: %u tables, %u x 2 MiB + %u x 4 KiB pages\n",
		 (unsigned long long)g->eptp, e.tables, e.leaves[1], e.leaves[0]);
	return true;
}

/*
 * 32-bit paging (SDM 4.3) for guests without unrestricted guest: one page
 * directory, one page table. With EPT the table maps linear = guest-physical
 * for 4 MiB, so a touch past guest memory reaches the EPT; without EPT it
 * maps only guest memory, onto its host-physical pages.
 */
static bool build_guest_paging(struct guest *g)
{
	return g->ept ? guest_paging32(g->cpu, g->mem_pa, 0, PT32_ENTRIES)
		      : guest_paging32(g->cpu, g->mem_pa, g->mem_pa,
				       (unsigned)(g->mem_size / PAGE_SIZE));
}

static bool setup_memory(struct guest *g)
{
	g->mem_size = GUEST_MEM_SIZE;
	g->mem_pa = guest_load(g->mode, &g->entry_rip);
	if (g->ept && !build_ept(g))
		return false;
	return g->mode == GUEST_MODE_REAL || build_guest_paging(g);
}

/* Every port exits (the guest owns no device); every MSR access exits too. */
static void setup_bitmaps(struct guest *g)
{
	uint32_t proc = vmcs_config.cpu_based_exec_ctrl;

	if (proc & CPU_BASED_USE_IO_BITMAPS) {
		struct io_bitmaps m;

		g->io_bitmap_a = kalloc_pages(1, "I/O bitmap A");
		g->io_bitmap_b = kalloc_pages(1, "I/O bitmap B");
		m.a = (uint8_t *)(uintptr_t)g->io_bitmap_a;
		m.b = (uint8_t *)(uintptr_t)g->io_bitmap_b;
		iobitmap_intercept_all(&m);
	}
	if (proc & CPU_BASED_USE_MSR_BITMAPS) {
		g->msr_bitmap = kalloc_pages(1, "MSR bitmap");
		memset((void *)(uintptr_t)g->msr_bitmap, MSR_BITMAP_EXIT_ALL, PAGE_SIZE);
	}
}

static struct guest *guest_create(struct percpu *p)
{
	uint32_t proc2 = vmcs_config.cpu_based_exec_ctrl & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS
			 ? vmcs_config.cpu_based_2nd_exec_ctrl : 0;
	size_t pages = ALIGN_UP(sizeof(struct guest), PAGE_SIZE) / PAGE_SIZE;
	struct guest *g = (struct guest *)(uintptr_t)kalloc_pages(pages, "guest state");

	p->hv_priv = g;
	g->cpu = p;
	g->ept = proc2 & SECONDARY_EXEC_ENABLE_EPT;
	g->vpid = proc2 & SECONDARY_EXEC_ENABLE_VPID;
	/* Negotiation keeps unrestricted guest only together with EPT. */
	g->mode = proc2 & SECONDARY_EXEC_UNRESTRICTED_GUEST ? GUEST_MODE_REAL : GUEST_MODE_PAGED32;
	g->null_handler = kopts.guest == OPT_GUEST_NULL;
	g->touch_outside = kopts.guest == OPT_GUEST_EPT_VIOLATION;
	g->exit_stack_top = kalloc_pages(EXIT_STACK_PAGES, "VM-exit stack") +
			    EXIT_STACK_PAGES * PAGE_SIZE;
	g->regs.rbx = p->index;
	g->regs.rcx = (g->touch_outside ? GUEST_FLAG_TOUCH_OUTSIDE : 0) |
		      (kopts.guest == OPT_GUEST_SPIN ? GUEST_FLAG_SPIN : 0);
	return g;
}

static void print_verdict(const struct guest *g)
{
	struct guest_exit_counts n = {
		.total = g->exits_other,
		.cpuid = g->exits[EXIT_REASON_CPUID],
		.io = g->exits[EXIT_REASON_IO_INSTRUCTION],
		.call = g->exits[EXIT_REASON_VMCALL],
		.hlt = g->exits[EXIT_REASON_HLT],
		.call_name = "vmcall",
	};

	for (unsigned r = 0; r <= EXIT_REASON_MAX; r++)
		n.total += g->exits[r];
	guest_print_verdict(g->cpu, &g->io, &n);
}

/*
 * selftest=entry-rule-cpu1: cpu1's VMCS breaks one rule (guest RFLAGS bit 1,
 * which must be 1), so the software check must name it on cpu1 only, or with
 * entrycheck=off the CPU must refuse the entry itself.
 */
static void selftest_break_rule(struct percpu *p)
{
	if (kopts.selftest != OPT_SELFTEST_ENTRY_RULE_CPU1 || p->index != 1)
		return;
	vmcs_writenat(GUEST_RFLAGS, vmcs_readnat(GUEST_RFLAGS) & ~(uint64_t)BIT(1));
	pr_info("selftest: guest RFLAGS bit 1 cleared on purpose (rule guest.rflags.bit1)\n");
}

/*
 * The software VM-entry check (docs/entry-rules.md), once before VMLAUNCH:
 * the exit handlers change only GUEST_RIP between entries, so VMRESUME is not
 * checked again. Its cost in Bochs is an instruction count (docs/entry-rules.md).
 */
static bool entry_check(struct guest *g)
{
	struct er_vmcs v;
	struct er_env e;
	struct er_result r;
	uint64_t t0, t1;
	char why[200];

	if (kopts.entrycheck == OPT_OFF) {
		pr_info("guest: VM-entry check skipped (entrycheck=off)\n");
		return true;
	}
	t0 = rdtsc();
	vmx_entry_check_current(&v, &e, &r);
	t1 = rdtsc();
	if (!r.count) {
		pr_info("guest: VM-entry check: all %u rules hold (%llu TSC ticks)\n", er_rule_count(),
			(unsigned long long)(t1 - t0));
		return true;
	}
	vmx_entry_describe(why, sizeof(why), &r);
	vmx_entry_print(&v, &e, &r);
	guest_stop(g, false, "VM entry refused: %s", why);
	return false;
}

void guest_run(struct percpu *p)
{
	struct desc_ptr gdtr, idtr;
	char vpid[16];
	struct guest *g;
	int r;

	g = guest_create(p);
	if (!setup_memory(g))
		return;
	setup_bitmaps(g);
	vmcs_setup(g);
	selftest_break_rule(p);
	if (!entry_check(g))
		return;
	if (g->vpid)
		snfmt(vpid, sizeof(vpid), "VPID %u", p->index + 1);
	pr_info("guest: %s guest in %llu KiB at 0x%llx, %s, %s\n",
		g->mode == GUEST_MODE_REAL ? "real-mode (unrestricted)" : "32-bit paged",
		(unsigned long long)(g->mem_size / 1024), (unsigned long long)g->mem_pa,
		g->ept ? "EPT" : "no EPT (not isolated)", g->vpid ? vpid : "no VPID");
	sgdt(&gdtr);
	sidt(&idtr);
	/* The guest watchdog: the VMX-preemption timer (vmcs_setup) or the LAPIC timer. */
	if (!(vmcs_config.pin_based_exec_ctrl & PIN_BASED_VMX_PREEMPTION_TIMER))
		watchdog_lapic_arm(p);
	r = vmx_run(&g->regs, g->exit_stack_top);
	watchdog_lapic_disarm(p);
	/* A VM exit left both limits at 0xFFFF (SDM 28.5.2). */
	lgdt(&gdtr);
	lidt(&idtr);
	if (r != VMX_SUCCEED)
		vmcs_report_entry_failure(g, g->launched ? "VMRESUME" : "VMLAUNCH", r);
	print_verdict(g);
}
