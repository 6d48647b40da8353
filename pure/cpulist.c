/* SPDX-License-Identifier: MIT */
/* Linux cpulists and the report's number sequences (pure/cpulist.h). */
#include "pure/cpulist.h"
#include "lib/string.h"

static void item(struct cpulist_w *w)
{
	oprintf(w->o, "%s%s%llu", w->n ? "," : "", w->prefix ? w->prefix : "",
		(unsigned long long)w->first);
	if (w->last > w->first)
		oprintf(w->o, "-%llu", (unsigned long long)w->last);
	w->n++;
}

void cpulist_begin(struct cpulist_w *w, struct out *o, const char *prefix)
{
	*w = (struct cpulist_w){ .o = o, .prefix = prefix };
}

void cpulist_add(struct cpulist_w *w, uint64_t cpu)
{
	if (w->open && cpu <= w->last)
		return;
	if (w->open && cpu == w->last + 1) {
		w->last = cpu;
		return;
	}
	if (w->open)
		item(w);
	w->first = w->last = cpu;
	w->open = true;
}

unsigned cpulist_end(struct cpulist_w *w)
{
	if (w->open)
		item(w);
	w->open = false;
	return w->n;
}

unsigned cpulist_format(struct out *o, bool (*in)(const void *ctx, unsigned cpu),
			const void *ctx, unsigned n)
{
	struct cpulist_w w;
	unsigned count = 0;

	cpulist_begin(&w, o, NULL);
	for (unsigned c = 0; c < n; c++)
		if (in(ctx, c)) {
			cpulist_add(&w, c);
			count++;
		}
	cpulist_end(&w);
	return count;
}

static bool bit_set(const void *ctx, unsigned cpu)
{
	const uint64_t *bits = ctx;

	return (bits[cpu / 64] >> (cpu % 64)) & 1;
}

unsigned cpulist_print_bits(struct out *o, const uint64_t *bits, unsigned nbits)
{
	return cpulist_format(o, bit_set, bits, nbits);
}

/* A decimal number at *s (no sign, at most 19 digits); false if none. */
static bool number(const char **s, uint64_t *v)
{
	unsigned digits = 0;

	*v = 0;
	while (**s >= '0' && **s <= '9' && digits < 19) {
		*v = *v * 10 + (uint64_t)(**s - '0');
		(*s)++;
		digits++;
	}
	return digits && !(**s >= '0' && **s <= '9');
}

int cpulist_parse(const char *s, uint64_t *bits, unsigned nbits)
{
	int count = 0;

	memset(bits, 0, (nbits + 63) / 64 * sizeof(uint64_t));
	if (!*s)
		return 0;
	for (;;) {
		uint64_t a, b;

		if (!number(&s, &a))
			return -1;
		b = a;
		if (*s == '-') {
			s++;
			if (!number(&s, &b) || b < a)
				return -1;
		}
		if (b >= nbits)
			return -1;
		for (uint64_t c = a; c <= b; c++) {
			if (!((bits[c / 64] >> (c % 64)) & 1))
				count++;
			bits[c / 64] |= 1ULL << (c % 64);
		}
		if (!*s)
			return count;
		if (*s++ != ',')
			return -1;
	}
}

static void run(struct numseq_w *w)
{
	if (!w->n)
		return;
	oprintf(w->o, "%s%llu", w->any ? "," : "", (unsigned long long)w->first);
	if (w->n > 1 && w->step)
		oprintf(w->o, "-%llu", (unsigned long long)w->last);
	else if (w->n > 1)
		oprintf(w->o, "*%u", w->n);
	w->any = true;
	w->n = 0;
}

void numseq_begin(struct numseq_w *w, struct out *o)
{
	*w = (struct numseq_w){ .o = o };
}

void numseq_add(struct numseq_w *w, uint64_t v)
{
	if (w->n == 1) {
		if (v == w->first) {
			w->step = false;
		} else if (v == w->first + 1) {
			w->step = true;
		} else {
			run(w);
			goto start;
		}
		w->last = v;
		w->n++;
		return;
	}
	if (w->n > 1 && ((w->step && v == w->last + 1) || (!w->step && v == w->first))) {
		w->last = v;
		w->n++;
		return;
	}
	run(w);
start:
	w->first = w->last = v;
	w->n = 1;
}

void numseq_end(struct numseq_w *w)
{
	run(w);
}

int numseq_parse(const char *s, uint64_t *v, unsigned max)
{
	unsigned n = 0;

	if (!*s)
		return 0;
	for (;;) {
		uint64_t a, b;

		if (!number(&s, &a))
			return -1;
		if (*s == '-') {
			s++;
			if (!number(&s, &b) || b < a || b - a >= max - n)
				return -1;
			for (uint64_t x = a; x <= b; x++)
				v[n++] = x;
		} else if (*s == '*') {
			s++;
			if (!number(&s, &b) || b < 2 || b > max - n)
				return -1;
			while (b--)
				v[n++] = a;
		} else {
			if (n == max)
				return -1;
			v[n++] = a;
		}
		if (!*s)
			return (int)n;
		if (*s++ != ',')
			return -1;
	}
}
