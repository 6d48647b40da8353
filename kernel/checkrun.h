/* SPDX-License-Identifier: MIT */
/*
 * The check battery's driver, the same for both backends (docs/checks.md):
 * on one CPU, every row selected by checks= in table order, each skipped
 * with the backend's reason or run by the backend, timed, its line printed,
 * the results left in p->checks for the report. The backend knows its rows;
 * this knows the selection, selftest=break-, the records and the timing.
 */
#ifndef PV_KERNEL_CHECKRUN_H
#define PV_KERNEL_CHECKRUN_H

#include <stdbool.h>
#include <stddef.h>
#include "pure/checks.h"

struct percpu;

/* One backend's rows, seen by the driver. */
struct check_battery {
	unsigned count;
	void *ctx;			/* the backend's per-CPU check state */
	const char *(*name)(unsigned row);
	/* Why row cannot run here (written to why), or false when it can. */
	bool (*unmet)(void *ctx, unsigned row, char *why, size_t n);
	/* Run row (broken: selftest=break-<row>); the result and its detail into r
	 * (FAIL with no detail until the row records its own). */
	void (*run)(void *ctx, unsigned row, bool broken, struct check_record *r);
};

/* This CPU runs the battery: its main guest is done and checks= is not "none". */
bool checks_wanted(const struct percpu *p);
/* Run every selected row on this CPU and set p->checks. */
void checks_run_battery(struct percpu *p, const struct check_battery *b);

#endif
