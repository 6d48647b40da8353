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

/*
 * The list grammar both parsers share: items "A", "A-B" or, where star is
 * allowed, "A*B", separated by commas; an empty string is no item. Each
 * item goes to take() (op 0, '-' or '*'; B = A for a lone number), which
 * may refuse it. -1 on a syntax error or a refused item, else 0.
 */
static int each_item(const char *s, bool star,
		     bool (*take)(void *ctx, uint64_t a, char op, uint64_t b), void *ctx)
{
	while (*s) {
		uint64_t a, b;
		char op = 0;

		if (!number(&s, &a))
			return -1;
		b = a;
		if (*s == '-' || (star && *s == '*')) {
			op = *s++;
			if (!number(&s, &b))
				return -1;
		}
		if (!take(ctx, a, op, b))
			return -1;
		if (*s && (*s++ != ',' || !*s))
			return -1;
	}
	return 0;
}

struct cpulist_ctx {
	uint64_t *bits;
	unsigned nbits;
	int count;
};

static bool cpulist_item(void *ctx, uint64_t a, char op, uint64_t b)
{
	struct cpulist_ctx *c = ctx;

	(void)op;
	if (b < a || b >= c->nbits)
		return false;
	for (uint64_t x = a; x <= b; x++) {
		if (!((c->bits[x / 64] >> (x % 64)) & 1))
			c->count++;
		c->bits[x / 64] |= 1ULL << (x % 64);
	}
	return true;
}

int cpulist_parse(const char *s, uint64_t *bits, unsigned nbits)
{
	struct cpulist_ctx c = { .bits = bits, .nbits = nbits };

	memset(bits, 0, (nbits + 63) / 64 * sizeof(uint64_t));
	return each_item(s, false, cpulist_item, &c) ? -1 : c.count;
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

struct numseq_ctx {
	uint64_t *v;
	unsigned max, n;
};

static bool numseq_item(void *ctx, uint64_t a, char op, uint64_t b)
{
	struct numseq_ctx *c = ctx;

	if (op == '-') {
		if (b < a || b - a >= c->max - c->n)
			return false;
		for (uint64_t x = a; x <= b; x++)
			c->v[c->n++] = x;
	} else if (op == '*') {
		if (b < 2 || b > c->max - c->n)
			return false;
		while (b--)
			c->v[c->n++] = a;
	} else {
		if (c->n == c->max)
			return false;
		c->v[c->n++] = a;
	}
	return true;
}

int numseq_parse(const char *s, uint64_t *v, unsigned max)
{
	struct numseq_ctx c = { .v = v, .max = max };

	return each_item(s, true, numseq_item, &c) ? -1 : (int)c.n;
}
