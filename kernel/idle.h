/* SPDX-License-Identifier: MIT */
/*
 * Waiting without stealing (issue 17): the boot CPU waits for the APs (their
 * check-ins, then their results) asleep, not in a PAUSE loop, so an SMT
 * sibling or an emulator's other vCPUs get the core. The method is chosen
 * once (pure/idle.h): MONITOR/MWAIT on the line the APs write, else HLT with
 * interrupts on for one instruction, woken by the LAPIC timer at the wait's
 * next deadline and, once the boot CPU runs no more guests, by an IPI from
 * the AP that has news; else (wait=spin, no timer rate) a PAUSE loop.
 * An AP waits only at its end: halted with interrupts off (halt_forever).
 */
#ifndef PV_KERNEL_IDLE_H
#define PV_KERNEL_IDLE_H

#include <stdbool.h>
#include <stdint.h>

#define IDLE_WAKE_VECTOR        0xee    /* the sleep's timer and the APs' wake-up IPI */

struct percpu;

/* Choose the method on the boot CPU (its LAPIC set up, before any AP starts). */
void idle_setup(struct percpu *bsp);
/* The wake-up count; read it before looking at what is waited for. */
uint32_t idle_seq(void);
/*
 * Wait until the wake-up count moved from seen, the TSC passed until, or
 * something else woke the CPU (an NMI); the caller looks again either way.
 * ipi: APs may wake this sleep by IPI (not while a guest is still to run
 * here: an IPI that lands after the sleep stays requested and would exit
 * that guest at once).
 */
void idle_wait(uint32_t seen, uint64_t until, bool ipi);
/* An AP has news for the boot CPU (it checked in, it is done): wake its wait. */
void idle_kick(void);
/* The wake vector's (and a left-over watchdog timer's) interrupt: EOI only. */
void idle_interrupt(void);
/* pr_debug: how the waits of `what` went since the last call, then zero the counts. */
void idle_account(const char *what);

#endif
