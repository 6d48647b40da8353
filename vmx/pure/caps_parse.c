/* SPDX-License-Identifier: MIT */
/*
 * Text form of the capability MSRs -> struct vmx_caps. Accepts the raw-MSR
 * log lines the kernel prints (see vmx/pure/caps.h) anywhere in a captured serial
 * log, and the testdata "MSR VALUE" lines. No allocation: works in place.
 */
#include "vmx/pure/caps.h"
#include "lib/bits.h"
#include "lib/scan.h"
#include "lib/string.h"

static int fail(struct vmx_parse_result *r, unsigned line, const char *what,
		const struct scan *l)
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

struct vmx_parse_ctx {
	struct vmx_caps *caps;
	struct vmx_parse_result *r;
};

static int parse_line(void *ctx, unsigned line, struct scan l)
{
	struct vmx_caps *caps = ((struct vmx_parse_ctx *)ctx)->caps;
	struct vmx_parse_result *r = ((struct vmx_parse_ctx *)ctx)->r;
	const char *tag = scan_find(l.p, l.end, "vmx: msr ");
	uint64_t msr, val = 0;
	bool gp;

	if (tag) {
		l.p = tag + 9;
		scan_skip_space(&l);
		if (!scan_hex(&l, false, &msr) || msr > 0xffffffffu)
			return fail(r, line, "bad MSR number in log line", &l);
		scan_skip_space(&l);
		gp = scan_starts_with(&l, "#GP");
		if (!gp) {
			if (!scan_starts_with(&l, "="))
				return fail(r, line, "expected '= 0x...' or '#GP'", &l);
			l.p++;
			scan_skip_space(&l);
			if (!scan_hex(&l, false, &val))
				return fail(r, line, "bad MSR value in log line", &l);
		}
		return take(caps, r, line, (uint32_t)msr, gp, val);
	}

	scan_skip_space(&l);
	if (l.p == l.end)
		return 0;
	if (*l.p == '#') {
		/* testdata: "# 0x48c raises #GP on rdmsr" */
		l.p++;
		scan_skip_space(&l);
		if (scan_starts_with(&l, "0x") && scan_find(l.p, l.end, "#GP") &&
		    scan_hex(&l, false, &msr) && msr <= 0xffffffffu)
			return take(caps, r, line, (uint32_t)msr, true, 0);
		return 0;
	}
	if (!scan_starts_with(&l, "0x") && !scan_starts_with(&l, "0X")) {
		r->ignored++;
		return 0;
	}
	if (!scan_hex(&l, false, &msr) || msr > 0xffffffffu)
		return fail(r, line, "bad MSR number", &l);
	scan_skip_space(&l);
	if (!scan_hex(&l, false, &val))
		return fail(r, line, "bad or missing MSR value", &l);
	scan_skip_space(&l);
	if (l.p != l.end)
		return fail(r, line, "trailing text after MSR value", &l);
	return take(caps, r, line, (uint32_t)msr, false, val);
}

int vmx_caps_parse_text(struct vmx_caps *c, const char *text, size_t len,
			struct vmx_parse_result *r)
{
	struct vmx_parse_ctx ctx = { c, r };

	vmx_caps_init(c);
	memset(r, 0, sizeof(*r));
	if (scan_lines(text, len, parse_line, &ctx))
		return -1;
	if (!(c->present & 1u)) {
		snfmt(r->msg, sizeof(r->msg),
		      "no IA32_VMX_BASIC (0x480) value found: not a VMX MSR dump or log");
		return -1;
	}
	return 0;
}
