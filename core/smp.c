/* SPDX-License-Identifier: MIT */
/*
 * AP bring-up (SDM Vol. 3A 8.4.4.1, "Typical AP initialization sequence";
 * MP spec appendix B.4). All APs are started together: INIT to each, one
 * wait, STARTUP to each, a short wait, a second STARTUP to each AP not yet
 * checked in, then one deadline for all. Per-CPU IPIs (not a broadcast) so
 * CPUs the MADT lists as disabled are never woken.
 *
 * Delays: the SDM sequence waits 10 ms after INIT and 200 us after each
 * STARTUP. Linux (smpboot.c, init_udelay) drops the 10 ms INIT wait on
 * CPUs known not to need it -- Intel family 6 and later, AMD family 0xF and
 * later -- and so does picovisor unless sipi=sdm is given; the STARTUP waits
 * then shrink to 10 us as in Linux.
 */
#include <stddef.h>
#include "pure/madt.h"
#include "arch/x86/cpu.h"
#include "kernel/gdt.h"
#include "arch/x86/lapic.h"
#include "arch/x86/trampoline.h"
#include "kernel/trap.h"
#include "kernel/tsc.h"
#include "kernel/console.h"
#include "core/cpu_init.h"
#include "kernel/cpuinfo.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "pure/memmap.h"
#include "kernel/paging.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "core/report.h"
#include "core/smp.h"
#include "lib/string.h"

#define CHECKIN_TIMEOUT_US      1000000         /* from the first INIT */

static uint64_t t_first_init;
/* The trampoline's shared-stack lock (struct tramp_params.lock). */
static volatile uint32_t *tramp_lock;
static volatile bool smp_closed;        /* check-in deadline passed */

static bool init_wait_needed(void)
{
	const struct cpuinfo *ci = &boot_cpuinfo;

	if (kopts.sipi == OPT_SIPI_SDM)
		return true;
	if (kopts.sipi == OPT_SIPI_FAST)
		return false;
	if (!strcmp(ci->vendor, "GenuineIntel") && ci->family >= 6)
		return false;
	if (!strcmp(ci->vendor, "AuthenticAMD") && ci->family >= 0xf)
		return false;
	return true;
}

static uint32_t cpuid_apic_id(void)
{
	struct cpuid_regs r;

	cpuid(0, &r);
	if (r.eax >= 0xb) {
		cpuid_count(0xb, 0, &r);
		if (r.ebx)              /* leaf 0xB implemented: x2APIC ID in EDX */
			return r.edx;
	}
	cpuid(1, &r);
	return r.ebx >> 24;
}

static void ap_main(void *arg);

/* Called by the trampoline on the shared stack, with its lock held. */
void ap_entry(volatile uint32_t *lock);
void ap_entry(volatile uint32_t *lock)
{
	uint32_t id = cpuid_apic_id();

	for (unsigned i = 1; i < ncpus; i++) {
		struct percpu *p = cpus[i];
		if (p && p->apic_id == id) {
			call_on_stack(p->kstack + KSTACK_SIZE, ap_main, p);
		}
	}
	/* A CPU nobody asked for (not in the MADT): step aside. */
	*lock = 0;
	halt_forever();
}

static void ap_main(void *arg)
{
	struct percpu *p = arg;

	percpu_load(p);
	__atomic_store_n(tramp_lock, 0, __ATOMIC_RELEASE);      /* shared stack free */
	if (smp_closed)
		halt_forever();         /* too late: already reported as not online */
	lapic_cpu_init();
	p->online_tsc = rdtsc();
	p->online_us = tsc_to_us(p->online_tsc - t_first_init);
	__atomic_store_n(&p->online, true, __ATOMIC_RELEASE);
	pr_info("online: APIC ID %u, %llu us after the first INIT\n", p->apic_id,
		(unsigned long long)p->online_us);
	cpu_init(p);
	halt_forever();
}

static void stop_others(void)
{
	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i] && cpus[i]->online)
			lapic_send_ipi(cpus[i]->apic_id, APIC_DM_NMI);
}

static uint64_t setup_trampoline(const struct memmap *mm, const struct mem_range *ex,
				 unsigned nex)
{
	uint64_t page = memmap_find_low_page(mm, ex, nex);
	size_t len = (size_t)(tramp_end - tramp_start);

	if (!page)
		return 0;
	memcpy((void *)(uintptr_t)page, tramp_start, len);
	struct tramp_params *tp = (struct tramp_params *)(uintptr_t)(page + TRAMP_PARAMS_OFF);
	tp->cr3 = paging_cr3();
	tp->entry = (uint64_t)(uintptr_t)ap_entry;
	tp->stack = kalloc_pages(1, "AP start-up stack") + PAGE_SIZE;
	tp->efer = (uint32_t)(X86_EFER_LME | (boot_cpuinfo.nx ? X86_EFER_NXE : 0));
	tp->lock = 0;
	/* Offset 36: 4-byte aligned, so an ordinary pointer may reach it. */
	tramp_lock = (volatile uint32_t *)(uintptr_t)(page + TRAMP_PARAMS_OFF +
						      offsetof(struct tramp_params, lock));
	tp->far32 = (uint32_t)(page + (uint64_t)(tramp_p32 - tramp_start));
	tp->far32_sel = GDT_SEL_CODE32;
	tp->far64 = (uint32_t)(page + (uint64_t)(tramp_p64 - tramp_start));
	tp->far64_sel = GDT_SEL_CODE64;
	tp->gdt_limit = GDT_FLAT_ENTRIES * 8 - 1;
	tp->gdt_base = (uint32_t)(page + TRAMP_GDT_OFF);
	return page;
}

