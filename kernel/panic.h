/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_PANIC_H
#define PV_KERNEL_PANIC_H

#include <stdbool.h>
#include <stddef.h>

struct trap_frame;

/* Print "PICOVISOR-PANIC cpu=N: <message>" and every CPU's stage, stop the other CPUs,
 * halt; on an AP, crash that CPU only (below). */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
/* The same for an unexpected exception, with the register dump. */
__attribute__((noreturn)) void panic_trap(const struct trap_frame *f);
/*
 * An AP's unexpected exception: recorded in its struct percpu (crashed,
 * crash, error), printed, and the CPU parked; the run goes on. panic() on an
 * AP does the same.
 */
__attribute__((noreturn)) void crash_trap(const struct trap_frame *f);
/* The same with more detail after the stage (a machine check's bank and status). */
__attribute__((noreturn)) void crash_trap_why(const struct trap_frame *f, const char *why);
/*
 * Record a crash on this CPU (crashed, crash, error) without parking it: the
 * boot CPU's uncorrected machine check whose interrupted code may resume
 * (kernel/events.c). The report then names it; the run goes on.
 */
void crash_note(const struct trap_frame *f, const char *why);
/* A trap on a CPU already crashing (a nested fault, an NMI): park, NMIs blocked. */
__attribute__((noreturn)) void crash_park(const struct trap_frame *f);
/*
 * Give back the locks this CPU holds or waits for (kernel/lock.h), f the
 * trap that ended it (NULL: none), after ending its half-written console
 * line. what (may be NULL): the locks, "" if none.
 */
void crash_release_locks(const struct trap_frame *f, char *what, size_t size);
bool panic_in_progress(void);

/* Hook set by the SMP code to stop the other CPUs (NMI IPI); may be NULL. */
extern void (*panic_stop_others)(void);

#endif
