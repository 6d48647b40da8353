/* SPDX-License-Identifier: MIT */
/*
 * The guest watchdog: a guest that runs watchdog= milliseconds (kernel
 * command line, default 1000: CMDLINE_WATCHDOG_MS) without ending is stopped and reported as "guest timed out after N ms" (docs/guest.md).
 * VT-x uses the VMX-preemption timer where the CPU has it; VT-x without it
 * and AMD-V use a one-shot local APIC timer, whose interrupt exits the guest
 * (external-interrupt exiting; the INTR intercept).
 */
#ifndef PV_KERNEL_WATCHDOG_H
#define PV_KERNEL_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

/* The error text; %u is the budget, %s the timer ("VMX-preemption timer", "LAPIC timer"). */
#define WATCHDOG_TIMEOUT_FMT    "guest timed out after %u ms (%s)"

#define WATCHDOG_VECTOR         0xef    /* the LAPIC timer's; left requested after a guest */
#define WATCHDOG_DIVIDE         16

struct percpu;

/* This CPU's LAPIC timer rate at WATCHDOG_DIVIDE, measured against the TSC once (0: it does not count). */
uint64_t watchdog_lapic_hz(struct percpu *p);

/*
 * VT-x: the VMX-preemption timer value for ms milliseconds (the main guest:
 * watchdog=), the timer counting at the TSC rate >> rate (IA32_VMX_MISC[4:0],
 * SDM Vol. 3C 26.5.1); sets p->watchdog_ms to the budget it gives (less when
 * 32 bits saturate).
 */
uint32_t watchdog_preemption_value(struct percpu *p, unsigned rate, uint32_t ms);
/* Start the LAPIC timer for the watchdog's budget on this CPU, just before the guest runs. */
void watchdog_lapic_arm(struct percpu *p);
/* The LAPIC watchdog fired (its interrupt is what exited the guest). */
bool watchdog_lapic_fired(const struct percpu *p);
/* Stop the LAPIC timer once the guest is over (nothing when it was not armed). */
void watchdog_lapic_disarm(struct percpu *p);

#endif
