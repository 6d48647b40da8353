/* SPDX-License-Identifier: MIT */
/*
 * The guest watchdog's timers (kernel/watchdog.h).
 *
 * The LAPIC timer's rate is not architectural (bus clock or core crystal),
 * so each CPU measures its own against the TSC just before arming (over
 * CALIBRATE_US), at the divide of 16 that keeps a second within 32 bits up
 * to a 68 GHz clock.
 * The interrupt it raises is never acknowledged and never delivered: with
 * external-interrupt exiting (VT-x) or the INTR intercept (AMD-V) it exits
 * the guest, and the host keeps RFLAGS.IF = 0, so it just stays requested
 * in the IRR after the guest is stopped (until the boot CPU's sleep, the one
 * place interrupts are open, takes it with an EOI: kernel/idle.c).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "kernel/console.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "kernel/watchdog.h"
#include "pure/ticks.h"

#define CALIBRATE_US            1000
#define SAMPLE_MAX_US           20      /* count and TSC read together, else again */
#define SAMPLE_TRIES            10

uint32_t watchdog_preemption_value(struct percpu *p, unsigned rate, uint32_t ms)
{
	uint32_t got;
	uint32_t ticks = ticks_for_ms((tsc_khz() * 1000) >> rate, ms, &got);

	p->watchdog_ms = got;
	p->watchdog_lapic = false;
	return ticks;
}

/*
 * The timer's count and the TSC read back to back; a sample whose two TSC
 * reads lie far apart (an SMI, or the emulator's thread descheduled) is
 * taken again. *tsc is the middle of the two reads.
 */
static uint32_t sample(uint64_t *tsc)
{
	uint64_t a, b;
	uint32_t count;

	for (unsigned i = 0; ; i++) {
		a = rdtsc();
		count = lapic_timer_current();
		b = rdtsc();
		if (b - a <= us_to_tsc(SAMPLE_MAX_US) || i == SAMPLE_TRIES)
			break;
	}
	*tsc = a + (b - a) / 2;
	return count;
}

/* The LAPIC timer's rate against the TSC over CALIBRATE_US, at WATCHDOG_DIVIDE. */
static uint64_t calibrate(void)
{
	uint64_t t0, t1;
	uint32_t c0, c1;

	/* The interrupt cannot fire: counting down from 2^32 - 1 takes > 1 ms here. */
	lapic_timer_oneshot(WATCHDOG_VECTOR, UINT32_MAX, WATCHDOG_DIVIDE);
	c0 = sample(&t0);
	udelay(CALIBRATE_US);
	c1 = sample(&t1);
	lapic_timer_stop();
	return timer_hz(c0 - c1, t1 - t0, tsc_khz());
}

uint64_t watchdog_lapic_hz(struct percpu *p)
{
	/* Measured once per CPU: the main guest, every check guest and the idle wait reuse it. */
	if (!p->lapic_timer_hz) {
		p->lapic_timer_hz = calibrate();
		pr_debug("watchdog: LAPIC timer at %llu Hz (divide %u)\n",
			 (unsigned long long)p->lapic_timer_hz, WATCHDOG_DIVIDE);
	}
	return p->lapic_timer_hz;
}

void watchdog_lapic_arm(struct percpu *p)
{
	uint64_t hz = watchdog_lapic_hz(p);
	uint32_t ticks, got;

	ticks = ticks_for_ms(hz, kopts.watchdog_ms, &got);
	p->watchdog_ms = got;
	p->watchdog_lapic = true;
	/* Not logged: the check battery arms it for every entry (a line each cost millions of
	 * instructions in Bochs under log=debug). */
	lapic_timer_oneshot(WATCHDOG_VECTOR, ticks, WATCHDOG_DIVIDE);
}

bool watchdog_lapic_fired(const struct percpu *p)
{
	return p->watchdog_lapic && lapic_timer_current() == 0;
}

void watchdog_lapic_disarm(struct percpu *p)
{
	if (p->watchdog_lapic)
		lapic_timer_stop();
}
