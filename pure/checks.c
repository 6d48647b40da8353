/* SPDX-License-Identifier: MIT */
/*
 * The check battery's results, selection and aggregation (pure/checks.h).
 * Output follows kvm-unit-tests: one PASS/FAIL/SKIP line per check and
 * one summary line per run.
 */
#include "lib/bits.h"
#include "lib/string.h"
#include "pure/checks.h"
#include "pure/cpulist.h"

const char *check_result_name(enum check_result r)
{
	switch (r) {
	case CHECK_PASS:
		return "pass";
	case CHECK_FAIL:
		return "fail";
	case CHECK_SKIP:
		return "skip";
	}
	return "?";
}

const char *check_result_label(enum check_result r)
{
	switch (r) {
	case CHECK_PASS:
		return "PASS";
	case CHECK_FAIL:
		return "FAIL";
	case CHECK_SKIP:
		return "SKIP";
	}
	return "?";
}

void check_record_vset(struct check_record *r, enum check_result result, const char *fmt,
		       va_list ap)
{
	r->result = result;
	vsnfmt(r->detail, sizeof(r->detail), fmt, ap);
}

void check_record_print(struct out *o, const struct check_record *r)
{
	oprintf(o, "check %s: %s", r->name, check_result_label(r->result));
	if (r->detail[0])
		oprintf(o, " (%s)", r->detail);
	oputs(o, "\n");
}

void check_cpu_counts(const struct check_cpu *c, unsigned *pass, unsigned *fail, unsigned *skip)
{
	*pass = *fail = *skip = 0;
	for (unsigned i = 0; i < c->n && i < CHECKS_MAX; i++) {
		switch (c->rec[i].result) {
		case CHECK_PASS:
			(*pass)++;
			break;
		case CHECK_FAIL:
			(*fail)++;
			break;
		case CHECK_SKIP:
			(*skip)++;
			break;
		}
	}
}

