/* SPDX-License-Identifier: MIT */
/*
 * Scanning one line of text in place (no allocation, no NUL needed): the
 * log readers of the capability decoders (vmx/pure/caps_parse.c,
 * svm/pure/svm_caps_parse.c) and the fuzzers share it.
 */
#ifndef PV_LIB_SCAN_H
#define PV_LIB_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct scan {
	const char *p, *end;    /* what is left of the line */
};

bool scan_is_space(char ch);                    /* space, tab, CR */
void scan_skip_space(struct scan *c);
/* The text at c starts with s (nothing consumed). */
bool scan_starts_with(const struct scan *c, const char *s);
/* Skips spaces, then consumes w if it follows. */
bool scan_word(struct scan *c, const char *w);
/*
 * A hex number at c: "0x" (required when need_0x) and 1 to 16 digits, which
 * must end at a space, '=' or the end of the line. Consumed only on success.
 */
bool scan_hex(struct scan *c, bool need_0x, uint64_t *out);
/*
 * key (after spaces), then a number: hex with "0x" (as scan_hex), else
 * decimal digits, read while the value is below dec_max (a longer number
 * leaves its rest unread). False when the key or every digit is missing.
 */
bool scan_key_number(struct scan *c, const char *key, uint64_t dec_max, uint64_t *v);
/* The first needle in [p, end), or NULL. */
const char *scan_find(const char *p, const char *end, const char *needle);
/*
 * Each line of text[0, len) (ended by '\n'; a NUL ends the text) to fn with
 * its number from 1, without its newline. Stops at the first fn that
 * returns non-zero and returns that; 0 when every line was taken.
 */
typedef int (*scan_line_fn)(void *ctx, unsigned line, struct scan l);
int scan_lines(const char *text, size_t len, scan_line_fn fn, void *ctx);

/* CPUs a log names: picovisor numbers them below 8192 (kernel/percpu.h). */
#define SCAN_CPUS_MAX	8192
/*
 * Each CPU N (below SCAN_CPUS_MAX) that has a line "[cpuN] " followed by tag
 * (e.g. "vmcs: 0x"), once, in the order of its first such line: fn gets N and
 * the prefix "[cpuN] ". Returns the number of CPUs. Not reentrant (one static
 * bitmap of the CPUs seen).
 */
typedef void (*scan_cpu_fn)(void *ctx, int cpu, const char *prefix);
int scan_cpus(const char *text, size_t len, const char *tag, scan_cpu_fn fn, void *ctx);

#endif
