/* SPDX-License-Identifier: MIT */
/*
 * Output sinks and the formatter.
 *
 * Pure code (decoders, dumps, the report) prints through a `struct out`
 * so the same code runs in the kernel (console sink) and in host tests and
 * tools (buffer or stdout sink).
 *
 * Formats: the printf subset listed at the top of lib/fmt.c (%s %c %d %i
 * %u %o %x %X %p %% with flags, width, precision and length modifiers).
 * %p prints 0x followed by 16 hex digits. A NULL `struct out *` discards.
 */
#ifndef PV_LIB_OUT_H
#define PV_LIB_OUT_H

#include <stdarg.h>
#include <stddef.h>

struct out {
	void (*write)(struct out *o, const char *s, size_t n);
};

/* A sink that fills a fixed buffer, always NUL-terminated, counts overflow. */
struct out_buf {
	struct out out;
	char *buf;
	size_t cap;     /* bytes available including the terminating NUL */
	size_t len;     /* bytes stored (excluding NUL) */
	size_t lost;    /* bytes dropped because the buffer was full */
};

void out_buf_init(struct out_buf *b, char *buf, size_t cap);

int vsnfmt(char *buf, size_t cap, const char *fmt, va_list ap);
int snfmt(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ovprintf(struct out *o, const char *fmt, va_list ap);
void oprintf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void oputs(struct out *o, const char *s);

#endif