void check_cpu_json(struct json *j, const struct check_cpu *c)
{
	unsigned pass, fail, skip;

	check_cpu_counts(c, &pass, &fail, &skip);
	json_obj_begin(j, "checks");
	json_u64(j, "pass", pass);
	json_u64(j, "fail", fail);
	json_u64(j, "skip", skip);
	json_obj_end(j);
	json_u64(j, "checks_us", c->us);
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool checks_list_valid(const char *list, size_t len)
{
	size_t word = 0;

	if (len == 0 || len >= CHECKS_LIST_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (list[i] == ',') {
			if (word == 0)
				return false;	/* empty name: ",x", "x,,y" */
			word = 0;
		} else if (name_char(list[i]) && ++word < CHECK_NAME_MAX) {
			continue;
		} else {
			return false;
		}
	}
	return word > 0;
}

/* name is one of the comma-separated words of list. */
bool checks_list_has(const char *list, const char *name)
{
	size_t n = strlen(name);

	while (list && *list) {
		const char *w = list;
		size_t len = 0;

		while (w[len] && w[len] != ',')
			len++;
		if (len == n && !strncmp(w, name, n))
			return true;
		list = w[len] ? w + len + 1 : w + len;
	}
	return false;
}

bool checks_selected(const char *list, const char *name)
{
	if (!list || !list[0] || !strcmp(list, "all"))
		return true;
	if (!strcmp(list, "none"))
		return false;
	return checks_list_has(list, name) || checks_list_has(list, "all");
}

unsigned checks_list_unknown(const char *list, const char *const names[], unsigned n,
			     const char *option, struct out *log)
{
	unsigned unknown = 0;

	if (!list || !strcmp(list, "all") || !strcmp(list, "none"))
		return 0;
	while (*list) {
		size_t len = 0;
		bool known = false;

		while (list[len] && list[len] != ',')
			len++;
		for (unsigned i = 0; i < n && !known; i++)
			known = strlen(names[i]) == len && !strncmp(names[i], list, len);
		if (!known && !(len == 3 && !strncmp(list, "all", 3))) {
			oprintf(log, "checks: no check named \"%.*s\" (%s); known:", (int)len, list,
				option);
			for (unsigned i = 0; i < n; i++)
				oprintf(log, " %s", names[i]);
			oputs(log, "\n");
			unknown++;
		}
		list += list[len] ? len + 1 : len;
	}
	return unknown;
}

static size_t words_per_entry(unsigned nbits)
{
	return (nbits + 63) / 64;
}

size_t checks_agg_words(unsigned nbits)
{
	return CHECKS_MAX * words_per_entry(nbits);
}

void checks_agg_set_storage(struct check_agg *a, uint64_t *bits, unsigned nbits)
{
	a->bits = bits;
	a->nbits = bits ? nbits : 0;
}

static struct check_agg_entry *agg_find(struct check_agg *a, const char *name)
{
	for (unsigned i = 0; i < a->n; i++)
		if (!strcmp(a->e[i].name, name))
			return &a->e[i];
	if (a->n == CHECKS_MAX)
		return NULL;
	a->e[a->n] = (struct check_agg_entry){
		.name = name, .result = CHECK_SKIP,
		.failed = a->bits ? a->bits + a->n * words_per_entry(a->nbits) : NULL,
	};
	return &a->e[a->n++];
}

void checks_aggregate(struct check_agg *a, const struct check_cpu *const cpus[], unsigned n)
{
	uint64_t *bits = a->bits;
	unsigned nbits = a->nbits;

	memset(a, 0, sizeof(*a));
	checks_agg_set_storage(a, bits, nbits);
	if (bits)
		memset(bits, 0, checks_agg_words(nbits) * sizeof(*bits));
	for (unsigned c = 0; c < n; c++) {
		const struct check_cpu *cc = cpus[c];

		if (!cc)
			continue;
		a->ncpus++;
		a->max_us = MAX(a->max_us, cc->us);
		for (unsigned i = 0; i < cc->n && i < CHECKS_MAX; i++) {
			const struct check_record *r = &cc->rec[i];
			struct check_agg_entry *e = agg_find(a, r->name);

			if (!e)
				continue;
			if (!e->ncpus++)
				e->detail = r->detail;
			if (r->result == CHECK_FAIL) {
				if (!e->nfailed++)
					e->detail = r->detail;
				if (e->failed && cc->cpu < a->nbits)
					e->failed[cc->cpu / 64] |= 1ULL << (cc->cpu % 64);
				e->result = CHECK_FAIL;
			} else if (r->result == CHECK_PASS && e->result == CHECK_SKIP) {
				e->result = CHECK_PASS;
				if (!e->nfailed)
					e->detail = r->detail;
			}
		}
	}
	for (unsigned i = 0; i < a->n; i++) {
		if (a->e[i].result == CHECK_PASS)
			a->pass++;
		else if (a->e[i].result == CHECK_FAIL)
			a->fail++;
		else
			a->skip++;
	}
}

void checks_summary_print(struct out *o, const struct check_agg *a)
{
	oprintf(o, "checks: %u passed, %u failed, %u skipped on %u CPU%s\n", a->pass, a->fail,
		a->skip, a->ncpus, a->ncpus == 1 ? "" : "s");
}

static bool failed_on(const struct check_agg_entry *e, unsigned nbits, unsigned cpu)
{
	return e->failed && cpu < nbits && (e->failed[cpu / 64] >> (cpu % 64)) & 1;
}

void checks_print_cpus(struct out *o, const struct check_agg *a, const struct check_agg_entry *e)
{
	unsigned nbits = a->nbits;
	bool first = true;

	for (unsigned c = 0; c < nbits; c++) {
		unsigned last = c;

		if (!failed_on(e, nbits, c))
			continue;
		while (last + 1 < nbits && failed_on(e, nbits, last + 1))
			last++;
		oprintf(o, "%scpu%u", first ? "" : ", ", c);
		if (last > c)
			oprintf(o, "-%u", last);
		first = false;
		c = last;
	}
}

void checks_agg_json(struct json *j, const struct check_agg *a)
{
	json_arr_begin(j, "checks");
	for (unsigned i = 0; i < a->n; i++) {
		const struct check_agg_entry *e = &a->e[i];

		json_obj_begin(j, NULL);
		json_str(j, "name", e->name);
		json_str(j, "result", check_result_name(e->result));
		json_str_begin(j, "cpus_failed");
		if (e->failed)
			cpulist_print_bits(j->o, e->failed, a->nbits);
		json_str_end(j);
		json_str(j, "detail", e->detail ? e->detail : "");
		json_obj_end(j);
	}
	json_arr_end(j);
}

bool checks_fail_reason(const struct check_agg *a, char *buf, size_t n)
{
	const struct check_agg_entry *first = NULL;
	struct out_buf b;

	for (unsigned i = 0; i < a->n && !first; i++)
		if (a->e[i].result == CHECK_FAIL)
			first = &a->e[i];
	if (!first)
		return false;
	out_buf_init(&b, buf, n);
	oprintf(&b.out, "check %s failed on ", first->name);
	checks_print_cpus(&b.out, a, first);
	if (first->detail && first->detail[0])
		oprintf(&b.out, ": %s", first->detail);
	if (a->fail > 1)
		oprintf(&b.out, "; %u more check%s failed", a->fail - 1, a->fail == 2 ? "" : "s");
	return true;
}
