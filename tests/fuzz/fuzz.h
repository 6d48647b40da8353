/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer targets tests/fuzz/fuzz_*.c (each its own program,
 * linked with the pure sources, built with ASan+UBSan; docs/HACKING.md).
 * Every target feeds the fuzzer's bytes to the same pure code the kernel or a
 * host tool runs on that kind of input, and prints the result through a
 * buffer sink so the printers' formatting runs on fuzzed values too.
 */
#ifndef PV_TESTS_FUZZ_H
#define PV_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/out.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A sink that formats everything and keeps the first 16 KiB. */
static inline struct out *fuzz_out(void)
{
	static char buf[16384];
	static struct out_buf ob;

	out_buf_init(&ob, buf, sizeof(buf));
	return &ob.out;
}

/*
 * A heap copy of exactly n bytes, 8-byte aligned (malloc), so ASan reports
 * the first byte read past the end. Never NULL (aborts on no memory).
 */
static inline uint8_t *fuzz_copy(const uint8_t *d, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	if (!p)
		abort();
	if (n)
		memcpy(p, d, n);
	return p;
}

/* The same as a NUL-terminated string (an embedded NUL ends it early). */
static inline char *fuzz_str(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

static inline uint32_t fuzz_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t fuzz_le64(const uint8_t *p)
{
	return (uint64_t)fuzz_le32(p) | (uint64_t)fuzz_le32(p + 4) << 32;
}

/*
 * Set p[at] so that the bytes [p, p + len) sum to zero: a fuzzer would almost
 * never guess an ACPI checksum, and the code past the check is what matters.
 */
static inline void fuzz_fix_checksum(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;

	if (at >= len)
		return;
	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	p[at] = (uint8_t)-sum;
}

/* An ACPI table at p (n bytes): its checksum over min(Length, n) made valid. */
static inline void fuzz_fix_table(uint8_t *p, size_t n)
{
	size_t len;

	if (n < 10)
		return;
	len = n >= 8 ? fuzz_le32(p + 4) : 0;
	fuzz_fix_checksum(p, len < n ? len : n, 9);
}

#endif
