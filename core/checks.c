/* SPDX-License-Identifier: MIT */
/*
 * The check battery in the report: aggregation over every CPU (core/checks.h),
 * done once, by the first caller after the boot CPU stopped waiting for the
 * APs (the report); every later caller (summary, reason, JSON, the screen)
 * reads that one result.
 */
#include "core/checks.h"
#include "core/fold.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/percpu.h"
#include "pure/checks.h"

static struct check_agg agg;
static bool aggregated;

/* NULL when no CPU ran the battery. */
static const struct check_agg *aggregate(void)
{
	if (!aggregated) {
		size_t rbytes = (size_t)ncpus * sizeof(struct check_cpu *);
		size_t bbytes = checks_agg_words(ncpus) * sizeof(uint64_t);
		uint64_t pa = kalloc_pages(ALIGN_UP(rbytes + bbytes, PAGE_SIZE) / PAGE_SIZE,
					   "check aggregation");
		const struct check_cpu **res = (const struct check_cpu **)(uintptr_t)pa;

		for (unsigned i = 0; i < ncpus; i++)
			res[i] = cpus[i] ? cpus[i]->checks : NULL;
		checks_agg_set_storage(&agg, (uint64_t *)(uintptr_t)(pa + ALIGN_UP(rbytes, 8)),
				       ncpus);
		checks_aggregate(&agg, res, ncpus);
		aggregated = true;
	}
	return agg.ncpus ? &agg : NULL;
}

void checks_report_summary(void)
{
	const struct check_agg *a = aggregate();

	if (!a)
		return;
	checks_summary_print(con(), a);
	for (unsigned i = 0; i < a->n; i++) {
		/* Folded (core/fold.h): one line per check instead of one per check and CPU. */
		if (a->e[i].result != CHECK_FAIL && fold_active())
			kprintf("checks: %s %s on %u CPU%s: %s\n", a->e[i].name,
				check_result_name(a->e[i].result), a->e[i].ncpus,
				a->e[i].ncpus == 1 ? "" : "s", a->e[i].detail ? a->e[i].detail : "");
		if (a->e[i].result != CHECK_FAIL)
			continue;
		kprintf("checks: %s FAILED on ", a->e[i].name);
		checks_print_cpus(con(), a, &a->e[i]);
		kprintf(": %s\n", a->e[i].detail ? a->e[i].detail : "");
	}
}

bool checks_report_reason(char *buf, size_t n)
{
	const struct check_agg *a = aggregate();

	return a && checks_fail_reason(a, buf, n);
}

bool checks_failed_line(unsigned k, char *buf, size_t n)
{
	const struct check_agg *a = aggregate();

	for (unsigned i = 0; a && i < a->n; i++) {
		struct out_buf b;

		if (a->e[i].result != CHECK_FAIL || k--)
			continue;
		out_buf_init(&b, buf, n);
		oprintf(&b.out, "check %s FAILED on ", a->e[i].name);
		checks_print_cpus(&b.out, a, &a->e[i]);
		return true;
	}
	return false;
}

const struct check_agg *checks_agg(void)
{
	return aggregate();
}

void checks_report_json(struct json *j)
{
	const struct check_agg *a = aggregate();

	if (a)
		checks_agg_json(j, a);
}

void checks_report_cpu(struct json *j, const struct percpu *p)
{
	if (p->checks)
		check_cpu_json(j, p->checks);
}
