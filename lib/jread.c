/* SPDX-License-Identifier: MIT */
/*
 * The strict JSON reader (lib/jread.h): recursive descent, the depth bounded
 * by JREAD_MAX_DEPTH, every node in the caller's array.
 */
#include "lib/jread.h"
#include "lib/string.h"

struct parser {
	const char *s;
	size_t len, pos;
	struct jr_node *nodes;
	size_t cap;
	uint32_t n;
	const char *error;
};

static int fail(struct parser *p, const char *why)
{
	if (!p->error)
		p->error = why;
	return -1;
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int peek(const struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s (n bytes available), or -1. */
static long hex4(const char *s, size_t n)
{
	long v = 0;

	if (n < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hexval((unsigned char)s[i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* A string at p->pos (the opening quote): its raw contents. */
static int scan_string(struct parser *p, const char **text, uint32_t *len)
{
	size_t start;

	p->pos++;       /* the quote */
	start = p->pos;
	while (p->pos < p->len) {
		unsigned char c = (unsigned char)p->s[p->pos];

		if (c == '"') {
			*text = p->s + start;
			if (p->pos - start > UINT32_MAX)
				return fail(p, "string too long");
			*len = (uint32_t)(p->pos - start);
			p->pos++;
			return 0;
		}
		if (c < 0x20)
			return fail(p, "control character in a string");
		if (c != '\\') {
			p->pos++;
			continue;
		}
		if (++p->pos >= p->len)
			break;
		switch (p->s[p->pos]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			p->pos++;
			break;
		case 'u': {
			long u = hex4(p->s + p->pos + 1, p->len - p->pos - 1);

			if (u < 0)
				return fail(p, "bad \\u escape");
			p->pos += 5;
			if (u >= 0xdc00 && u <= 0xdfff)
				return fail(p, "lone low surrogate");
			if (u >= 0xd800 && u <= 0xdbff) {
				long lo = p->len - p->pos >= 2 && p->s[p->pos] == '\\' &&
					  p->s[p->pos + 1] == 'u'
					  ? hex4(p->s + p->pos + 2, p->len - p->pos - 2) : -1;
				if (lo < 0xdc00 || lo > 0xdfff)
					return fail(p, "high surrogate without its low half");
				p->pos += 6;
			}
			break;
		}
		default:
			return fail(p, "bad escape");
		}
	}
	return fail(p, "unterminated string");
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int scan_number(struct parser *p)
{
	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0') {
		p->pos++;
		if (is_digit(peek(p)))
			return fail(p, "leading zero in a number");
	} else if (is_digit(peek(p))) {
		while (is_digit(peek(p)))
			p->pos++;
	} else {
		return fail(p, "bad number");
	}
	if (peek(p) == '.') {
		p->pos++;
		if (!is_digit(peek(p)))
			return fail(p, "bad fraction");
		while (is_digit(peek(p)))
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!is_digit(peek(p)))
			return fail(p, "bad exponent");
		while (is_digit(peek(p)))
			p->pos++;
	}
	return 0;
}

static int literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
		return fail(p, "unknown literal");
	p->pos += n;
	return 0;
}

static int value(struct parser *p, const char *key, uint32_t key_len, int depth);

static int container(struct parser *p, struct jr_node *nd, uint32_t idx, int depth)
{
	bool obj = nd->type == JR_OBJECT;
	char close = obj ? '}' : ']';

	if (depth >= JREAD_MAX_DEPTH)
		return fail(p, "nested too deeply");
	p->pos++;
	skip_ws(p);
	if (peek(p) == close) {
		p->pos++;
		return 0;
	}
	for (;;) {
		const char *k = NULL;
		uint32_t kl = 0;

		skip_ws(p);
		if (obj) {
			if (peek(p) != '"')
				return fail(p, "expected a member name");
			if (scan_string(p, &k, &kl) < 0)
				return -1;
			skip_ws(p);
			if (peek(p) != ':')
				return fail(p, "expected ':'");
			p->pos++;
			skip_ws(p);
		}
		if (value(p, k, kl, depth + 1) < 0)
			return -1;
		p->nodes[idx].nchild++;
		skip_ws(p);
		if (peek(p) == ',') {
			p->pos++;
			skip_ws(p);
			if (peek(p) == close)
				return fail(p, "trailing comma");
			continue;
		}
		if (peek(p) == close) {
			p->pos++;
			return 0;
		}
		return fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int value(struct parser *p, const char *key, uint32_t key_len, int depth)
{
	uint32_t idx = p->n;
	struct jr_node *nd;
	size_t start = p->pos;
	int c = peek(p);
	int r;

	if (p->n >= p->cap)
		return fail(p, "too many values");
	nd = &p->nodes[p->n++];
	memset(nd, 0, sizeof(*nd));
	nd->key = key;
	nd->key_len = key_len;
	switch (c) {
	case '{':
	case '[':
		nd->type = c == '{' ? JR_OBJECT : JR_ARRAY;
		r = container(p, nd, idx, depth);
		/* nodes may not move: nd stays valid */
		break;
	case '"':
		nd->type = JR_STRING;
		r = scan_string(p, &nd->text, &nd->len);
		break;
	case 't':
		nd->type = JR_TRUE;
		r = literal(p, "true");
		break;
	case 'f':
		nd->type = JR_FALSE;
		r = literal(p, "false");
		break;
	case 'n':
		nd->type = JR_NULL;
		r = literal(p, "null");
		break;
	default:
		nd->type = JR_NUMBER;
		r = scan_number(p);
		nd->text = p->s + start;
		nd->len = (uint32_t)(p->pos - start);
		break;
	}
	nd->end = p->n;
	return r;
}

int jr_parse(const char *text, size_t len, struct jr_node *nodes, size_t cap,
	     struct jr_doc *doc)
{
	struct parser p = { .s = text, .len = len, .nodes = nodes, .cap = cap };

	memset(doc, 0, sizeof(*doc));
	if (len > UINT32_MAX) {
		doc->error = "text too long";
		return -1;
	}
	skip_ws(&p);
	if (p.pos >= len)
		fail(&p, "no value");
	else if (value(&p, NULL, 0, 0) == 0) {
		skip_ws(&p);
		if (p.pos < len)
			fail(&p, "text after the value");
	}
	if (p.error) {
		doc->error = p.error;
		doc->error_at = p.pos;
		return -1;
	}
	doc->nodes = nodes;
	doc->n = p.n;
	return 0;
}

static bool valid(const struct jr_doc *d, int i)
{
	return d->nodes && i >= 0 && (uint32_t)i < d->n;
}

int jr_index(const struct jr_doc *d, int i, uint32_t k)
{
	int c;

	if (!valid(d, i) || (d->nodes[i].type != JR_ARRAY && d->nodes[i].type != JR_OBJECT) ||
	    k >= d->nodes[i].nchild)
		return -1;
	c = i + 1;
	while (k--)
		c = (int)d->nodes[c].end;
	return c;
}

int jr_next(const struct jr_doc *d, int container, int i)
{
	if (!valid(d, container) || !valid(d, i) || i <= container)
		return -1;
	if (d->nodes[i].end >= d->nodes[container].end)
		return -1;
	return (int)d->nodes[i].end;
}

/* Decode raw string contents [s, s + n) into buf; returns the decoded length. */
static size_t decode(const char *s, size_t n, char *buf, size_t cap)
{
	size_t o = 0, i = 0;

#define PUT(ch) do { if (o + 1 < cap) buf[o] = (char)(ch); o++; } while (0)
	while (i < n) {
		char c = s[i++];
		unsigned long u;

		if (c != '\\') {
			PUT(c);
			continue;
		}
		c = s[i++];
		switch (c) {
		case 'b': PUT('\b'); break;
		case 'f': PUT('\f'); break;
		case 'n': PUT('\n'); break;
		case 'r': PUT('\r'); break;
		case 't': PUT('\t'); break;
		case 'u':
			u = (unsigned long)hex4(s + i, n - i);
			i += 4;
			if (u >= 0xd800 && u <= 0xdbff) {
				unsigned long lo = (unsigned long)hex4(s + i + 2, n - i - 2);
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i += 6;
			}
			if (u < 0x80) {
				PUT(u);
			} else if (u < 0x800) {
				PUT(0xc0 | u >> 6);
				PUT(0x80 | (u & 0x3f));
			} else if (u < 0x10000) {
				PUT(0xe0 | u >> 12);
				PUT(0x80 | (u >> 6 & 0x3f));
				PUT(0x80 | (u & 0x3f));
			} else {
				PUT(0xf0 | u >> 18);
				PUT(0x80 | (u >> 12 & 0x3f));
				PUT(0x80 | (u >> 6 & 0x3f));
				PUT(0x80 | (u & 0x3f));
			}
			break;
		default: PUT(c); break;        /* " \ / */
		}
	}
#undef PUT
	if (cap)
		buf[o < cap ? o : cap - 1] = '\0';
	return o;
}

static bool has_escape(const char *raw, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (raw[i] == '\\')
			return true;
	return false;
}

static bool raw_eq(const char *raw, size_t n, const char *s)
{
	char buf[128];
	size_t want = strlen(s);

	if (!has_escape(raw, n))
		return n == want && !memcmp(raw, s, n);
	if (want >= sizeof(buf))
		return false;
	return decode(raw, n, buf, sizeof(buf)) == want && !memcmp(buf, s, want);
}

int jr_get(const struct jr_doc *d, int i, const char *key)
{
	int c;

	if (!valid(d, i) || d->nodes[i].type != JR_OBJECT || !d->nodes[i].nchild)
		return -1;
	for (c = i + 1; c >= 0; c = jr_next(d, i, c))
		if (raw_eq(d->nodes[c].key, d->nodes[c].key_len, key))
			return c;
	return -1;
}

int jr_path(const struct jr_doc *d, int i, const char *path)
{
	char part[64];

	while (*path && i >= 0) {
		size_t n = 0;

		while (path[n] && path[n] != '.')
			n++;
		if (n >= sizeof(part))
			return -1;
		memcpy(part, path, n);
		part[n] = '\0';
		i = jr_get(d, i, part);
		path += n + (path[n] == '.');
	}
	return i;
}

long jr_str(const struct jr_doc *d, int i, char *buf, size_t cap)
{
	if (!valid(d, i) || d->nodes[i].type != JR_STRING) {
		if (cap)
			buf[0] = '\0';
		return -1;
	}
	return (long)decode(d->nodes[i].text, d->nodes[i].len, buf, cap);
}

bool jr_str_eq(const struct jr_doc *d, int i, const char *s)
{
	return valid(d, i) && d->nodes[i].type == JR_STRING &&
	       raw_eq(d->nodes[i].text, d->nodes[i].len, s);
}

int jr_u64(const struct jr_doc *d, int i, uint64_t *v)
{
	uint64_t x = 0;

	if (!valid(d, i) || d->nodes[i].type != JR_NUMBER)
		return -1;
	for (uint32_t k = 0; k < d->nodes[i].len; k++) {
		unsigned dg = (unsigned)(d->nodes[i].text[k] - '0');

		if (dg > 9 || x > (UINT64_MAX - dg) / 10)
			return -1;      /* a sign, fraction, exponent, or too big */
		x = x * 10 + dg;
	}
	*v = x;
	return 0;
}

int jr_bool(const struct jr_doc *d, int i, bool *v)
{
	if (!valid(d, i) || (d->nodes[i].type != JR_TRUE && d->nodes[i].type != JR_FALSE))
		return -1;
	*v = d->nodes[i].type == JR_TRUE;
	return 0;
}
