/* SPDX-License-Identifier: MIT */
/*
 * The boot CPU's sleep while the APs work (kernel/idle.h).
 *
 * No wake-up is lost: MWAIT arms the monitor (SDM Vol. 2B MONITOR) before
 * the count is read again, so a write after the read ends the MWAIT; with
 * HLT the sleeper publishes its APIC ID before reading the count and a
 * waker increments the count before reading the ID (both full barriers), so
 * one of the two sees the other. STI's one-instruction interrupt shadow
 * (SDM Vol. 2B STI) puts the HLT or MWAIT in the window, so an interrupt
 * that came before it ends it at once. Every sleep has the LAPIC timer
 * armed at its deadline: a wait still ends when no AP ever writes.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/msr-index.h"
#include "kernel/console.h"
#include "kernel/cpuinfo.h"
#include "kernel/idle.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "kernel/watchdog.h"
#include "pure/idle.h"
#include "pure/ticks.h"
#include "lib/string.h"

#define MONITOR_LINE            64      /* the count alone in its line (leaf 5's usual size) */

/* The wake-up count, alone in its line: only the APs' news ends a MWAIT on it. */
static struct {
	volatile uint32_t seq;
} __attribute__((aligned(MONITOR_LINE))) wake;
_Static_assert(sizeof(wake) == MONITOR_LINE, "the wake-up count fills its own line");
static volatile uint32_t sleeper;       /* APIC ID + 1 of a CPU asleep in HLT for IPIs, 0 none */
static enum idle_method method = IDLE_SPIN;
static uint64_t wake_timer_hz;

static struct {
	uint64_t sleeps, by_write, by_timer, by_other, ipis;
} st;

static void monitor(const volatile void *addr)
{
	__asm__ volatile("monitor" : : "a"(addr), "c"(0), "d"(0) : "memory");
}

/* C1 (hint 0), no extensions (ECX 0): interrupts end it only when RFLAGS.IF is 1. */
static void sti_mwait(void)
{
	__asm__ volatile("sti; mwait; cli" : : "a"(0), "c"(0) : "memory");
}

static void sti_hlt(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

void idle_setup(struct percpu *bsp)
{
	const struct cpuinfo *ci = &boot_cpuinfo;
	struct idle_facts f = {
		.max_leaf = ci->max_leaf,
		.intel = !strcmp(ci->vendor, "GenuineIntel"),
		.amd = !strcmp(ci->vendor, "AuthenticAMD") || !strcmp(ci->vendor, "HygonGenuine"),
	};
	struct cpuid_regs r;
	char why[96];

	cpuid(1, &r);
	f.cpuid1_ecx = r.ecx;
	if (f.max_leaf >= 5) {
		cpuid(5, &r);
		f.cpuid5_ebx = r.ebx;
	}
	if (f.intel)
		f.misc_enable_read = !rdmsr_safe(MSR_IA32_MISC_ENABLE, &f.misc_enable);
	if (f.amd)
		f.hwcr_read = !rdmsr_safe(MSR_K7_HWCR, &f.hwcr);
	if (kopts.wait != OPT_WAIT_SPIN)
		wake_timer_hz = watchdog_lapic_hz(bsp);
	f.timer = wake_timer_hz != 0;
	method = idle_choose(&f, kopts.wait, why, sizeof(why));
	pr_debug("wait: the boot CPU waits for the APs with %s (%s); an AP that is done halts "
		 "with interrupts off\n", idle_method_name(method), why);
}

uint32_t idle_seq(void)
{
	return __atomic_load_n(&wake.seq, __ATOMIC_ACQUIRE);
}

void idle_kick(void)
{
	__atomic_fetch_add(&wake.seq, 1, __ATOMIC_SEQ_CST);
	uint32_t id = __atomic_load_n(&sleeper, __ATOMIC_SEQ_CST);
	if (id && method == IDLE_HLT) {
		__atomic_fetch_add(&st.ipis, 1, __ATOMIC_RELAXED);
		lapic_send_ipi(id - 1, IDLE_WAKE_VECTOR);       /* fixed, physical, edge */
	}
}

void idle_interrupt(void)
{
	lapic_eoi();
}

/* The timer's count for the TSC ticks left, at least 1. */
static uint32_t timer_count(uint64_t tsc_left)
{
	uint64_t us = tsc_to_us(tsc_left);
	uint32_t got;

	if (us < 1000)          /* ticks_for_ms counts whole milliseconds */
		return (uint32_t)MAX(1, wake_timer_hz * us / 1000000);
	return ticks_for_ms(wake_timer_hz, (uint32_t)MIN(us / 1000, UINT32_MAX), &got);
}

void idle_wait(uint32_t seen, uint64_t until, bool ipi)
{
	uint64_t now = rdtsc();

	if ((int64_t)(now - until) >= 0)
		return;
	if (method == IDLE_SPIN) {
		while (idle_seq() == seen && (int64_t)(rdtsc() - until) < 0)
			cpu_relax();
		return;
	}
	st.sleeps++;
	if (method == IDLE_MWAIT) {
		monitor(&wake.seq);
		if (idle_seq() != seen) {
			st.by_write++;
			return;
		}
		lapic_timer_oneshot(IDLE_WAKE_VECTOR, timer_count(until - now), WATCHDOG_DIVIDE);
		sti_mwait();
	} else {
		if (ipi)
			__atomic_store_n(&sleeper, this_cpu()->apic_id + 1, __ATOMIC_SEQ_CST);
		if (idle_seq() != seen) {
			__atomic_store_n(&sleeper, 0, __ATOMIC_RELAXED);
			st.by_write++;
			return;
		}
		lapic_timer_oneshot(IDLE_WAKE_VECTOR, timer_count(until - now), WATCHDOG_DIVIDE);
		sti_hlt();
		__atomic_store_n(&sleeper, 0, __ATOMIC_RELAXED);
	}
	lapic_timer_stop();
	/* The timer may have fired after the CLI: take that interrupt now, not in a guest
	 * (requested, it is delivered as soon as STI's shadow ends and wakes the HLT). */
	for (unsigned k = 0; k < 4 && lapic_vector_set(APIC_IRR, IDLE_WAKE_VECTOR); k++)
		sti_hlt();
	if (idle_seq() != seen)
		st.by_write++;
	else if ((int64_t)(rdtsc() - until) >= 0)
		st.by_timer++;
	else
		st.by_other++;
}

void idle_account(const char *what)
{
	if (method != IDLE_SPIN)
		pr_debug("wait: %s: %llu sleeps by %s, %llu ended by an AP's write or IPI, %llu by the "
			 "timer, %llu otherwise (an NMI, a MWAIT that did not sleep); %llu wake-up IPIs\n", what,
			 (unsigned long long)st.sleeps, idle_method_name(method),
			 (unsigned long long)st.by_write, (unsigned long long)st.by_timer,
			 (unsigned long long)st.by_other, (unsigned long long)st.ipis);
	else
		pr_debug("wait: %s: PAUSE loop\n", what);
	memset(&st, 0, sizeof(st));
}
