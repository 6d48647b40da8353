/* SPDX-License-Identifier: MIT */
/*
 * The formatter: a small printf subset, pure code (no globals, no I/O).
 * Output goes through struct out; snfmt/vsnfmt wrap a buffer sink.
 *
 * Everything GCC's printf format check accepts for integers and strings is
 * parsed, so arguments never get out of step: flags - 0 + space #, width and
 * precision (also '*'), length hh h l ll z j t, conversions d i u o x X c s p
 * %%. %p is always 0x and 16 hex digits. No floating point, no %n.
 */
#include <stdint.h>
#include <stdbool.h>
#include "lib/out.h"
#include "lib/string.h"

/* Widths and precisions saturate here: no int overflow on "%99999999999d". */
#define FMT_NUM_MAX (1 << 20)

struct spec {
	bool left;      /* '-' */
	bool zero;      /* '0' */
	bool plus;      /* '+' */
	bool space;     /* ' ' */
	bool alt;       /* '#' */
	int width;
	int prec;       /* -1: none */
};

/* Length modifiers. */
enum { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_MAX,
       LEN_PTRDIFF };

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

/*
 * [spaces] prefix [zeros for '0' flag] [zeros for precision] s [spaces]
 * prec_zeros: leading zeros an integer precision asks for.
 */
static void emit_field(struct out *o, const struct spec *sp, const char *s,
		       size_t n, const char *prefix, size_t prec_zeros)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	size_t body = n + plen + prec_zeros;
	int pad = (size_t)sp->width > body ? sp->width - (int)body : 0;

	if (pad > 0 && !sp->left && !sp->zero)
		emit_pad(o, ' ', pad);
	if (plen)
		o->write(o, prefix, plen);
	if (pad > 0 && !sp->left && sp->zero)
		emit_pad(o, '0', pad);
	emit_pad(o, '0', (int)prec_zeros);
	if (n)
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

/* An integer conversion: digits, then precision, '#', sign flags. */
static void emit_int(struct out *o, struct spec *sp, char conv, uint64_t u,
		     bool negative)
{
	char num[24];
	char *end = num + sizeof(num);
	unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
	size_t n = utoa_rev(end, u, base, conv == 'X');
	size_t zeros = 0;
	const char *prefix = NULL;

	if (sp->prec >= 0) {
		sp->zero = false;               /* C: '0' is ignored with a precision */
		if (sp->prec == 0 && u == 0)
			n = 0;                  /* "%.0d" of 0 prints no digits */
		if ((size_t)sp->prec > n)
			zeros = (size_t)sp->prec - n;
	}
	if (conv == 'd' || conv == 'i') {
		if (negative)
			prefix = "-";
		else if (sp->plus)
			prefix = "+";
		else if (sp->space)
			prefix = " ";
	} else if (sp->alt && conv == 'o') {
		if (zeros == 0 && (n == 0 || *(end - n) != '0'))
			zeros = 1;
	} else if (sp->alt && u != 0 && (conv == 'x' || conv == 'X')) {
		prefix = conv == 'x' ? "0x" : "0X";
	}
	emit_field(o, sp, end - n, n, prefix, zeros);
}

static int num_sat(int v, char digit)
{
	v = v * 10 + (digit - '0');
	return v > FMT_NUM_MAX ? FMT_NUM_MAX : v;
}

