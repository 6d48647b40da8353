/* SPDX-License-Identifier: MIT */
/* The CPU map's layout (pure/cpumap.h). */
#include <stdbool.h>
#include "lib/out.h"
#include "pure/cpumap.h"

const char cpumap_chars[CPUMAP_KINDS] = { '+', '-', 'F', 'X' };

static unsigned packages(const struct cpumap_src *s)
{
	unsigned top = 0;

	for (unsigned i = 0; i < s->n; i++)
		if (s->package(s->ctx, i) > top)
			top = s->package(s->ctx, i);
	return s->n ? top + 1 : 0;
}

static unsigned package_cpus(const struct cpumap_src *s, unsigned pkg)
{
	unsigned k = 0;

	for (unsigned i = 0; i < s->n; i++)
		k += s->package(s->ctx, i) == pkg;
	return k;
}

static unsigned rows_needed(const struct cpumap_src *s, unsigned npkg, unsigned per, unsigned w)
{
	unsigned rows = 0;

	for (unsigned pkg = 0; pkg < npkg; pkg++) {
		unsigned cells = (package_cpus(s, pkg) + per - 1) / per;
		rows += (cells + w - 1) / w;
	}
	return rows;
}

bool cpumap_draw(const struct cpumap_src *s, unsigned width, unsigned max_rows, char *text,
		 size_t stride, struct cpumap_layout *out)
{
	unsigned npkg = packages(s), w, per = 1, r = 0;
	char tmp[16];

	out->label = (unsigned)snfmt(tmp, sizeof(tmp), "p%u ", npkg ? npkg - 1 : 0);
	out->per = 1;
	out->rows = 0;
	if (!max_rows || width <= out->label || stride <= width)
		return false;
	w = width - out->label;
	while (rows_needed(s, npkg, per, w) > max_rows && per < s->n)
		per++;
	out->per = per;
	for (unsigned pkg = 0; pkg < npkg && r < max_rows; pkg++) {
		unsigned total = package_cpus(s, pkg), seen = 0, in_cell = 0, col = w;
		enum cpumap_kind worst = CPUMAP_OK;
		char *row = NULL;

		for (unsigned i = 0; i < s->n && total; i++) {
			enum cpumap_kind k;

			if (s->package(s->ctx, i) != pkg)
				continue;
			k = s->kind(s->ctx, i);
			if (k > worst && k < CPUMAP_KINDS)
				worst = k;
			seen++;
			if (++in_cell < per && seen < total)
				continue;
			if (col == w) {
				if (r == max_rows)
					break;
				row = text + (size_t)r * stride;
				/* "p0 " on the package's first row, blanks under it. */
				if (seen <= per)
					snfmt(row, stride, "p%-*u", (int)out->label - 1, pkg);
				else
					snfmt(row, stride, "%*s", (int)out->label, "");
				r++;
				col = 0;
			}
			row[out->label + col] = cpumap_chars[worst];
			row[out->label + col + 1] = '\0';
			col++;
			in_cell = 0;
			worst = CPUMAP_OK;
		}
	}
	out->rows = r;
	return true;
}
