/* SPDX-License-Identifier: MIT */
/*
 * Folding the report's per-CPU records (docs/report.md, schema 2): CPUs whose
 * records differ only in numbers (APIC ID, topology, times, TSC counts) are
 * written once, with one number sequence (pure/cpulist.h) per number that
 * varies. This file reads one record as the report wrote it: its "shape"
 * (the text with every number left out) and its numbers with their paths.
 * Pure code; it reads what lib/json.c writes (no whitespace, numbers only
 * as unsigned decimals) and treats any other number as part of the shape.
 */
#ifndef PV_PURE_JFOLD_H
#define PV_PURE_JFOLD_H

#include <stddef.h>
#include <stdint.h>
#include "lib/out.h"

#define JFOLD_MAX_NUMS  64      /* numbers a record may have (more: part of the shape) */

struct jfold_rec {
	uint64_t shape;                 /* FNV-1a hash of the text without its numbers */
	unsigned n;                     /* numbers found */
	uint64_t v[JFOLD_MAX_NUMS];
	uint32_t off[JFOLD_MAX_NUMS];   /* where each number starts in the text */
};

/* Read one JSON value (an object, as the report writes it). */
void jfold_read(const char *s, size_t len, struct jfold_rec *r);

/*
 * The dotted path of the number at offset off in s ("apic_id",
 * "topo.pkg", "exits.cpuid", "list[2]"), written to o; the outer object is
 * the root.
 */
void jfold_path(const char *s, size_t len, uint32_t off, struct out *o);

#endif
