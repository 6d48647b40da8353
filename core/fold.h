/* SPDX-License-Identifier: MIT */
/*
 * Console output that stays short on many CPUs (docs/design.md). Above
 * FOLD_CPUS CPUs (and not with log=debug) every CPU is quiet while it does
 * its own work (struct percpu quiet: its lines go to its log, errors and
 * warnings still print); at the end the boot CPU prints one line per
 * outcome with its CPU list ("cpu0-511: svm on, guest done"), then the kept
 * log of each CPU that differs from the most common outcome.
 */
#ifndef PV_CORE_FOLD_H
#define PV_CORE_FOLD_H

#include <stdbool.h>
#include <stddef.h>

/* The boot tests' machines (up to 16 CPUs) keep one line per CPU and step. */
#define FOLD_CPUS               16
#define FOLD_LOG_PAGES          1       /* each quiet CPU's log */
#define FOLD_MAX_OUTCOMES       32      /* distinct outcomes named; the rest: "other" */
#define FOLD_MAX_LOGS           8       /* differing CPUs whose log is printed */

/* Decided once the CPUs are set up (smp_boot): folding or not. */
void fold_setup(void);
bool fold_active(void);
/*
 * What CPU p ended with, in a few words ("svm on, guest done", "did not come
 * online", "crashed in stage guest"): CPUs with the same text agree (the
 * screen's CPU map may colour by it).
 */
struct percpu;
void fold_outcome(const struct percpu *p, char *buf, size_t n);
/* The outcome lines and the logs of the CPUs that differ (report, before the verdict). */
void fold_summary_print(void);

#endif
