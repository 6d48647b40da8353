/* SPDX-License-Identifier: MIT */
#include "lib/scan.h"
#include "lib/out.h"
#include "lib/string.h"

bool scan_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

void scan_skip_space(struct scan *c)
{
	while (c->p < c->end && scan_is_space(*c->p))
		c->p++;
}

bool scan_starts_with(const struct scan *c, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(c->end - c->p) >= n && memcmp(c->p, s, n) == 0;
}

bool scan_word(struct scan *c, const char *w)
{
	scan_skip_space(c);
	if (!scan_starts_with(c, w))
		return false;
	c->p += strlen(w);
	return true;
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

bool scan_hex(struct scan *c, bool need_0x, uint64_t *out)
{
	const char *p = c->p;
	uint64_t v = 0;
	int n = 0, d;

	if (c->end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	else if (need_0x)
		return false;
	while (p < c->end && (d = hex_digit(*p)) >= 0) {
		if (++n > 16)
			return false;
		v = (v << 4) | (uint64_t)d;
		p++;
	}
	if (n == 0 || (p < c->end && !scan_is_space(*p) && *p != '='))
		return false;
	c->p = p;
	*out = v;
	return true;
}

const char *scan_find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

int scan_lines(const char *text, size_t len, scan_line_fn fn, void *ctx)
{
	const char *p = text, *end = text + len;
	unsigned line = 0;

	while (p < end) {
		const char *nl = p;
		int rc;

		while (nl < end && *nl != '\n' && *nl != '\0')
			nl++;
		rc = fn(ctx, ++line, (struct scan){ p, nl });
		if (rc)
			return rc;
		if (nl < end && *nl == '\0')
			break;
		p = nl + 1;
	}
	return 0;
}

bool scan_key_number(struct scan *c, const char *key, uint64_t dec_max, uint64_t *v)
{
	uint64_t x = 0;
	bool any = false;

	if (!scan_word(c, key))
		return false;
	if (scan_starts_with(c, "0x"))
		return scan_hex(c, true, v);
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && x < dec_max) {
		x = x * 10 + (uint64_t)(*c->p++ - '0');
		any = true;
	}
	*v = x;
	return any;
}

/* N of a line "[cpuN] " + tag, or -1. */
static int line_cpu(const char *p, const char *nl, const char *tag)
{
	struct scan c = { p, nl };
	unsigned n = 0;
	bool any = false;

	if (!scan_word(&c, "[cpu"))
		return -1;
	while (c.p < c.end && *c.p >= '0' && *c.p <= '9' && n < SCAN_CPUS_MAX) {
		n = n * 10 + (unsigned)(*c.p++ - '0');
		any = true;
	}
	if (!any || n >= SCAN_CPUS_MAX || !scan_word(&c, "] ") || !scan_starts_with(&c, tag))
		return -1;
	return (int)n;
}

int scan_cpus(const char *text, size_t len, const char *tag, scan_cpu_fn fn, void *ctx)
{
	static uint8_t seen[SCAN_CPUS_MAX / 8];
	const char *p = text, *end = text + len;
	int cpus = 0;

	memset(seen, 0, sizeof(seen));
	while (p < end) {
		const char *nl = p;
		int cpu;

		while (nl < end && *nl != '\n')
			nl++;
		cpu = line_cpu(p, nl, tag);
		if (cpu >= 0 && !(seen[cpu / 8] & (1u << (cpu % 8)))) {
			char prefix[16];

			seen[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
			snfmt(prefix, sizeof(prefix), "[cpu%d] ", cpu);
			fn(ctx, cpu, prefix);
			cpus++;
		}
		p = nl < end ? nl + 1 : end;
	}
	return cpus;
}
