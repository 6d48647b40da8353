/* SPDX-License-Identifier: MIT */
/*
 * AP bring-up (SDM Vol. 3A 8.4.4.1, "Typical AP initialization sequence";
 * MP spec appendix B.4). All APs are started together: INIT to each, one
 * wait, STARTUP to each, a short wait, a second STARTUP to each AP not yet
 * checked in, then one deadline for all. Per-CPU IPIs (not a broadcast) so
 * CPUs the MADT lists as disabled are never woken.
 *
 * The APs run the trampoline in parallel, as in Linux 6.5's parallel
 * bring-up: each one reads its APIC ID and takes its stack and per-CPU data
 * from a table indexed by APIC ID that is filled before the first INIT
 * (arch/x86/trampoline.h), so no AP waits for another; an AP with no entry
 * records its APIC ID in the parameter block and halts in the trampoline, and
 * the boot CPU names it (selftest=notable leaves cpu1 out to prove it). What
 * still grows with the core count is the boot CPU's IPI loop: 5 instructions
 * an AP in x2APIC mode, 12 in xAPIC mode (docs/benchmarks.md).
 *
 * Delays: the SDM sequence waits 10 ms after INIT and 200 us after each
 * STARTUP. Linux (smpboot.c, init_udelay) drops the 10 ms INIT wait on
 * CPUs known not to need it -- Intel family 6 and later, AMD family 0xF and
 * later -- and so does picovisor unless sipi=sdm is given; the STARTUP waits
 * then shrink to 10 us as in Linux, the first one counted from the first
 * INIT.
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
#include "kernel/events.h"
#include "kernel/idle.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "pure/memmap.h"
#include "kernel/paging.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "core/report.h"
#include "core/selftest.h"
#include "core/fold.h"
#include "core/smp.h"
#include "core/topology.h"
#include "core/watch.h"
#include "lib/string.h"

/*
 * The check-in deadline follows the check-ins: the boot CPU waits while APs
 * keep checking in (or those online move on through their stages, see
 * progress()), and stops once nothing moved for the window -- CHECKIN_MS,
 * plus CHECKIN_PER_AP_MS for each AP started, plus CHECKIN_IPI_FACTOR times
 * what its own INIT and STARTUP loops took (a slow machine or emulator is slow
 * for the APs too) -- or after CHECKIN_MAX_WINDOWS windows in all. On real
 * hardware every AP is in within milliseconds, so a dead one costs one window;
 * an emulator running hundreds of vCPUs on one host thread brings them in
 * over seconds (255 QEMU vCPUs: 7-10 s on a busy 2-core host, 288: 16 s). The
 * report names the window (cpus.deadlines.checkin_ms).
 */
#define CHECKIN_MS              1000
#define CHECKIN_PER_AP_MS       2
#define CHECKIN_IPI_FACTOR      10
#define CHECKIN_MAX_WINDOWS     60
#define CHECKIN_POLL_US         1000    /* a look at the check-ins at least this often */

static volatile unsigned naps_online;   /* APs checked in: one counter to wait on, not N */

/*
 * Memory one CPU needs below 4 GiB: its per-CPU data, then what its own work
 * allocates as it goes (guest/guest.h's 2 MiB guest, aligned to 2 MiB in a
 * bump allocator so up to as much again is skipped, the backend's regions,
 * bitmaps and page tables, the check battery's guests): measured 2127 KiB a
 * CPU without the battery, 2300 with it (QEMU EPYC, mem.per_cpu_kib), so the
 * figures below keep a margin. An AP is set up only
 * while every CPU so far can still have this much: the others are named "not
 * started: out of memory" instead of one panicking half-way (docs/design.md).
 * SMP_RESERVE_KIB stays free for the tables set up afterwards.
 */
#define SMP_GUEST_KIB           (2048 + 128)    /* 2 MiB guest + what its alignment skips */
#define SMP_BACKEND_KIB         192             /* regions, bitmaps, page tables, VMCB copies */
#define SMP_BATTERY_KIB         512             /* the check battery's own guests */
#define SMP_RESERVE_KIB         1024

