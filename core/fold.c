/* SPDX-License-Identifier: MIT */
/* One line per outcome instead of one per CPU (core/fold.h). */
#include "core/fold.h"
#include "core/report.h"
#include "kernel/backend.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/percpu.h"
#include "lib/string.h"
#include "pure/checks.h"
#include "pure/cpulist.h"

static bool folding;

void fold_setup(void)
{
	folding = ncpus > FOLD_CPUS && console_level < LOG_DEBUG;
	if (!folding)
		return;
	for (unsigned i = 0; i < ncpus; i++) {
		struct percpu *p = cpus[i];

		p->log = (char *)(uintptr_t)kalloc_pages(FOLD_LOG_PAGES, "per-CPU kept log");
		p->log_cap = FOLD_LOG_PAGES * PAGE_SIZE;
		p->quiet = i != 0;      /* the boot CPU: only for its own work (core/stages.c) */
	}
	pr_info("console: %u CPUs: one line per outcome at the end, a CPU's own lines only "
		"where it differs (log=debug prints every line)\n", ncpus);
}

bool fold_active(void)
{
	return folding;
}

/* What CPU p ended with, in a few words. */
void fold_outcome(const struct percpu *p, char *buf, size_t n)
{
	struct out_buf b;

	out_buf_init(&b, buf, n);
	if (p->crashed) {
		oprintf(&b.out, "crashed in stage %s", cpu_stage_name(p->crash.stage));
		return;
	}
	if (!p->online) {
		oprintf(&b.out, "did not come online");
		return;
	}
	if (p->late) {
		oprintf(&b.out, "did not finish stage %s in time", cpu_stage_name(p->stage));
		return;
	}
	if (!p->done) {
		oprintf(&b.out, "did not finish (stage %s)", cpu_stage_name(p->stage));
		return;
	}
	if (sys.hv_done)
		oprintf(&b.out, "%s %s", hv->key, hv_state_names[p->hv]);
	if (sys.guest_stage && p->hv == HV_ON)
		oprintf(&b.out, ", guest %s", guest_state_names[p->guest]);
	if (p->checks) {
		unsigned pass, fail, skip;

		check_cpu_counts(p->checks, &pass, &fail, &skip);
		oprintf(&b.out, ", checks %u passed, %u failed, %u skipped", pass, fail, skip);
	}
}

void fold_summary_print(void)
{
	static char text[FOLD_MAX_OUTCOMES][128];
	static unsigned count[FOLD_MAX_OUTCOMES];
	unsigned nout = 0, other = 0, big = 0, shown = 0, differ = 0;
	uint8_t *group;
	char buf[128];

	if (!sys.smp_done || !ncpus)
		return;
	group = (uint8_t *)(uintptr_t)kalloc_pages(ALIGN_UP(ncpus, PAGE_SIZE) / PAGE_SIZE,
						   "outcome groups");
	for (unsigned i = 0; i < ncpus; i++) {
		unsigned g;

		fold_outcome(cpus[i], buf, sizeof(buf));
		for (g = 0; g < nout && strcmp(text[g], buf); g++)
			;
		if (g == nout && nout < FOLD_MAX_OUTCOMES) {
			memcpy(text[g], buf, sizeof(buf));
			count[g] = 0;
			nout++;
		}
		if (g == nout) {
			group[i] = 0xff;
			other++;
			continue;
		}
		group[i] = (uint8_t)g;
		count[g]++;
	}
	for (unsigned g = 1; g < nout; g++)
		if (count[g] > count[big])
			big = g;
	for (unsigned g = 0; g < nout; g++) {
		struct cpulist_w w;

		cpulist_begin(&w, con(), NULL);
		kprintf("cpu");
		for (unsigned i = 0; i < ncpus; i++)
			if (group[i] == g)
				cpulist_add(&w, i);
		cpulist_end(&w);
		kprintf(": %s\n", text[g]);
	}
	if (other)
		kprintf("%u more CPUs with outcomes of their own (see the report)\n", other);
	if (sys.cpus_left_oom)
		kprintf("cpu%u%s%u: not started: out of memory\n", ncpus,
			sys.cpus_left_oom > 1 ? "-" : "",
			sys.cpus_left_oom > 1 ? ncpus + sys.cpus_left_oom - 1 : ncpus);
	if (!folding)
		return;
	/* The kept lines of the CPUs that differ from the most common outcome. */
	for (unsigned i = 0; i < ncpus; i++) {
		if (group[i] == big || !cpus[i]->log_len)
			continue;
		differ++;
		if (shown < FOLD_MAX_LOGS && cpus[i]->log_len) {
			console_print_log(cpus[i]);
			shown++;
		}
	}
	if (differ > shown)
		kprintf("(%u differing CPUs' own lines not shown: log=debug prints every line)\n",
			differ - shown);
}
