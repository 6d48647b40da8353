/* SPDX-License-Identifier: MIT */
/*
 * The final screen's CPU map (docs/console.md): one character cell per CPU in
 * CPU order, a row per package starting with its label ("p0 ", blank on the
 * package's further rows), and when the cells do not fit in the rows given,
 * cells of `per` CPUs showing the worst kind among them. Pure code: the
 * caller colours the characters (core/screen_final.c).
 */
#ifndef PV_PURE_CPUMAP_H
#define PV_PURE_CPUMAP_H

#include <stdbool.h>
#include <stddef.h>

/* Worst last: a cell of several CPUs shows the highest. */
enum cpumap_kind { CPUMAP_OK, CPUMAP_OFFLINE, CPUMAP_FAILED, CPUMAP_CRASHED, CPUMAP_KINDS };

/* '+', '-', 'F', 'X' */
extern const char cpumap_chars[CPUMAP_KINDS];

struct cpumap_src {
	unsigned n;					/* CPUs 0 .. n-1 */
	enum cpumap_kind (*kind)(const void *ctx, unsigned cpu);
	unsigned (*package)(const void *ctx, unsigned cpu);
	const void *ctx;
};

struct cpumap_layout {
	unsigned per;		/* CPUs a cell */
	unsigned label;		/* width of the row label */
	unsigned rows;		/* rows written */
};

/*
 * Writes the map's rows, each at most `width` characters and NUL-terminated,
 * to text + r * stride (stride > width), at most max_rows of them; chooses the
 * smallest `per` that fits (at most n: with more packages than rows, the
 * rows that fit). Returns false, writing nothing, when the width holds no
 * cell or max_rows is 0.
 */
bool cpumap_draw(const struct cpumap_src *src, unsigned width, unsigned max_rows, char *text,
		 size_t stride, struct cpumap_layout *out);

#endif