static uint64_t smp_per_cpu_kib(void)
{
	uint64_t kib = sizeof(struct percpu) / 1024 + SMP_GUEST_KIB + SMP_BACKEND_KIB +
		       FOLD_LOG_PAGES * PAGE_SIZE / 1024;

	if (strcmp(kopts.checks, "none"))
		kib += SMP_BATTERY_KIB;
	return kib;
}

static uint64_t smp_free_at_start;

/* Whether one more CPU (beyond ncpus set up so far, the boot CPU included) fits. */
static bool smp_memory_for_one_more_n(unsigned n)
{
	return smp_free_at_start >= SMP_RESERVE_KIB + (uint64_t)(n + 1) * smp_per_cpu_kib();
}

static uint64_t t_first_init;
static volatile bool smp_closed;        /* check-in deadline passed */
static struct tramp_params *tramp;      /* the parameter block in the low page */

/* The trampoline's constants must be the ones the rest of the kernel uses. */
_Static_assert(TRAMP_MSR_X2APIC_ID == X2APIC_MSR_BASE + (APIC_ID >> 4), "x2APIC ID MSR");

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

/*
 * Called by the trampoline on this AP's own stack, with the per-CPU data the
 * CPU table holds for its APIC ID (arch/x86/trampoline.S). Every AP gets
 * here at the same time: nothing before percpu_load is shared.
 */
