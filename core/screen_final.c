/* SPDX-License-Identifier: MIT */
/*
 * The final screen: the verdict line (word-wrapped), one short line per
 * CPU and one per failed check pinned to the bottom rows, so a person in front of the machine reads
 * the result at a glance. Layout and wording: docs/console.md (the screen
 * tests in tests/screen/ rebuild the same lines from the serial output).
 */
#include "lib/out.h"
#include "kernel/backend.h"
#include "kernel/percpu.h"
#include "core/checks.h"
#include "core/report.h"
#include "kernel/screen.h"
#include "lib/string.h"
#include "pure/checks.h"
#include "pure/exceptions.h"

#define PIN_MAX         (SCREEN_MAX_ROWS / 2)

static char text[PIN_MAX][SCREEN_LINE_MAX];
static const char *line[PIN_MAX];
static uint8_t attr[PIN_MAX];

/* Split s into rows of at most w characters, breaking after the last space that fits. */
static unsigned wrap(const char *s, unsigned w, unsigned at, unsigned max, uint8_t a)
{
	size_t n = strlen(s);

	while (n && at < max) {
		size_t k = n <= w ? n : w;
		if (k < n) {
			size_t sp = k;
			while (sp > 0 && s[sp - 1] != ' ')
				sp--;
			if (sp > 0)
				k = sp;
		}
		snfmt(text[at], sizeof(text[at]), "%.*s", (int)k, s);
		attr[at++] = a;
		s += k;
		n -= k;
	}
	return at;
}

static bool cpu_ok(const struct percpu *p)
{
	char buf[ERRBUF_SIZE + 64];
	int w;

	return !cpu_problem(p, buf, sizeof(buf), &w);
}

static void add_cpu(unsigned at, const struct percpu *p)
{
	struct out_buf b;

	attr[at] = ATTR_CPU;
	out_buf_init(&b, text[at], sizeof(text[at]));
	oprintf(&b.out, "cpu%-3u APIC %-4u ", p->index, p->apic_id);
	if (p->crashed && p->crash.exception) {
		/* Short enough for 80 columns; the serial report has the rest. */
		oprintf(&b.out, "crashed in stage %s: %s at rip 0x%llx", cpu_stage_name(p->crash.stage),
			exception_mnemonic(p->crash.vector), (unsigned long long)p->crash.rip);
		return;
	}
	if (p->crashed) {
		oprintf(&b.out, "crashed: %s", p->error);
		return;
	}
	oputs(&b.out, p->online ? "online" : "offline");
	if (sys.hv_done && p->online)
		oprintf(&b.out, ", %s %s", hv->key, hv_state_names[p->hv]);
	if (sys.guest_done && p->online)
		oprintf(&b.out, ", guest %s", guest_state_names[p->guest]);
	if (p->checks) {
		unsigned pass, fail, skip;

		check_cpu_counts(p->checks, &pass, &fail, &skip);
		oprintf(&b.out, ", checks %u pass %u fail %u skip", pass, fail, skip);
	}
	if (p->error[0])
		oprintf(&b.out, ": %s", p->error);
}

void screen_final(enum report_status st)
{
	const char *v = screen_verdict();
	unsigned max = screen_rows() / 2, n;
	uint8_t va = st == STATUS_PASS ? ATTR_PASS : st == STATUS_UNSUPPORTED ? ATTR_UNSUPPORTED
		     : ATTR_FAIL;

	if (!screen_active() || !v[0])
		return;
	if (max > PIN_MAX)
		max = PIN_MAX;
	n = wrap(v, screen_cols(), 0, max, va);
	if (ncpus + n <= max) {
		for (unsigned i = 0; i < ncpus; i++)
			if (cpus[i])
				add_cpu(n++, cpus[i]);
	} else if (n < max) {
		/* Too many for one line each: the CPUs with a problem, then a count of the rest. */
		unsigned shown = 0;
		for (unsigned i = 0; i < ncpus && n + 1 < max; i++)
			if (cpus[i] && !cpu_ok(cpus[i])) {
				add_cpu(n++, cpus[i]);
				shown++;
			}
		snfmt(text[n], sizeof(text[n]), "... %u more CPU(s): see the serial report",
		      ncpus - shown);
		attr[n++] = ATTR_CPU;
	}
	/* The failed checks, one line each, as far as there is room. */
	for (unsigned k = 0; n < max && checks_failed_line(k, text[n], sizeof(text[n])); k++)
		attr[n++] = ATTR_FAIL;
	for (unsigned i = 0; i < n; i++)
		line[i] = text[i];
	screen_pin(line, attr, n);
}