static unsigned count_online(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < ncpus; i++)
		n += cpus[i] && cpus[i]->online;
	return n;
}

static void send_all(uint32_t icr, bool only_missing)
{
	for (unsigned i = 1; i < ncpus; i++) {
		struct percpu *p = cpus[i];
		if ((only_missing && p->online) || p->error[0])
			continue;
		/* selftest=nosipi: leave the last AP alone, as if it never answered. */
		if (kopts.selftest == OPT_SELFTEST_NOSIPI && i == ncpus - 1)
			continue;
		if (!lapic_send_ipi(p->apic_id, icr))
			pr_warn("cpu%u (APIC ID %u): IPI 0x%x not accepted by the local APIC\n",
				i, p->apic_id, icr);
	}
}

unsigned smp_boot(const struct madt_info *mi, const struct memmap *mm,
		  const struct mem_range *exclude, unsigned nexclude)
{
	struct percpu *bsp = cpus[0];
	unsigned n = 1;

	bsp->apic_id = lapic_id();
	for (unsigned i = 0; i < mi->ncpus && n < MAX_CPUS; i++) {
		if (mi->cpus[i].apic_id == bsp->apic_id)
			continue;
		if (kopts.cpus && n >= kopts.cpus)
			break;
		struct percpu *p = (struct percpu *)(uintptr_t)kalloc_pages(
			sizeof(struct percpu) / PAGE_SIZE, "per-CPU data");
		percpu_setup(p, n, mi->cpus[i].apic_id);
		if (lapic_mode() == LAPIC_XAPIC && p->apic_id > 0xfe) {
			/* An 8-bit ICR destination would reach some other CPU. */
			snfmt(p->error, sizeof(p->error),
			      "APIC ID %u needs x2APIC mode (apic=xapic given): not started", p->apic_id);
			pr_warn("cpu%u: %s\n", n, p->error);
		}
		n++;
	}
	ncpus = n;
	panic_stop_others = stop_others;
	sys.smp_done = true;
	if (ncpus == 1)
		return 1;

	uint64_t page = setup_trampoline(mm, exclude, nexclude);
	if (!page) {
		report_fail("no free page below 1 MiB for the AP start-up trampoline");
		return 1;
	}
	bool slow = init_wait_needed();
	uint32_t vector = (uint32_t)(page >> PAGE_SHIFT);
	pr_info("smp: starting %u AP(s) via trampoline at 0x%llx (%s INIT-SIPI-SIPI timing)\n",
		ncpus - 1, (unsigned long long)page, slow ? "SDM" : "short");

	t_first_init = rdtsc();
	send_all(APIC_DM_INIT | APIC_ICR_LEVEL_ASSERT | APIC_ICR_TRIGGER_LEVEL, false);
	udelay(slow ? 10000 : 10);
	send_all(APIC_DM_STARTUP | vector, false);
	udelay(slow ? 200 : 10);
	send_all(APIC_DM_STARTUP | vector, true);

	uint64_t deadline = t_first_init + us_to_tsc(CHECKIN_TIMEOUT_US);
	while (count_online() < ncpus && (int64_t)(rdtsc() - deadline) < 0)
		cpu_relax();
	smp_closed = true;

	uint64_t last = t_first_init;
	for (unsigned i = 1; i < ncpus; i++) {
		struct percpu *p = cpus[i];
		if (!p->online && !p->error[0]) {
			pr_err("cpu%u (APIC ID %u) did not answer INIT-SIPI-SIPI within %u ms\n",
			       i, p->apic_id, CHECKIN_TIMEOUT_US / 1000);
			snfmt(p->error, sizeof(p->error), "did not answer INIT-SIPI-SIPI within %u ms",
			      CHECKIN_TIMEOUT_US / 1000);
		} else if (p->online_tsc > last) {
			last = p->online_tsc;
		}
	}
	sys.bringup_us = tsc_to_us(last - t_first_init);
	unsigned online = count_online();
	pr_info("smp: %u of %u CPUs online, last AP checked in %llu us after the first INIT\n",
		online, ncpus, (unsigned long long)sys.bringup_us);
	return online;
}

void smp_wait_done(uint64_t timeout_us)
{
	uint64_t deadline = rdtsc() + us_to_tsc(timeout_us);

	for (unsigned i = 1; i < ncpus; i++) {
		struct percpu *p = cpus[i];
		while (p->online && !p->done && !p->crashed && (int64_t)(rdtsc() - deadline) < 0)
			cpu_relax();
		if (p->online && !p->done && !p->crashed) {
			snfmt(p->error, sizeof(p->error), "did not finish its per-CPU work within %llu ms",
			      (unsigned long long)(timeout_us / 1000));
			pr_err("cpu%u: %s\n", i, p->error);
		}
	}
}