void ap_entry(struct percpu *p, uint32_t apic_id);
void ap_entry(struct percpu *p, uint32_t apic_id)
{
	(void)apic_id;                  /* == p->apic_id: the trampoline matched it */
	percpu_load(p);
	if (smp_closed)
		halt_forever();         /* too late: already reported as not online */
	lapic_cpu_init();
	events_cpu_init(p);
	p->online_tsc = rdtsc();        /* bring-up ends here; its topology before it counts as online */
	p->online_us = tsc_to_us(p->online_tsc - t_first_init);
	topology_cpu(p);
	__atomic_store_n(&p->online, true, __ATOMIC_RELEASE);
	__atomic_fetch_add(&naps_online, 1, __ATOMIC_RELEASE);
	idle_kick();
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

/*
 * The APs to start, in logical CPU order (no error, and with selftest=nosipi
 * not the last one), and their APIC IDs in an array of their own: the IPI
 * loop touches nothing else, so the last AP is sent its INIT and STARTUP
 * barely later than the first.
 */
static unsigned nstart;
static struct percpu **start_cpu;
static uint32_t *start_apic_id;
static unsigned *start_failed;

/*
 * Copy the trampoline to a free page below 1 MiB and fill its parameter block
 * and CPU table: the entry at each started AP's APIC ID holds the top of its
 * kernel stack and its per-CPU data; every other entry stays zero. Done before
 * the first INIT; nothing changes it afterwards.
 */
static uint64_t setup_trampoline(const struct memmap *mm, const struct mem_range *ex,
				 unsigned nex)
{
	uint64_t page = memmap_find_low_page(mm, ex, nex);
	size_t len = (size_t)(tramp_end - tramp_start);

	if (!page)
		return 0;
	memcpy((void *)(uintptr_t)page, tramp_start, len);

	uint32_t nids = 0;
	for (unsigned i = 1; i < ncpus; i++)
		if (!cpus[i]->error[0] && cpus[i]->apic_id >= nids)
			nids = cpus[i]->apic_id + 1;
	/* Zeroed by kalloc; at least one page, even with no AP left to start. */
	size_t table_bytes = (size_t)nids * sizeof(struct tramp_cpu);
	size_t table_pages = table_bytes ? ALIGN_UP(table_bytes, PAGE_SIZE) / PAGE_SIZE : 1;
	uint64_t table_pa = kalloc_pages(table_pages, "AP start-up table");
	struct tramp_cpu *table = (struct tramp_cpu *)(uintptr_t)table_pa;
	for (unsigned i = 1; i < ncpus; i++) {
		struct percpu *p = cpus[i];
		if (p->error[0] || selftest_notable(p))
			continue;       /* not started (or left out on purpose): entry zero */
		table[p->apic_id] = (struct tramp_cpu){
			.stack = (uint64_t)(uintptr_t)(p->kstack + KSTACK_SIZE),
			.arg = (uint64_t)(uintptr_t)p,
		};
	}

	struct tramp_params *tp = (struct tramp_params *)(uintptr_t)(page + TRAMP_PARAMS_OFF);
	tramp = tp;
	tp->cr3 = paging_cr3();
	tp->entry = (uint64_t)(uintptr_t)ap_entry;
	tp->cpus = table_pa;
	tp->nids = nids;
	tp->efer = (uint32_t)(EFER_LME | (boot_cpuinfo.nx ? EFER_NXE : 0));
	tp->far32 = (uint32_t)(page + (uint64_t)(tramp_p32 - tramp_start));
	tp->far32_sel = GDT_SEL_CODE32;
	tp->far64 = (uint32_t)(page + (uint64_t)(tramp_p64 - tramp_start));
	tp->far64_sel = GDT_SEL_CODE64;
	tp->gdt_limit = GDT_FLAT_ENTRIES * 8 - 1;
	tp->gdt_base = (uint32_t)(page + TRAMP_GDT_OFF);
	/* An x2APIC ICR write is not serializing (SDM 10.12.3): the table must
	 * be visible before the first INIT leaves. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return page;
}

static unsigned count_online(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < ncpus; i++)
		n += cpus[i] && cpus[i]->online;
	return n;
}

/* APs that ran the trampoline and found no entry for their APIC ID. */
static unsigned count_strays(void)
{
	return __atomic_load_n(&tramp->nstray, __ATOMIC_ACQUIRE);
}

/*
 * Name every AP that halted in the trampoline for want of a table entry: a
 * CPU we started whose entry was missing gets the error that says so (the
 * report then names it); an APIC ID we did not start (one the MADT does not
 * list as it reads, say) is printed and noted on the CPUs that never came.
 */
static void name_strays(void)
{
	unsigned n = MIN(count_strays(), (unsigned)TRAMP_MAX_STRAY), odd = 0;
	uint32_t odd_id = 0;

	for (unsigned k = 0; k < n; k++) {
		uint32_t v = __atomic_load_n(&tramp->stray[k], __ATOMIC_ACQUIRE);
		if (!v)
			continue;       /* counted, its ID not stored yet */
		uint32_t id = v - 1;
		struct percpu *p = NULL;
		for (unsigned i = 1; i < ncpus && !p; i++)
			if (cpus[i]->apic_id == id && !cpus[i]->online && !cpus[i]->error[0])
				p = cpus[i];
		if (p) {
			pr_err("cpu%u (APIC ID %u) ran the start-up trampoline but found no entry for "
			       "its APIC ID in the AP start-up table: it halted there\n", p->index, id);
			snfmt(p->error, sizeof(p->error), "it ran the start-up trampoline but found "
			      "no entry for APIC ID %u in the AP start-up table, and halted there", id);
		} else {
			pr_err("smp: an AP with APIC ID %u, not one started, ran the start-up "
			       "trampoline and halted there\n", id);
			odd_id = id;
			odd++;
		}
	}
	if (count_strays() > n)
		pr_err("smp: %u more AP(s) halted in the start-up trampoline, their APIC IDs not "
		       "recorded\n", count_strays() - n);
	for (unsigned i = 1; odd && i < ncpus; i++)
		if (!cpus[i]->online && !cpus[i]->error[0])
			snfmt(cpus[i]->error, sizeof(cpus[i]->error), "no AP answered as APIC ID %u; "
			      "one answering as APIC ID %u%s halted in the start-up trampoline",
			      cpus[i]->apic_id, odd_id, odd > 1 ? " (and others)" : "");
}

static void ipi_failed(const struct percpu *p, uint32_t icr)
{
	pr_warn("cpu%u (APIC ID %u): IPI 0x%x not accepted by the local APIC\n",
		p->index, p->apic_id, icr);
}

/*
 * INIT or STARTUP to every AP in the start list, by lapic_send_ipi_each: in
 * x2APIC mode one WRMSR an AP (no delivery status, SDM 10.12.9); in xAPIC
 * mode two MMIO writes and the delivery-status wait an AP.
 */
static void send_start(uint32_t icr)
{
	unsigned nfailed = lapic_send_ipi_each(start_apic_id, nstart, icr, start_failed);

	for (unsigned k = 0; k < nfailed; k++)
		ipi_failed(start_cpu[start_failed[k]], icr);
}

/* The second STARTUP: only to the APs not yet checked in. */
static void send_start_missing(uint32_t icr)
{
	for (unsigned k = 0; k < nstart; k++)
		if (!start_cpu[k]->online && !lapic_send_ipi(start_cpu[k]->apic_id, icr))
			ipi_failed(start_cpu[k], icr);
}

/*
 * Some progress since the last look: APs checked in, or the stages of those
 * online moved on. An emulator running every vCPU on one host thread (QEMU's
 * round-robin TCG) gives each busy vCPU a 100 ms slice, so with hundreds of
 * them the APs not yet started wait seconds for their turn while those online
 * run their guests: that is progress, not a dead AP.
 */
static uint64_t progress(void)
{
	uint64_t sum = __atomic_load_n(&naps_online, __ATOMIC_ACQUIRE) + count_strays();

	for (unsigned i = 1; i < ncpus; i++)
		if (cpus[i]->online)
			sum += (uint64_t)__atomic_load_n(&cpus[i]->stage, __ATOMIC_ACQUIRE) << 16;
	return sum;
}

/* Until every AP checked in, there was no progress for a window, or the cap. */
static void wait_checkins(uint64_t deadline, uint64_t window, uint64_t cap)
{
	unsigned seen = 0;
	uint64_t mark = progress();
	uint64_t poll = us_to_tsc(CHECKIN_POLL_US);

	for (;;) {
		uint32_t seq = idle_seq();      /* before the look: a check-in after it wakes the wait */
		unsigned in = 1 + __atomic_load_n(&naps_online, __ATOMIC_ACQUIRE) + count_strays();
		uint64_t now = rdtsc();

		if (in >= ncpus || (int64_t)(now - cap) >= 0)
			break;
		if (in > seen) {
			seen = in;
			deadline = now + window;        /* a check-in: a new window */
		} else if ((int64_t)(now - deadline) >= 0) {
			uint64_t p = progress();

			if (p == mark)
				break;
			mark = p;                       /* the others moved on: a new window */
			deadline = now + window;
		}
		/* Asleep until a check-in (MWAIT), the next look or the deadline; no
		 * wake-up IPI: this CPU's own guest is still to run (kernel/idle.h). */
		idle_wait(seq, MIN(MIN(deadline, cap), now + poll), false);
	}
	idle_account("check-ins");
}

unsigned smp_boot(const struct madt_info *mi, const struct memmap *mm,
		  const struct mem_range *exclude, unsigned nexclude)
{
	struct percpu *bsp = cpus[0];
	unsigned n = 1, listed = 1;

	bsp->apic_id = lapic_id();
	for (unsigned i = 0; i < mi->ncpus; i++)
		listed += mi->cpus[i].apic_id != bsp->apic_id;
	sys.cpus_listed = listed;
	percpu_table_init(listed);
	sys.smp_alloc_kib = bump_allocated_kib(&kernel_bump);
	smp_free_at_start = bump_free_kib(&kernel_bump);
	for (unsigned i = 0; i < mi->ncpus; i++) {
		if (mi->cpus[i].apic_id == bsp->apic_id)
			continue;
		if (kopts.cpus && n >= kopts.cpus) {
			sys.cpus_left_user++;   /* the user's own limit: named, not a failure */
			continue;
		}
		if (!smp_memory_for_one_more_n(n)) {
			sys.cpus_left_oom++;
			continue;
		}
		struct percpu *p = (struct percpu *)(uintptr_t)kalloc_pages(
			sizeof(struct percpu) / PAGE_SIZE, "per-CPU data");
		percpu_setup(p, n, mi->cpus[i].apic_id);
		if (lapic_mode() == LAPIC_XAPIC && p->apic_id > 0xfe) {
			/* An 8-bit ICR destination would reach some other CPU. */
			snfmt(p->error, sizeof(p->error), "APIC ID %u needs x2APIC mode (%s): not started",
			      p->apic_id, kopts.apic == OPT_APIC_XAPIC ? "apic=xapic given"
			      : "the boot CPU has no x2APIC");
			pr_warn("cpu%u: %s\n", n, p->error);
		} else if (p->apic_id > TRAMP_MAX_APIC_ID) {
			snfmt(p->error, sizeof(p->error),
			      "APIC ID %u is above %u, the AP start-up table's limit: not started",
			      p->apic_id, TRAMP_MAX_APIC_ID);
			pr_warn("cpu%u: %s\n", n, p->error);
		}
		n++;
	}
	ncpus = n;
	fold_setup();                   /* before any AP prints */
	if (sys.cpus_left_user)
		pr_info("smp: %u of the %u CPUs the MADT lists left out by cpus=%u\n",
			sys.cpus_left_user, listed, kopts.cpus);
	if (sys.cpus_left_oom)
		pr_err("smp: %u of the %u CPUs the MADT lists not started: out of memory below 4 GiB "
		       "(%llu KiB a CPU)\n", sys.cpus_left_oom, listed,
		       (unsigned long long)smp_per_cpu_kib());
	start_cpu = (struct percpu **)(uintptr_t)kalloc_pages(
		ALIGN_UP((size_t)n * (2 * sizeof(void *) + sizeof(uint32_t)), PAGE_SIZE) / PAGE_SIZE,
		"AP start list");
	start_apic_id = (uint32_t *)(start_cpu + n);
	start_failed = (unsigned *)(start_apic_id + n);
	nstart = 0;
	for (unsigned i = 1; i < ncpus; i++) {
		/* selftest=nosipi: leave the last AP alone, as if it never answered. */
		if (cpus[i]->error[0] || (kopts.selftest == OPT_SELFTEST_NOSIPI && i == ncpus - 1))
			continue;
		start_cpu[nstart] = cpus[i];
		start_apic_id[nstart] = cpus[i]->apic_id;
		nstart++;
	}
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
	send_start(APIC_DM_INIT | APIC_ICR_LEVEL_ASSERT | APIC_ICR_TRIGGER_LEVEL);
	if (slow) {
		udelay(10000);          /* the SDM's 10 ms, after the last INIT */
	} else {
		/* 10 us from the first INIT: the STARTUP loop then follows the INIT
		 * loop at the same pace, so each AP still gets about 10 us (Linux
		 * gets by with none) and the INIT loop's length is not added to
		 * every AP's start. */
		uint64_t until = t_first_init + us_to_tsc(10);
		while ((int64_t)(rdtsc() - until) < 0)
			cpu_relax();
	}
	send_start(APIC_DM_STARTUP | vector);
	udelay(slow ? 200 : 10);
	send_start_missing(APIC_DM_STARTUP | vector);

	/* An AP that halted in the trampoline as a stray is accounted for too. */
	uint64_t loops_us = tsc_to_us(rdtsc() - t_first_init);
	sys.checkin_ms = CHECKIN_MS + CHECKIN_PER_AP_MS * nstart + CHECKIN_IPI_FACTOR * loops_us / 1000;
	uint64_t window = us_to_tsc(sys.checkin_ms * 1000);
	uint64_t cap = t_first_init + CHECKIN_MAX_WINDOWS * window;

	wait_checkins(t_first_init + window, window, cap);
	smp_closed = true;
	name_strays();

	uint64_t last = t_first_init;
	for (unsigned i = 1; i < ncpus; i++) {
		struct percpu *p = cpus[i];
		if (!p->online && !p->error[0]) {
			pr_err("cpu%u (APIC ID %u) did not answer INIT-SIPI-SIPI (no AP checked in "
			       "for %llu ms)\n", i, p->apic_id, (unsigned long long)sys.checkin_ms);
			snfmt(p->error, sizeof(p->error), "did not answer INIT-SIPI-SIPI (no AP checked "
			      "in for %llu ms)", (unsigned long long)sys.checkin_ms);
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
	watch_wait_done(timeout_us);    /* a deadline per stage of each AP: core/watch.c */
}
