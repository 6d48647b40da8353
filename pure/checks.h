/* SPDX-License-Identifier: MIT */
/*
 * The check battery's vendor-neutral half (docs/checks.md): a check's
 * result on one CPU, the kernel command line's selection (checks=), the
 * per-CPU and the run-wide aggregation, their console lines and the
 * report's JSON. Pure code: the backends (vmx/checks/, svm/checks/) run the
 * checks and fill a struct check_cpu per CPU; core/ aggregates them.
 */
#ifndef PV_PURE_CHECKS_H
#define PV_PURE_CHECKS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/json.h"
#include "lib/out.h"

#define CHECKS_MAX		64	/* rows one backend may have */
#define CHECK_DETAIL_MAX	224	/* why a check failed or was skipped, what it measured */
#define CHECKS_LIST_MAX		256	/* checks=a,b,c as given on the command line */
#define CHECK_NAME_MAX		32

enum check_result {
	CHECK_PASS,
	CHECK_FAIL,
	CHECK_SKIP,
};

/* One check on one CPU. */
struct check_record {
	const char *name;		/* the backend's table row: static storage */
	enum check_result result;
	char detail[CHECK_DETAIL_MAX];
};

/* One CPU's battery, in the order its backend ran it. */
struct check_cpu {
	unsigned cpu;
	unsigned n;
	uint64_t us;			/* the whole battery, microseconds */
	struct check_record rec[CHECKS_MAX];
};

/* "pass" | "fail" | "skip" (report), "PASS" | "FAIL" | "SKIP" (console). */
const char *check_result_name(enum check_result r);
const char *check_result_label(enum check_result r);

/* A check's outcome: the result and its detail text (printf-style). */
void check_record_vset(struct check_record *r, enum check_result result, const char *fmt,
		       va_list ap);

/* "check <name>: PASS", or with the detail: "check <name>: FAIL (<detail>)". */
void check_record_print(struct out *o, const struct check_record *r);
void check_cpu_counts(const struct check_cpu *c, unsigned *pass, unsigned *fail, unsigned *skip);
/* The per-CPU report keys: "checks": {"pass": N, "fail": N, "skip": N}, "checks_us": N. */
void check_cpu_json(struct json *j, const struct check_cpu *c);

/*
 * checks= (docs/cmdline.md): "all", "none", or a comma-separated list of
 * check names ([a-z0-9_], at most CHECK_NAME_MAX - 1 characters each).
 * checks_list_valid() is the syntax the command line accepts;
 * checks_selected() whether a check runs; checks_list_unknown() prints
 * every listed name that is not in names[] and returns how many.
 */
bool checks_list_valid(const char *list, size_t len);
bool checks_selected(const char *list, const char *name);
/* name is one of the comma-separated names of list (NULL: none); also entryskip=. */
bool checks_list_has(const char *list, const char *name);
unsigned checks_list_unknown(const char *list, const char *const names[], unsigned n,
			     const char *option, struct out *log);

/*
 * One check over every CPU that ran the battery: fail when any CPU failed,
 * else pass when any passed, else skip. detail: the first failing CPU's
 * (else the first CPU's) text.
 */
struct check_agg_entry {
	const char *name;
	enum check_result result;
	unsigned ncpus;			/* CPUs that ran this row */
	unsigned nfailed;
	uint64_t *failed;		/* bit n: cpu n failed (n below check_agg nbits) */
	const char *detail;
};

struct check_agg {
	unsigned ncpus;			/* CPUs that ran the battery */
	unsigned n;
	unsigned pass, fail, skip;	/* aggregated checks by result */
	uint64_t max_us;		/* the slowest CPU's battery */
	uint64_t *bits;			/* the failed-CPU bitmaps: CHECKS_MAX of nbits each */
	unsigned nbits;
	struct check_agg_entry e[CHECKS_MAX];
};

/*
 * Storage for the failed-CPU bitmaps of CPUs 0 .. nbits-1: checks_agg_words(nbits)
 * uint64_t, kept by checks_aggregate. A failing CPU at or above nbits still
 * counts in nfailed but is not named.
 */
size_t checks_agg_words(unsigned nbits);
void checks_agg_set_storage(struct check_agg *a, uint64_t *bits, unsigned nbits);

/* cpus[i] may be NULL (that CPU did not run the battery). Rows are matched by name. */
void checks_aggregate(struct check_agg *a, const struct check_cpu *const cpus[], unsigned n);
/* "checks: N passed, M failed, K skipped on C CPUs" */
void checks_summary_print(struct out *o, const struct check_agg *a);
/*
 * The report's top-level "checks": [{"name", "result", "cpus_failed", "detail"}, ...],
 * cpus_failed a Linux cpulist ("0,2-3"; report schema 2).
 */
void checks_agg_json(struct json *j, const struct check_agg *a);
/*
 * The report's reason when a check failed: "check mtf failed on cpu0, cpu1:
 * <detail>" (and "; N more checks failed" when there are others). Returns
 * false, buf untouched, when none failed.
 */
bool checks_fail_reason(const struct check_agg *a, char *buf, size_t n);
/* "cpu0, cpu2-5": the failed CPUs of one entry, ranges folded. */
void checks_print_cpus(struct out *o, const struct check_agg *a, const struct check_agg_entry *e);

#endif
