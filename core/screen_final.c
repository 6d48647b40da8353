/* SPDX-License-Identifier: MIT */
/*
 * The final screen: a QR code of the run's summary at the right edge, and
 * pinned to the bottom rows left of it the verdict line (word-wrapped), one
 * short line per CPU or, when those do not fit, a map of the CPUs (one
 * coloured cell each, grouped by package) with the failed and crashed CPUs
 * as cpulists, and one line per failed check, so a person in front of the
 * machine reads the result at a glance and a phone carries it away. Layout
 * and wording: docs/console.md (the screen tests in tests/screen/ rebuild the
 * same screen from the serial output and decode the QR code).
 */
#include "lib/out.h"
#include "kernel/backend.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "core/checks.h"
#include "core/report.h"
#include "core/summary.h"
#include "kernel/qr.h"
#include "kernel/screen.h"
#include "lib/string.h"
#include "pure/checks.h"
#include "pure/cpulist.h"
#include "pure/exceptions.h"
#include "pure/summary.h"

#define PIN_MAX         (SCREEN_MAX_ROWS / 2)

#define ATTR_MAP_OK		ATTR_PASS
#define ATTR_MAP_FAILED		ATTR_FAIL
#define ATTR_MAP_CRASHED	VGA_ATTR(VGA_WHITE, VGA_MAGENTA)
#define ATTR_MAP_OFFLINE	VGA_ATTR(VGA_BLACK, VGA_LIGHT_GREY)

static char text[PIN_MAX][SCREEN_LINE_MAX];
static const char *line[PIN_MAX];
static uint8_t attr[PIN_MAX];
static uint8_t cell_attr[PIN_MAX][SCREEN_LINE_MAX];
static const uint8_t *cell_attrs[PIN_MAX];

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

/*
 * The CPU map: one cell per CPU (or per group of CPUs when there are more
 * cells than room; the group shows its worst kind), a row per package.
 */
enum map_kind { MAP_OK, MAP_OFFLINE, MAP_FAILED, MAP_CRASHED, MAP_KINDS };	/* worst last */

static const char map_char[MAP_KINDS] = { '+', '-', 'F', 'X' };
static const uint8_t map_attr[MAP_KINDS] = { ATTR_MAP_OK, ATTR_MAP_OFFLINE, ATTR_MAP_FAILED,
					     ATTR_MAP_CRASHED };

/*
 * A CPU's package, for grouping the map. The single place that says: until
 * the report has a topology, every CPU counts as package 0.
 */
static unsigned cpu_package(const struct percpu *p)
{
	(void)p;
	return 0;
}

static enum map_kind cpu_kind(const struct percpu *p)
{
	if (!p || (!p->online && !p->crashed))
		return MAP_OFFLINE;
	if (p->crashed)
		return MAP_CRASHED;
	if (!cpu_ok(p))
		return MAP_FAILED;
	if (p->checks) {
		unsigned pass, fail, skip;

		check_cpu_counts(p->checks, &pass, &fail, &skip);
		if (fail)
			return MAP_FAILED;
	}
	return MAP_OK;
}

static bool kind_failed(const void *ctx, unsigned i)
{
	(void)ctx;
	return cpus[i] && cpu_kind(cpus[i]) == MAP_FAILED;
}

static bool kind_crashed(const void *ctx, unsigned i)
{
	(void)ctx;
	return cpus[i] && cpu_kind(cpus[i]) == MAP_CRASHED;
}

static unsigned packages(void)
{
	unsigned top = 0;

	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i] && cpu_package(cpus[i]) > top)
			top = cpu_package(cpus[i]);
	return top + 1;
}

static unsigned package_cpus(unsigned pkg)
{
	unsigned k = 0;

	for (unsigned i = 0; i < ncpus; i++)
		k += cpus[i] && cpu_package(cpus[i]) == pkg;
	return k;
}

/* Rows the map takes with `per` CPUs a cell and `w` cells a row. */
static unsigned map_rows(unsigned per, unsigned w)
{
	unsigned rows = 0;

	for (unsigned pkg = 0; pkg < packages(); pkg++) {
		unsigned cells = (package_cpus(pkg) + per - 1) / per;
		rows += (cells + w - 1) / w;
	}
	return rows;
}

