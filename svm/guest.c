/* SPDX-License-Identifier: MIT */
/*
 * A guest on every core under AMD-V (docs/svm.md): per-CPU guest memory,
 * its nested page tables or, without NPT, its hypervisor-built 32-bit page
 * tables, the permission maps, the VMCB, the run, the per-CPU verdict and
 * its part of the report.
 *
 * Isolation: with NPT the guest reaches only its own 2 MiB; any other
 * guest-physical address is a nested page fault that stops it. Without NPT
 * (turion64_tyler, QEMU's default qemu64 CPU) the guest's own CR3 is used
 * by the hardware on host-physical memory: the tables map only guest
 * memory, but the guest may rewrite them or CR3 and reach anything. We
 * control the guest program; a hostile one would need shadow paging.
 */
#include <stdarg.h>
#include "arch/x86/cpu.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "kernel/watchdog.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "svm/guest.h"
#include "svm/pure/npt.h"
#include "svm/pure/svm_names.h"
#include "svm/svm.h"
#include "svm/vmrun_check.h"

#define PERM_MAP_EXIT_ALL	0xff

void svm_guest_stop(struct svm_guest *g, bool done, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	guest_vstop(g->cpu, done, fmt, ap);
	va_end(ap);
}

static uint64_t slot_code(unsigned slot)
{
	return slot == SVM_EXIT_SLOT_NPF ? SVM_EXIT_NPF
	       : slot == SVM_EXIT_SLOT_INVALID ? SVM_EXIT_INVALID : slot;
}

/* Exit counts by report key (svm_exit_key): several codes may share one, e.g. "exception". */
static uint64_t count_key(const struct svm_guest *g, const char *key)
{
	uint64_t n = 0;

	for (unsigned s = 0; s < SVM_EXIT_SLOT_OTHER; s++)
		if (g->exits[s] && !strcmp(svm_exit_key(slot_code(s)), key))
			n += g->exits[s];
	return n;
}

void svm_guest_report_cpu(struct json *j, const struct percpu *p)
{
	/* "vmmcall", not VT-x's "vmcall": the instruction's name on this side. */
	static const char *const always[] = { "cpuid", "io", "vmmcall", "hlt" };
	const struct svm_guest *g = p->hv_priv;
	const char *done[SVM_EXIT_SLOTS];
	unsigned ndone = 0;

	if (!g)
		return;
	json_str(j, "guest_mode", guest_mode_name(g->mode));
	json_obj_begin(j, "exits");
	for (unsigned i = 0; i < ARRAY_SIZE(always); i++) {
		json_u64(j, always[i], count_key(g, always[i]));
		done[ndone++] = always[i];
	}
	for (unsigned s = 0; s < SVM_EXIT_SLOT_OTHER; s++) {
		const char *key = svm_exit_key(slot_code(s));
		bool listed = false;

		if (!g->exits[s])
			continue;
		for (unsigned i = 0; i < ndone; i++)
			listed |= !strcmp(done[i], key);
		if (listed)
			continue;
		json_u64(j, key, count_key(g, key));
		done[ndone++] = key;
	}
	if (g->exits[SVM_EXIT_SLOT_OTHER])
		json_u64(j, "other_codes", g->exits[SVM_EXIT_SLOT_OTHER]);
	json_obj_end(j);
	guest_report_roundtrip(j, &g->io);
}

static bool build_npt(struct svm_guest *g)
{
	static char what[] = "nested page table";
	struct pt4 n;
	enum pt4_err err = npt_build(&n, g->mem_pa, g->mem_size, guest_table_page, what);

	if (err) {
		svm_guest_stop(g, false, "NPT: %s", npt_err_name(err));
		return false;
	}
	g->ncr3 = n.pml4_pa;
	pr_debug("guest: NPT 0x%llx: %u tables, %u x 2 MiB + %u x 4 KiB pages\n",
		 (unsigned long long)g->ncr3, n.tables, n.leaves[1], n.leaves[0]);
	return true;
}

/*
 * Without NPT: 32-bit paging (APM Vol. 2 5.2) built by the hypervisor in
 * guest memory, mapping linear [0, 2 MiB) onto the guest's host-physical
 * pages. The hardware walks it with host-physical addresses.
 */
static bool setup_memory(struct svm_guest *g)
{
	g->mem_size = GUEST_MEM_SIZE;
	g->mem_pa = guest_load(g->mode, &g->entry_rip);
	return g->npt ? build_npt(g) : guest_paging32(g->cpu, g->mem_pa, g->mem_pa,
						      (unsigned)(g->mem_size / PAGE_SIZE));
}

/* Every port and every MSR access exits (15.10.1 IOPM, 15.11 MSRPM). */
static void setup_maps(struct svm_guest *g)
{
	g->iopm_pa = kalloc_pages(SVM_IOPM_SIZE / PAGE_SIZE, "SVM I/O permission map");
	g->msrpm_pa = kalloc_pages(SVM_MSRPM_SIZE / PAGE_SIZE, "SVM MSR permission map");
	memset((void *)(uintptr_t)g->iopm_pa, PERM_MAP_EXIT_ALL, SVM_IOPM_SIZE);
	memset((void *)(uintptr_t)g->msrpm_pa, PERM_MAP_EXIT_ALL, SVM_MSRPM_SIZE);
}

