/* SPDX-License-Identifier: MIT */
/* The check battery's driver (kernel/checkrun.h, docs/checks.md). */
#include "kernel/checkrun.h"
#include "arch/x86/cpu.h"
#include "kernel/backend.h"
#include "kernel/console.h"
#include "kernel/kalloc.h"
#include "kernel/kopts.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "lib/bits.h"
#include "lib/string.h"

bool checks_wanted(const struct percpu *p)
{
	return p->guest == GUEST_DONE && strcmp(kopts.checks, "none");
}

/* FAIL lines always, the others from log=info. */
static void print_record(const struct percpu *p, const struct check_record *r)
{
	if (r->result != CHECK_FAIL && console_level < LOG_INFO)
		return;
	kprintf("[cpu%u] ", p->index);
	check_record_print(con(), r);
}

/* cpu0 names every unknown check in checks= and selftest=break- once. */
static void validate_options(const struct check_battery *b)
{
	const char *names[CHECKS_MAX];
	unsigned n = MIN(b->count, (unsigned)CHECKS_MAX);

	for (unsigned i = 0; i < n; i++)
		names[i] = b->name(i);
	checks_list_unknown(kopts.checks, names, n, "checks=", con());
	if (kopts.check_break[0])
		checks_list_unknown(kopts.check_break, names, n, "selftest=break-", con());
}

/* A broken row's detail says so: "... [selftest=break-<list>]". */
static void append_break(struct check_record *r)
{
	size_t len = strnlen(r->detail, sizeof(r->detail) - 1);

	snfmt(r->detail + len, sizeof(r->detail) - len, "%s[selftest=break-%s]",
	      len ? " " : "", kopts.check_break);
}

void checks_run_battery(struct percpu *p, const struct check_battery *b)
{
	struct check_cpu *res;
	uint64_t ticks = 0;

	if (p->index == 0)
		validate_options(b);
	res = (struct check_cpu *)(uintptr_t)kalloc_pages(
		ALIGN_UP(sizeof(*res), PAGE_SIZE) / PAGE_SIZE, "check results");
	res->cpu = p->index;
	for (unsigned i = 0; i < b->count && res->n < CHECKS_MAX; i++) {
		struct check_record *r = &res->rec[res->n];
		bool broken;

		r->name = b->name(i);
		if (!checks_selected(kopts.checks, r->name))
			continue;
		broken = kopts.check_break[0] && checks_selected(kopts.check_break, r->name);
		if (b->unmet(b->ctx, i, r->detail, sizeof(r->detail))) {
			r->result = CHECK_SKIP;
		} else {
			uint64_t t0 = rdtsc();

			/* Until the row records otherwise: a run that ended without a verdict. */
			r->result = CHECK_FAIL;
			r->detail[0] = '\0';
			b->run(b->ctx, i, broken, r);
			ticks += rdtsc() - t0;
			if (broken)
				append_break(r);
		}
		res->n++;
		print_record(p, r);
	}
	res->us = tsc_to_us(ticks);	/* the checks themselves, not their console lines */
	p->checks = res;
}
