/* SPDX-License-Identifier: MIT */
/*
 * Raw "svm:" log lines (svm/pure/svm_caps.h) -> struct svm_caps, anywhere in a
 * captured serial log. Other lines are ignored; a malformed "svm: cpuid" or
 * "svm: msr" line, or one that repeats a value differently, is an error.
 */
#include "arch/x86/msr-index.h"
#include "svm/pure/svm_caps.h"
#include "svm/pure/svm_defs.h"
#include "lib/bits.h"
#include "lib/scan.h"
#include "lib/string.h"


/* "0x" and 1 to 16 hex digits, after optional spaces. */
static bool take_hex(struct scan *c, uint64_t *out)
{
	scan_skip_space(c);
	return scan_hex(c, true, out);
}

static int fail(struct svm_parse_result *r, unsigned line, const char *what)
{
	r->line = line;
	snfmt(r->msg, sizeof(r->msg), "line %u: %s", line, what);
	return -1;
}

static bool at_end(struct scan *c)
{
	scan_skip_space(c);
	return c->p == c->end;
}

static int cpuid_line(struct svm_caps *caps, struct svm_parse_result *r, unsigned line,
		      struct scan l)
{
	static const char *const regs[4] = { "eax", "ebx", "ecx", "edx" };
	uint64_t fn, v[4];
	struct svm_cpuid val;
	int idx;

	if (!take_hex(&l, &fn) || fn > 0xffffffffu || !scan_word(&l, "="))
		return fail(r, line, "expected 'svm: cpuid 0xLEAF = eax 0x.. ebx 0x.. ecx 0x.. edx 0x..'");
	for (int i = 0; i < 4; i++)
		if (!scan_word(&l, regs[i]) || !take_hex(&l, &v[i]) || v[i] > 0xffffffffu)
			return fail(r, line, "bad register value in 'svm: cpuid' line");
	if (!at_end(&l))
		return fail(r, line, "trailing text after 'svm: cpuid' line");
	idx = svm_leaf_index((uint32_t)fn);
	if (idx < 0)
		return 0;
	val = (struct svm_cpuid){ (uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2], (uint32_t)v[3] };
	if (svm_caps_has_leaf(caps, (enum svm_leaf)idx) &&
	    memcmp(&caps->leaf[idx], &val, sizeof(val)))
		return fail(r, line, "CPUID leaf given twice with different values (two logs?)");
	svm_caps_set_leaf(caps, (enum svm_leaf)idx, &val);
	r->values++;
	return 0;
}

static int msr_line(struct svm_caps *caps, struct svm_parse_result *r, unsigned line,
		    struct scan l)
{
	enum svm_msr_state st;
	enum svm_msr_state *state;
	uint64_t msr, val = 0, *slot;

	if (!take_hex(&l, &msr) || msr > 0xffffffffu)
		return fail(r, line, "bad MSR number in 'svm: msr' line");
	if (scan_word(&l, "unreadable")) {
		st = SVM_MSR_FAULT;
	} else if (scan_word(&l, "=") && take_hex(&l, &val)) {
		st = SVM_MSR_OK;
	} else {
		return fail(r, line, "expected 'svm: msr 0xMSR = 0xVALUE' or 'svm: msr 0xMSR unreadable'");
	}
	if (!at_end(&l))
		return fail(r, line, "trailing text after 'svm: msr' line");
	if (msr == MSR_VM_CR) {
		state = &caps->vm_cr_state;
		slot = &caps->vm_cr;
	} else if (msr == MSR_EFER) {
		state = &caps->efer_state;
		slot = &caps->efer;
	} else if (msr == MSR_AMD64_OSVW_ID_LENGTH) {
		state = &caps->osvw_len_state;
		slot = &caps->osvw_len;
	} else if (msr == MSR_AMD64_OSVW_STATUS) {
		state = &caps->osvw_status_state;
		slot = &caps->osvw_status;
	} else {
		return 0;
	}
	if (*state != SVM_MSR_NOT_READ && (*state != st || *slot != val))
		return fail(r, line, "MSR given twice with different values (two logs?)");
	*state = st;
	*slot = val;
	r->values++;
	return 0;
}

struct svm_parse_ctx {
	struct svm_caps *caps;
	struct svm_parse_result *r;
};

/* An "svm: cpuid" or "svm: msr" line anywhere in the log; others are ignored. */
static int parse_line(void *ctx, unsigned line, struct scan l)
{
	struct svm_parse_ctx *x = ctx;
	const char *tag;

	if ((tag = scan_find(l.p, l.end, "svm: cpuid ")))
		return cpuid_line(x->caps, x->r, line, (struct scan){ tag + 11, l.end });
	if ((tag = scan_find(l.p, l.end, "svm: msr ")))
		return msr_line(x->caps, x->r, line, (struct scan){ tag + 9, l.end });
	return 0;
}

int svm_caps_parse_text(struct svm_caps *c, const char *text, size_t len,
			struct svm_parse_result *r)
{
	struct svm_parse_ctx ctx = { c, r };

	svm_caps_init(c);
	memset(r, 0, sizeof(*r));
	if (scan_lines(text, len, parse_line, &ctx))
		return -1;
	if (!c->leaf_present) {
		snfmt(r->msg, sizeof(r->msg),
		      "no 'svm: cpuid' line found: not a picovisor AMD-V log");
		return -1;
	}
	svm_caps_decode(c);
	return 0;
}
