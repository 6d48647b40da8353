/* SPDX-License-Identifier: MIT */
/*
 * The boot CPU's wait for the APs. Every stage of every AP has its own
 * deadline, counted from when the AP entered it (struct percpu stage and
 * stage_tsc, set by core/cpu_init.c), so a CPU stuck in one stage is named
 * with that stage while the others are still waited for; a CPU that crashed
 * is not waited for at all. The guest stage's deadline gives the guest
 * watchdog (kernel/watchdog.h) its whole budget first.
 */
#include "arch/x86/cpu.h"
#include "core/watch.h"
#include "kernel/console.h"
#include "kernel/idle.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "kernel/watchdog.h"
#include "lib/string.h"

#define STAGE_MS        5000    /* a stage's deadline, ... */
#define STAGE_PER_CPU_MS 100    /* ... plus this per CPU: they share one serial console */
#define WATCH_SCAN_US   10000   /* how often the boot CPU reads every AP's stage unwoken */

static uint64_t stage_limit_ms(enum cpu_stage s)
{
	uint64_t ms = STAGE_MS + (uint64_t)STAGE_PER_CPU_MS * ncpus;

	if (s == STAGE_GUEST)
		return ms + kopts.watchdog_ms;
	if (s == STAGE_CHECKS)          /* a battery of guests, each with its own watchdog */
		return 2 * ms + 4ULL * kopts.watchdog_ms;
	return ms;
}

uint64_t watch_stage_limit_ms(int s)
{
	return stage_limit_ms((enum cpu_stage)s);
}

static void give_up(struct percpu *p, enum cpu_stage s, uint64_t ms)
{
	p->late = true;
	snfmt(p->error, sizeof(p->error), "did not finish stage %s within %llu ms",
	      cpu_stage_name(s), (unsigned long long)ms);
	pr_err("cpu%u %s\n", p->index, p->error);
}

void watch_wait_done(uint64_t timeout_us)
{
	uint64_t end = rdtsc() + us_to_tsc(timeout_us);
	uint64_t scan_gap = us_to_tsc(WATCH_SCAN_US);

	for (;;) {
		uint32_t seq = idle_seq();      /* before the scan: a CPU done after it wakes the wait */
		uint64_t now = rdtsc();
		bool waiting = false;

		for (unsigned i = 1; i < ncpus; i++) {
			struct percpu *p = cpus[i];

			if (!p || !p->online || p->done || p->crashed || p->late)
				continue;
			enum cpu_stage s = __atomic_load_n(&p->stage, __ATOMIC_ACQUIRE);
			uint64_t since = s == STAGE_BOOT ? p->online_tsc : p->stage_tsc;
			uint64_t ms = stage_limit_ms(s);

			if ((int64_t)(now - since - us_to_tsc(ms * 1000)) > 0)
				give_up(p, s, ms);
			else if ((int64_t)(now - end) > 0)
				give_up(p, s, tsc_to_us(now - since) / 1000);
			else
				waiting = true;
		}
		if (!waiting)
			break;
		/* Every CPU's record again when an AP is done (its wake-up), or after
		 * WATCH_SCAN_US for the deadlines: not N cache lines on every pass. */
		idle_wait(seq, now + scan_gap, true);
	}
	idle_account("the APs' results");
}
