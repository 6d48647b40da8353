/* SPDX-License-Identifier: MIT */
/*
 * The check battery in the report (docs/checks.md, docs/report.md): every
 * CPU's results (struct percpu checks) aggregated by pure/checks.c into the
 * summary line, the status reason and the report's keys.
 */
#ifndef PV_CORE_CHECKS_H
#define PV_CORE_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include "lib/json.h"

struct percpu;
struct check_agg;

/* "checks: N passed, M failed, K skipped on C CPUs" and a line per failed check. */
void checks_report_summary(void);
/* The reason naming the first failed check and its CPUs; false when none failed. */
bool checks_report_reason(char *buf, size_t n);
/* The k-th failed check (from 0), for the screen: "check NAME FAILED on cpu0-3"; false when none. */
bool checks_failed_line(unsigned k, char *buf, size_t n);
/* The battery aggregated over every CPU (pure/checks.h), NULL when no CPU ran it. */
const struct check_agg *checks_agg(void);
/* Top level: "checks": [...] (only when some CPU ran the battery). */
void checks_report_json(struct json *j);
/* Per CPU: "checks": {...}, "checks_us" (only when this CPU ran it). */
void checks_report_cpu(struct json *j, const struct percpu *p);

#endif
