/* SPDX-License-Identifier: MIT */
/*
 * Deliberate failures (selftest= on the command line) that prove the
 * failure paths: on the boot CPU a fault must end in PICOVISOR-PANIC; on an
 * AP it must be contained (the report names the CPU and its stage), and an
 * AP that hangs must be named by the boot CPU's stage deadline. Two more
 * act elsewhere: selftest=notable (core/smp.c asks selftest_notable) and
 * selftest=vmxon-gp (vmx/vmx_cpu.c, as vmx/ may not include core/).
 */
#include "pure/cmdline.h"
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "lib/bits.h"
#include "core/selftest.h"

#define SELFTEST_AP             1                       /* the AP that misbehaves */
#define UNMAPPED_VA             0xffff800000000000ULL   /* canonical, never mapped: #PF */
#define NONCANONICAL_VA         0x8000000000000000ULL   /* bits 63:47 differ: #GP(0) */

static void raise_ud(void)
{
	__asm__ volatile("ud2");
}

static void raise_gp(void)
{
	(void)*(volatile uint64_t *)NONCANONICAL_VA;
}

static void raise_pf(void)
{
	(void)*(volatile uint64_t *)UNMAPPED_VA;
}

void selftest_run(int which)
{
	switch (which) {
	case OPT_SELFTEST_UD:
		pr_info("selftest: raising #UD on purpose\n");
		raise_ud();
		break;
	case OPT_SELFTEST_PF:
		pr_info("selftest: touching an unmapped address on purpose\n");
		raise_pf();
		break;
	case OPT_SELFTEST_OOM:
		pr_info("selftest: exhausting the allocator on purpose\n");
		for (;;)
			kalloc_aligned(4096, 4096, "selftest oom");
	default:
		break;
	}
}

bool selftest_notable(const struct percpu *p)
{
	return kopts.selftest == OPT_SELFTEST_NOTABLE && p->index == SELFTEST_AP;
}

/*
 * An NMI exit reloads the VMX-preemption timer at the next VM entry (no
 * "save VMX-preemption timer value"): NMIs closer than the preemption_timer
 * check's 1 ms keep it from ever firing (nmi-storm-fast shows it); 2 ms do not.
 */
#define NMI_STORM_GAP_US	2000
#define NMI_STORM_FAST_GAP_US	100

bool selftest_nmi_storm(struct percpu *p)
{
	bool fast = kopts.selftest == OPT_SELFTEST_NMI_STORM_FAST;
	unsigned gap_us = fast ? NMI_STORM_FAST_GAP_US : NMI_STORM_GAP_US;
	uint64_t gap = us_to_tsc(gap_us), next = 0, sent = 0;
	bool busy = true;

	if ((kopts.selftest != OPT_SELFTEST_NMI_STORM && !fast) || ncpus < 2 ||
	    p->index != ncpus - 1)
		return false;
	pr_info("selftest: sending an NMI to every other CPU at work every %u us\n", gap_us);
	while (busy) {
		uint64_t now = rdtsc();
		bool send = (int64_t)(now - next) >= 0;

		busy = false;
		p->stage_tsc = now;	/* at work: its stage deadline (core/watch.c) restarts */
		for (unsigned i = 0; i < ncpus; i++) {
			const struct percpu *c = cpus[i];

			if (i == p->index || !c || !c->online || c->done || c->crashed || c->late)
				continue;
			busy = true;
			if (send && lapic_send_ipi(c->apic_id, APIC_DM_NMI))
				sent++;
		}
		if (send)
			next = now + gap;
		cpu_relax();
	}
	snfmt(p->error, sizeof(p->error), "selftest=nmi-storm: sent %llu NMIs to the other CPUs "
	      "instead of its own work", (unsigned long long)sent);
	pr_info("%s\n", p->error);
	return true;
}

/*
 * selftest=ap-fault-locked: cpu1 raises #UD halfway through a console line,
 * holding the console lock inside the allocator lock, as an asynchronous
 * machine check can catch it. Its crash path must give both back (kernel/lock.h)
 * and end the half line; the other CPUs go on allocating and printing.
 */
static void ud_in_console(void)
{
	console_locked_call("[cpu1] selftest: this line is cut short by a #UD", raise_ud);
}

static void ud_in_allocator(void)
{
	kalloc_locked_call(ud_in_console);
}

void selftest_stage(const struct percpu *p, enum cpu_stage at)
{
	static const struct {
		int which;
		unsigned cpu;
		enum cpu_stage stage;
		void (*raise)(void);    /* NULL: hang */
		const char *what;
	} plan[] = {
		{ OPT_SELFTEST_AP_FAULT_ONLINE, SELFTEST_AP, STAGE_ONLINE, raise_ud, "#UD" },
		{ OPT_SELFTEST_AP_FAULT_SETUP, SELFTEST_AP, STAGE_HV_SETUP, raise_gp, "#GP" },
		{ OPT_SELFTEST_AP_FAULT_ENABLE, SELFTEST_AP, STAGE_HV_ENABLE, raise_pf, "#PF" },
		{ OPT_SELFTEST_AP_FAULT_GUEST, SELFTEST_AP, STAGE_GUEST, raise_ud, "#UD" },
		{ OPT_SELFTEST_AP_HANG_SETUP, SELFTEST_AP, STAGE_HV_SETUP, NULL, "a hang" },
		{ OPT_SELFTEST_AP_FAULT_LOCKED, SELFTEST_AP, STAGE_HV_SETUP, ud_in_allocator,
		  "#UD with the allocator and console locks held" },
		{ OPT_SELFTEST_BSP_FAULT_GUEST, 0, STAGE_GUEST, raise_ud, "#UD" },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(plan); i++) {
		if (plan[i].which != (int)kopts.selftest || plan[i].cpu != p->index ||
		    plan[i].stage != at)
			continue;
		pr_info("selftest: %s on purpose in stage %s\n", plan[i].what, cpu_stage_name(at));
		if (plan[i].raise)
			plan[i].raise();        /* an AP parks in its trap handler, cpu0 panics */
		cli();
		for (;;)
			cpu_relax();
	}
}
