/* SPDX-License-Identifier: MIT */
/*
 * Linux cpulists ("0-3,8,10-11": ascending, runs of two or more folded as
 * a-b, "" when empty), the form the report (schema 2), the QR summary and
 * the final screen name sets of CPUs in. Pure code.
 */
#ifndef PV_PURE_CPULIST_H
#define PV_PURE_CPULIST_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/out.h"

/* Writes the CPUs i < n for which in(ctx, i) holds; returns how many there were. */
unsigned cpulist_format(struct out *o, bool (*in)(const void *ctx, unsigned cpu),
			const void *ctx, unsigned n);
/* The same over a bitmap: bit i of bits[i / 64] set for CPU i. */
unsigned cpulist_format_bits(struct out *o, const uint64_t *bits, unsigned n);

#endif
