/* SPDX-License-Identifier: MIT */
/*
 * The formatter: a small printf subset, pure code (no globals, no I/O).
 * Output goes through struct out; snfmt/vsnfmt wrap a buffer sink.
 */
#include <stdint.h>
#include <stdbool.h>
#include "core/out.h"
#include "core/string.h"

struct spec {
	bool left;      /* '-' */
	bool zero;      /* '0' */
	int width;
	int prec;       /* -1: none */
};

static void emit_pad(struct out *o, char c, int n)
{
	char pad[16];
	for (int i = 0; i < (int)sizeof(pad); i++)
		pad[i] = c;
	while (n > 0) {
		int k = n > (int)sizeof(pad) ? (int)sizeof(pad) : n;
		o->write(o, pad, (size_t)k);
		n -= k;
	}
}

static void emit_field(struct out *o, const struct spec *sp, const char *s,
		       size_t n, const char *prefix)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	int pad = sp->width - (int)(n + plen);

	if (pad > 0 && !sp->left && !sp->zero)
		emit_pad(o, ' ', pad);
	if (plen)
		o->write(o, prefix, plen);
	if (pad > 0 && !sp->left && sp->zero)
		emit_pad(o, '0', pad);
	o->write(o, s, n);
	if (pad > 0 && sp->left)
		emit_pad(o, ' ', pad);
}

static size_t utoa_rev(char *end, uint64_t v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t n = 0;
	do {
		*--end = digits[v % base];
		v /= base;
		n++;
	} while (v);
	return n;
}

void ovprintf(struct out *o, const char *fmt, va_list ap)
{
	const char *p = fmt;

	while (*p) {
		const char *lit = p;
		while (*p && *p != '%')
			p++;
		if (p != lit)
			o->write(o, lit, (size_t)(p - lit));
		if (!*p)
			break;
		p++; /* '%' */

		struct spec sp = { .left = false, .zero = false, .width = 0, .prec = -1 };
		for (;; p++) {
			if (*p == '-')
				sp.left = true;
			else if (*p == '0')
				sp.zero = true;
			else
				break;
		}
		if (*p == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				sp.width = sp.width * 10 + (*p++ - '0');
		}
		if (*p == '.') {
			p++;
			sp.prec = 0;
			if (*p == '*') {
				sp.prec = va_arg(ap, int);
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					sp.prec = sp.prec * 10 + (*p++ - '0');
			}
		}
		int lng = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
		if (*p == 'l') {
			lng = 1;
			p++;
			if (*p == 'l') {
				lng = 2;
				p++;
			}
		} else if (*p == 'z') {
			lng = 3;
			p++;
		}

		char num[24];
		char *end = num + sizeof(num);
		char c = *p;
		if (!c)
			break;
		p++;

		switch (c) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = sp.prec >= 0 ? strnlen(s, (size_t)sp.prec) : strlen(s);
			sp.zero = false;
			emit_field(o, &sp, s, n, NULL);
			break;
		}
		case 'c': {
			char ch = (char)va_arg(ap, int);
			sp.zero = false;
			emit_field(o, &sp, &ch, 1, NULL);
			break;
		}
		case 'd':
		case 'i': {
			int64_t v;
			if (lng == 1)
				v = va_arg(ap, long);
			else if (lng == 2)
				v = va_arg(ap, long long);
			else if (lng == 3)
				v = (int64_t)va_arg(ap, size_t);
			else
				v = va_arg(ap, int);
			uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			size_t n = utoa_rev(end, u, 10, false);
			emit_field(o, &sp, end - n, n, v < 0 ? "-" : NULL);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t u;
			if (lng == 1)
				u = va_arg(ap, unsigned long);
			else if (lng == 2)
				u = va_arg(ap, unsigned long long);
			else if (lng == 3)
				u = va_arg(ap, size_t);
			else
				u = va_arg(ap, unsigned int);
			size_t n = utoa_rev(end, u, c == 'u' ? 10 : 16, c == 'X');
			emit_field(o, &sp, end - n, n, NULL);
			break;
		}
		case 'p': {
			uint64_t u = (uint64_t)(uintptr_t)va_arg(ap, void *);
			size_t n = utoa_rev(end, u, 16, false);
			struct spec ps = { .left = false, .zero = true, .width = 18, .prec = -1 };
			emit_field(o, &ps, end - n, n, "0x");
			break;
		}
		case '%':
			o->write(o, "%", 1);
			break;
		default:
			/* Unknown conversion: print it verbatim so the mistake is visible. */
			o->write(o, "%", 1);
			o->write(o, &c, 1);
			break;
		}
	}
}

void oprintf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ovprintf(o, fmt, ap);
	va_end(ap);
}

void oputs(struct out *o, const char *s)
{
	o->write(o, s, strlen(s));
}

static void buf_write(struct out *o, const char *s, size_t n)
{
	struct out_buf *b = (struct out_buf *)o;
	size_t room = b->cap ? b->cap - 1 - b->len : 0;
	size_t k = n < room ? n : room;

	memcpy(b->buf + b->len, s, k);
	b->len += k;
	b->lost += n - k;
	if (b->cap)
		b->buf[b->len] = '\0';
}

void out_buf_init(struct out_buf *b, char *buf, size_t cap)
{
	b->out.write = buf_write;
	b->buf = buf;
	b->cap = cap;
	b->len = 0;
	b->lost = 0;
	if (cap)
		buf[0] = '\0';
}

int vsnfmt(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct out_buf b;
	out_buf_init(&b, buf, cap);
	ovprintf(&b.out, fmt, ap);
	return (int)(b.len + b.lost);
}

int snfmt(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnfmt(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}