/* Appends the map and its cpulists at row n, within rows [n, max); returns the next row. */
static unsigned add_map(unsigned n, unsigned max)
{
	unsigned count[MAP_KINDS] = { 0 }, cols = screen_cols(), label, w, per = 1, rows;
	char tmp[16];
	struct out_buf b;

	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i])
			count[cpu_kind(cpus[i])]++;
	label = (unsigned)snfmt(tmp, sizeof(tmp), "p%u ", packages() - 1);
	if (cols >= SCREEN_LINE_MAX)
		cols = SCREEN_LINE_MAX - 1;
	if (n + 2 > max || cols <= label)
		return n;
	w = cols - label;
	/* Room: the legend, then a row for each cpulist that will follow. */
	rows = max - n - 1 - (count[MAP_FAILED] > 0) - (count[MAP_CRASHED] > 0);
	if (!rows)
		rows = 1;
	while (map_rows(per, w) > rows)
		per++;

	out_buf_init(&b, text[n], sizeof(text[n]));
	oprintf(&b.out, "%u CPUs: %u ok", ncpus, count[MAP_OK]);
	if (count[MAP_FAILED])
		oprintf(&b.out, ", %u failed", count[MAP_FAILED]);
	if (count[MAP_CRASHED])
		oprintf(&b.out, ", %u crashed", count[MAP_CRASHED]);
	if (count[MAP_OFFLINE])
		oprintf(&b.out, ", %u offline", count[MAP_OFFLINE]);
	if (per > 1)
		oprintf(&b.out, "; a cell is %u CPUs", per);
	attr[n++] = ATTR_CPU;

	for (unsigned pkg = 0; pkg < packages() && n < max; pkg++) {
		unsigned col = w, cell = 0, in_cell = 0;
		enum map_kind worst = MAP_OK;
		bool first_row = true;

		for (unsigned i = 0; i < ncpus; i++) {
			bool last;

			if (!cpus[i] || cpu_package(cpus[i]) != pkg)
				continue;
			if (cpu_kind(cpus[i]) > worst)
				worst = cpu_kind(cpus[i]);
			last = ++cell == package_cpus(pkg);
			if (++in_cell < per && !last)
				continue;
			if (col == w) {
				if (n >= max)
					break;
				/* "p0 " on the package's first row, blanks under it. */
				if (first_row)
					snfmt(text[n], sizeof(text[n]), "p%-*u", (int)label - 1, pkg);
				else
					snfmt(text[n], sizeof(text[n]), "%*s", (int)label, "");
				first_row = false;
				memset(cell_attr[n], ATTR_CPU, label);
				cell_attrs[n] = cell_attr[n];
				attr[n++] = ATTR_CPU;
				col = 0;
			}
			text[n - 1][label + col] = map_char[worst];
			text[n - 1][label + col + 1] = '\0';
			cell_attr[n - 1][label + col] = map_attr[worst];
			col++;
			in_cell = 0;
			worst = MAP_OK;
		}
	}
	if (count[MAP_FAILED] && n < max) {
		out_buf_init(&b, text[n], sizeof(text[n]));
		oputs(&b.out, "failed CPUs: ");
		cpulist_format(&b.out, kind_failed, NULL, ncpus);
		attr[n++] = ATTR_FAIL;
	}
	if (count[MAP_CRASHED] && n < max) {
		out_buf_init(&b, text[n], sizeof(text[n]));
		oputs(&b.out, "crashed CPUs: ");
		cpulist_format(&b.out, kind_crashed, NULL, ncpus);
		attr[n++] = ATTR_FAIL;
	}
	return n;
}

void screen_final(enum report_status st, const struct kvm_verdict *kvm)
{
	static char summary[SUMMARY_MAX + 1];
	static struct qr q;
	const char *v = screen_verdict();
	unsigned max = screen_rows() / 2, n;
	uint8_t va = st == STATUS_PASS ? ATTR_PASS : st == STATUS_UNSUPPORTED ? ATTR_UNSUPPORTED
		     : ATTR_FAIL;

	report_summary(st, kvm, summary, sizeof(summary));
	kprintf("picovisor-qr: %s\n", summary);
	if (!screen_active() || !v[0])
		return;
	if (qr_encode(summary, &q)) {
		unsigned c = screen_qr(&q);
		if (c)
			kprintf("screen: QR code version %u (%u modules) of the picovisor-qr line in "
				"the right %u columns\n", q.version, q.size, c);
	}
	if (max > PIN_MAX)
		max = PIN_MAX;
	memset(cell_attrs, 0, sizeof(cell_attrs));
	n = wrap(v, screen_cols(), 0, max, va);
	if (ncpus + n <= max) {
		for (unsigned i = 0; i < ncpus; i++)
			if (cpus[i])
				add_cpu(n++, cpus[i]);
	} else {
		n = add_map(n, max);
	}
	/* The failed checks, one line each, as far as there is room. */
	for (unsigned k = 0; n < max && checks_failed_line(k, text[n], sizeof(text[n])); k++)
		attr[n++] = ATTR_FAIL;
	for (unsigned i = 0; i < n; i++)
		line[i] = text[i];
	screen_pin(line, attr, cell_attrs, n);
}
