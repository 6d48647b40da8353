/* SPDX-License-Identifier: MIT */
/*
 * Text form of the capability MSRs -> struct vmx_caps. Accepts the raw-MSR
 * log lines the kernel prints (see vmx/pure/caps.h) anywhere in a captured serial
 * log, and the testdata "MSR VALUE" lines. No allocation: works in place.
 */
#include "vmx/pure/caps.h"
#include "lib/bits.h"
#include "lib/string.h"

struct cursor {
	const char *p, *end;
};

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static void skip_space(struct cursor *c)
{
	while (c->p < c->end && is_space(*c->p))
		c->p++;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Hex number with optional 0x; at most 16 digits; must end at a space/end. */
static bool parse_hex(struct cursor *c, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0, d;

	if (c->end - c->p >= 2 && c->p[0] == '0' && (c->p[1] == 'x' || c->p[1] == 'X'))
		c->p += 2;
	while (c->p < c->end && (d = hex_digit(*c->p)) >= 0) {
		if (++n > 16)
			return false;
		v = (v << 4) | (uint64_t)d;
		c->p++;
	}
	if (n == 0 || (c->p < c->end && !is_space(*c->p) && *c->p != '='))
		return false;
	*out = v;
	return true;
}

static bool starts_with(const struct cursor *c, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(c->end - c->p) >= n && memcmp(c->p, s, n) == 0;
}

/* Position of needle in [p, end) or NULL. */
static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

static int fail(struct vmx_parse_result *r, unsigned line, const char *what,
		const struct cursor *l)
{
	int n = (int)MIN(l->end - l->p, 48);

	r->line = line;
	snfmt(r->msg, sizeof(r->msg), "line %u: %s: '%.*s'", line, what, n, l->p);
	return -1;
}

/* Records one MSR value or #GP; a conflicting repeat is an error. */
static int take(struct vmx_caps *caps, struct vmx_parse_result *r, unsigned line,
		uint32_t msr, bool gp, uint64_t val)
{
	int s = vmx_caps_slot(msr);
	uint32_t bit;

	if (s < 0) {
		r->ignored++;
		return 0;
	}
	bit = 1u << s;
	if (((caps->present & bit) && (gp || caps->val[s] != val)) ||
	    ((caps->faulted & bit) && !gp)) {
		r->line = line;
		snfmt(r->msg, sizeof(r->msg),
		      "line %u: MSR 0x%x given twice with different values (two logs?)",
		      line, msr);
		return -1;
	}
	if (gp) {
		caps->faulted |= bit;
	} else {
		vmx_caps_set(caps, msr, val);
		r->msrs++;
	}
	return 0;
}

static int parse_line(struct vmx_caps *caps, struct vmx_parse_result *r,
		      unsigned line, struct cursor l)
{
	const char *tag = find(l.p, l.end, "vmx: msr ");
	uint64_t msr, val = 0;
	bool gp;

	if (tag) {
		l.p = tag + 9;
		skip_space(&l);
		if (!parse_hex(&l, &msr) || msr > 0xffffffffu)
			return fail(r, line, "bad MSR number in log line", &l);
		skip_space(&l);
		gp = starts_with(&l, "#GP");
		if (!gp) {
			if (!starts_with(&l, "="))
				return fail(r, line, "expected '= 0x...' or '#GP'", &l);
			l.p++;
			skip_space(&l);
			if (!parse_hex(&l, &val))
				return fail(r, line, "bad MSR value in log line", &l);
		}
		return take(caps, r, line, (uint32_t)msr, gp, val);
	}

	skip_space(&l);
	if (l.p == l.end)
		return 0;
	if (*l.p == '#') {
		/* testdata: "# 0x48c raises #GP on rdmsr" */
		l.p++;
		skip_space(&l);
		if (starts_with(&l, "0x") && find(l.p, l.end, "#GP") &&
		    parse_hex(&l, &msr) && msr <= 0xffffffffu)
			return take(caps, r, line, (uint32_t)msr, true, 0);
		return 0;
	}
	if (!starts_with(&l, "0x") && !starts_with(&l, "0X")) {
		r->ignored++;
		return 0;
	}
	if (!parse_hex(&l, &msr) || msr > 0xffffffffu)
		return fail(r, line, "bad MSR number", &l);
	skip_space(&l);
	if (!parse_hex(&l, &val))
		return fail(r, line, "bad or missing MSR value", &l);
	skip_space(&l);
	if (l.p != l.end)
		return fail(r, line, "trailing text after MSR value", &l);
	return take(caps, r, line, (uint32_t)msr, false, val);
}

int vmx_caps_parse_text(struct vmx_caps *c, const char *text, size_t len,
			struct vmx_parse_result *r)
{
	const char *p = text, *end = text + len;
	unsigned line = 0;

	vmx_caps_init(c);
	memset(r, 0, sizeof(*r));
	while (p < end) {
		const char *nl = p;
		struct cursor l;

		while (nl < end && *nl != '\n' && *nl != '\0')
			nl++;
		l.p = p;
		l.end = nl;
		line++;
		if (parse_line(c, r, line, l))
			return -1;
		if (nl < end && *nl == '\0')
			break;
		p = nl + 1;
	}
	if (!(c->present & 1u)) {
		snfmt(r->msg, sizeof(r->msg),
		      "no IA32_VMX_BASIC (0x480) value found: not a VMX MSR dump or log");
		return -1;
	}
	return 0;
}
