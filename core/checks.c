/* SPDX-License-Identifier: MIT */
/* The check battery in the report: aggregation over every CPU (core/checks.h). */
#include "core/checks.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "pure/checks.h"

static struct check_agg agg;

/* NULL when no CPU ran the battery. */
static const struct check_agg *aggregate(void)
{
	static const struct check_cpu *res[MAX_CPUS];

	for (unsigned i = 0; i < ncpus && i < MAX_CPUS; i++)
		res[i] = cpus[i] ? cpus[i]->checks : NULL;
	checks_aggregate(&agg, res, ncpus < MAX_CPUS ? ncpus : MAX_CPUS);
	return agg.ncpus ? &agg : NULL;
}

void checks_report_summary(void)
{
	const struct check_agg *a = aggregate();

	if (!a)
		return;
	checks_summary_print(con(), a);
	for (unsigned i = 0; i < a->n; i++) {
		if (a->e[i].result != CHECK_FAIL)
			continue;
		kprintf("checks: %s FAILED on ", a->e[i].name);
		checks_print_cpus(con(), &a->e[i]);
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
		checks_print_cpus(&b.out, &a->e[i]);
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