void ovprintf(struct out *o, const char *fmt, va_list ap_in)
{
	const char *p = fmt;
	va_list ap;

	if (!o)
		return;         /* a NULL sink discards: callers pass NULL for "quiet" */
	va_copy(ap, ap_in);
	while (*p) {
		const char *lit = p;
		while (*p && *p != '%')
			p++;
		if (p != lit)
			o->write(o, lit, (size_t)(p - lit));
		if (!*p)
			break;
		p++; /* '%' */

		struct spec sp = { .width = 0, .prec = -1 };
		for (;; p++) {
			if (*p == '-')
				sp.left = true;
			else if (*p == '0')
				sp.zero = true;
			else if (*p == '+')
				sp.plus = true;
			else if (*p == ' ')
				sp.space = true;
			else if (*p == '#')
				sp.alt = true;
			else
				break;
		}
		if (*p == '*') {
			int w = va_arg(ap, int);
			if (w < 0) {
				sp.left = true;
				w = w < -FMT_NUM_MAX ? FMT_NUM_MAX : -w;
			}
			sp.width = w > FMT_NUM_MAX ? FMT_NUM_MAX : w;
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				sp.width = num_sat(sp.width, *p++);
		}
		if (*p == '.') {
			p++;
			sp.prec = 0;
			if (*p == '*') {
				int pr = va_arg(ap, int);
				sp.prec = pr > FMT_NUM_MAX ? FMT_NUM_MAX : pr;
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					sp.prec = num_sat(sp.prec, *p++);
			}
		}
		int len = LEN_INT;
		switch (*p) {
		case 'h':
			len = LEN_SHORT;
			if (*++p == 'h') {
				len = LEN_CHAR;
				p++;
			}
			break;
		case 'l':
			len = LEN_LONG;
			if (*++p == 'l') {
				len = LEN_LLONG;
				p++;
			}
			break;
		case 'z':
			len = LEN_SIZE;
			p++;
			break;
		case 'j':
			len = LEN_MAX;
			p++;
			break;
		case 't':
			len = LEN_PTRDIFF;
			p++;
			break;
		}

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
			emit_field(o, &sp, s, n, NULL, 0);
			break;
		}
		case 'c': {
			char ch = (char)va_arg(ap, int);
			sp.zero = false;
			emit_field(o, &sp, &ch, 1, NULL, 0);
			break;
		}
		case 'd':
		case 'i': {
			int64_t v;
			switch (len) {
			case LEN_CHAR:
				v = (signed char)va_arg(ap, int);
				break;
			case LEN_SHORT:
				v = (short)va_arg(ap, int);
				break;
			case LEN_LONG:
				v = va_arg(ap, long);
				break;
			case LEN_LLONG:
				v = va_arg(ap, long long);
				break;
			case LEN_SIZE:
				v = (int64_t)va_arg(ap, size_t);
				break;
			case LEN_MAX:
				v = va_arg(ap, intmax_t);
				break;
			case LEN_PTRDIFF:
				v = va_arg(ap, ptrdiff_t);
				break;
			default:
				v = va_arg(ap, int);
				break;
			}
			uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			emit_int(o, &sp, c, u, v < 0);
			break;
		}
		case 'u':
		case 'o':
		case 'x':
		case 'X': {
			uint64_t u;
			switch (len) {
			case LEN_CHAR:
				u = (unsigned char)va_arg(ap, unsigned int);
				break;
			case LEN_SHORT:
				u = (unsigned short)va_arg(ap, unsigned int);
				break;
			case LEN_LONG:
				u = va_arg(ap, unsigned long);
				break;
			case LEN_LLONG:
				u = va_arg(ap, unsigned long long);
				break;
			case LEN_SIZE:
				u = va_arg(ap, size_t);
				break;
			case LEN_MAX:
				u = va_arg(ap, uintmax_t);
				break;
			case LEN_PTRDIFF:
				u = (uint64_t)va_arg(ap, ptrdiff_t);
				break;
			default:
				u = va_arg(ap, unsigned int);
				break;
			}
			emit_int(o, &sp, c, u, false);
			break;
		}
		case 'p': {
			char num[24];
			char *end = num + sizeof(num);
			uint64_t u = (uint64_t)(uintptr_t)va_arg(ap, void *);
			size_t n = utoa_rev(end, u, 16, false);
			struct spec ps = { .zero = true, .width = 18, .prec = -1 };
			emit_field(o, &ps, end - n, n, "0x", 0);
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
	va_end(ap);
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

	if (k) {
		/* No memcpy into a NULL buffer of capacity 0 (snfmt(NULL, 0, ...)). */
		memcpy(b->buf + b->len, s, k);
		b->len += k;
	}
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