static struct svm_guest *guest_create(struct percpu *p)
{
	const struct svm_cpu *sc = &svm_cpus[p->index];
	size_t pages = ALIGN_UP(sizeof(struct svm_guest), PAGE_SIZE) / PAGE_SIZE;
	struct svm_guest *g = (struct svm_guest *)(uintptr_t)kalloc_pages(pages, "guest state");

	p->hv_priv = g;
	g->cpu = p;
	g->npt = svm_config.npt;
	g->nrips = svm_config.nrips;
	/* With NPT the guest runs in real mode (no restriction like VT-x's
	 * unrestricted guest); without, it needs paging of its own. */
	g->mode = g->npt ? GUEST_MODE_REAL : GUEST_MODE_PAGED32;
	g->null_handler = kopts.guest == OPT_GUEST_NULL;
	g->touch_outside = kopts.guest == OPT_GUEST_EPT_VIOLATION;
	g->vmcb_pa = sc->vmcb_pa;
	g->vmcb = (struct vmcb *)(uintptr_t)sc->vmcb_pa;
	g->host_save_pa = sc->host_save_pa;
	g->vmcb_at_entry = (struct vmcb *)(uintptr_t)kalloc_pages(1, "VMCB copy");
	g->asid = sc->asid;
	g->regs.rbx = p->index;
	g->regs.rcx = GUEST_FLAG_VMMCALL | (g->touch_outside ? GUEST_FLAG_TOUCH_OUTSIDE : 0) |
		      (kopts.guest == OPT_GUEST_SPIN ? GUEST_FLAG_SPIN : 0);
	return g;
}

static void print_verdict(const struct svm_guest *g)
{
	struct guest_exit_counts n = {
		.cpuid = g->exits[SVM_EXIT_CPUID],
		.io = g->exits[SVM_EXIT_IOIO],
		.call = g->exits[SVM_EXIT_VMMCALL],
		.hlt = g->exits[SVM_EXIT_HLT],
		.call_name = "vmmcall",
	};

	for (unsigned s = 0; s < SVM_EXIT_SLOTS; s++)
		n.total += g->exits[s];
	guest_print_verdict(g->cpu, &g->io, &n);
}

/*
 * selftest=entry-rule-cpu1: cpu1's VMCB breaks one rule (the VMRUN intercept
 * bit is cleared), so the software check must name it on cpu1 only, or with
 * entrycheck=off the CPU must refuse the VMRUN itself.
 */
static void selftest_break_rule(struct svm_guest *g)
{
	if (kopts.selftest != OPT_SELFTEST_ENTRY_RULE_CPU1 || g->cpu->index != 1)
		return;
	g->vmcb->control.intercept_misc2 &= ~INTERCEPT_VMRUN;
	pr_info("selftest: VMRUN intercept cleared on purpose (rule vmrun.intercept)\n");
}

/*
 * The software VMRUN check (docs/entry-rules.md), once before the first
 * VMRUN: the exit handlers change only RIP/RAX and the event fields between
 * VMRUNs. Its cost in Bochs is an instruction count (docs/entry-rules.md).
 */
static bool vmrun_check(struct svm_guest *g)
{
	struct svm_check_env env;
	char why[ERRBUF_SIZE - 40];
	uint32_t broken;
	uint64_t t0, t1;

	if (kopts.entrycheck == OPT_OFF) {
		pr_info("guest: VMRUN check skipped (entrycheck=off)\n");
		return true;
	}
	t0 = rdtsc();
	broken = svm_vmrun_check(g->vmcb, &env, why, sizeof(why));
	t1 = rdtsc();
	if (!broken) {
		pr_info("guest: VMRUN check: all %u rules hold (%llu TSC ticks)\n", VMCB_RULE_NR,
			(unsigned long long)(t1 - t0));
		return true;
	}
	svm_vmrun_print(g->vmcb, &env, broken);
	svm_guest_stop(g, false, "VMRUN refused: %s; the CPU would give VMEXIT_INVALID", why);
	return false;
}

void svm_guest_run(struct percpu *p)
{
	struct svm_guest *g = guest_create(p);

	if (!setup_memory(g))
		return;
	setup_maps(g);
	vmcb_setup(g);
	selftest_break_rule(g);
	pr_info("guest: %s guest in %llu KiB at 0x%llx, %s, ASID %u\n",
		g->mode == GUEST_MODE_REAL ? "real-mode" : "32-bit paged",
		(unsigned long long)(g->mem_size / 1024), (unsigned long long)g->mem_pa,
		g->npt ? "NPT" : "no NPT (not isolated)", g->asid);
	/* Bochs 2.7 writes its state over the VMCB even when VMRUN fails its checks:
	 * keep what was handed to VMRUN to explain a failure. */
	memcpy(g->vmcb_at_entry, g->vmcb, sizeof(struct vmcb));
	if (!vmrun_check(g))
		return;
	watchdog_lapic_arm(p);          /* the guest watchdog: its interrupt is an INTR exit */
	svm_run(&g->regs, g->vmcb_pa, g->host_save_pa);
	watchdog_lapic_disarm(p);
	print_verdict(g);
}
