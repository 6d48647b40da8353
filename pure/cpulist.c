/* SPDX-License-Identifier: MIT */
/* Linux cpulists (pure/cpulist.h). */
#include "pure/cpulist.h"

unsigned cpulist_format(struct out *o, bool (*in)(const void *ctx, unsigned cpu),
			const void *ctx, unsigned n)
{
	unsigned count = 0;
	bool first = true;

	for (unsigned c = 0; c < n; c++) {
		unsigned last = c;

		if (!in(ctx, c))
			continue;
		while (last + 1 < n && in(ctx, last + 1))
			last++;
		oprintf(o, last > c ? "%s%u-%u" : "%s%u", first ? "" : ",", c, last);
		count += last - c + 1;
		first = false;
		c = last;
	}
	return count;
}

static bool bit_set(const void *ctx, unsigned cpu)
{
	const uint64_t *bits = ctx;

	return (bits[cpu / 64] >> (cpu % 64)) & 1;
}

unsigned cpulist_format_bits(struct out *o, const uint64_t *bits, unsigned n)
{
	return cpulist_format(o, bit_set, bits, n);
}
