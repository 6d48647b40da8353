/* SPDX-License-Identifier: MIT */
/*
 * Linux cpulists ("0-3,8,10-11": ascending, a run of two or more folded
 * as a-b, "" when empty; Documentation/admin-guide/cgroup-v1/cpusets.rst
 * and lib/bitmap.c's bitmap_print_to_pagebuf spell them so) and number
 * sequences, the report's folded per-CPU columns (docs/report.md): values
 * in CPU order, a run of consecutive ascending values written a-b, a run of
 * one value repeated written v*n ("0-511,1024-1535" or "0*256,1*256").
 * Pure code: written as the values come, no storage of their own.
 */
#ifndef PV_PURE_CPULIST_H
#define PV_PURE_CPULIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/out.h"

/* A cpulist written CPU by CPU, in ascending order. */
struct cpulist_w {
	struct out *o;
	const char *prefix;     /* before each item ("cpu" for the console), or NULL */
	uint64_t first, last;
	unsigned n;             /* items written so far (runs count once) */
	bool open;              /* a run first..last is pending */
};

void cpulist_begin(struct cpulist_w *w, struct out *o, const char *prefix);
/* cpu must be above the last one added (others are ignored). */
void cpulist_add(struct cpulist_w *w, uint64_t cpu);
/* Writes the pending run; returns how many items the list has. */
unsigned cpulist_end(struct cpulist_w *w);

/* The CPUs i < n for which in(ctx, i) holds, as a cpulist; returns how many there were. */
unsigned cpulist_format(struct out *o, bool (*in)(const void *ctx, unsigned cpu),
			const void *ctx, unsigned n);
/* The set bits of bits[0 .. nbits-1] as a cpulist; returns how many there were. */
unsigned cpulist_print_bits(struct out *o, const uint64_t *bits, unsigned nbits);

/*
 * Parse a cpulist into a bitmap of nbits (cleared first). Returns the
 * number of CPUs, or -1 for bad syntax, a descending range or a CPU at or
 * above nbits.
 */
int cpulist_parse(const char *s, uint64_t *bits, unsigned nbits);

/* A number sequence written value by value. */
struct numseq_w {
	struct out *o;
	uint64_t first, last;
	unsigned n;             /* values in the pending run */
	bool step;              /* the pending run ascends by one (else repeats) */
	bool any;               /* something written already */
};

void numseq_begin(struct numseq_w *w, struct out *o);
void numseq_add(struct numseq_w *w, uint64_t v);
void numseq_end(struct numseq_w *w);

/* Parse a number sequence into v[0 .. max-1]; returns the count or -1 (bad, or more than max). */
int numseq_parse(const char *s, uint64_t *v, unsigned max);

#endif
