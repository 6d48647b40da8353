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
#include "pure/cpumap.h"
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
 * The CPU map (pure/cpumap.c): one cell per CPU (or per group of CPUs when
 * there are more cells than room), a row per package.
 */
static const uint8_t map_attr[CPUMAP_KINDS] = {
	[CPUMAP_OK] = ATTR_MAP_OK, [CPUMAP_OFFLINE] = ATTR_MAP_OFFLINE,
	[CPUMAP_FAILED] = ATTR_MAP_FAILED, [CPUMAP_CRASHED] = ATTR_MAP_CRASHED,
};

/* A CPU's package (its topology from CPUID, core/topology.c), for grouping the map. */
static unsigned cpu_package(const struct percpu *p)
{
	return p->topo.pkg;
}

static enum cpumap_kind cpu_kind(const struct percpu *p)
{
	if (!p || (!p->online && !p->crashed))
		return CPUMAP_OFFLINE;
	if (p->crashed)
		return CPUMAP_CRASHED;
	if (!cpu_ok(p))
		return CPUMAP_FAILED;
	if (p->checks) {
		unsigned pass, fail, skip;

		check_cpu_counts(p->checks, &pass, &fail, &skip);
		if (fail)
			return CPUMAP_FAILED;
	}
	return CPUMAP_OK;
}

static enum cpumap_kind map_kind(const void *ctx, unsigned i)
{
	(void)ctx;
	return cpu_kind(cpus[i]);
}

static unsigned map_package(const void *ctx, unsigned i)
{
	(void)ctx;
	return cpus[i] ? cpu_package(cpus[i]) : 0;
}

static bool kind_failed(const void *ctx, unsigned i)
{
	return map_kind(ctx, i) == CPUMAP_FAILED;
}

static bool kind_crashed(const void *ctx, unsigned i)
{
	return map_kind(ctx, i) == CPUMAP_CRASHED;
}

/* Appends the legend, the map and its cpulists at row n, within rows [n, max); returns the next row. */
static unsigned add_map(unsigned n, unsigned max)
{
	const struct cpumap_src src = { .n = ncpus, .kind = map_kind, .package = map_package };
	unsigned count[CPUMAP_KINDS] = { 0 }, cols = screen_cols(), legend = n;
	struct cpumap_layout map;
	struct out_buf b;
	int rows;

	if (n + 2 > max)
		return n;
	for (unsigned i = 0; i < ncpus; i++)
		count[cpu_kind(cpus[i])]++;
	if (cols >= SCREEN_LINE_MAX)
		cols = SCREEN_LINE_MAX - 1;
	/* Room: the legend, then a row for each cpulist that follows the map. */
	rows = (int)(max - n) - 1 - (count[CPUMAP_FAILED] > 0) - (count[CPUMAP_CRASHED] > 0);
	if (!cpumap_draw(&src, cols, rows < 1 ? 1 : (unsigned)rows, text[n + 1], sizeof(text[0]),
			 &map))
		return n;
	for (unsigned r = 0; r < map.rows; r++) {
		unsigned i = n + 1 + r;

		memset(cell_attr[i], ATTR_CPU, map.label);
		for (unsigned c = map.label; text[i][c]; c++)
			for (unsigned k = 0; k < CPUMAP_KINDS; k++)
				if (text[i][c] == cpumap_chars[k])
					cell_attr[i][c] = map_attr[k];
		cell_attrs[i] = cell_attr[i];
		attr[i] = ATTR_CPU;
	}
	out_buf_init(&b, text[legend], sizeof(text[legend]));
	oprintf(&b.out, "%u CPUs: %u ok", ncpus, count[CPUMAP_OK]);
	if (count[CPUMAP_FAILED])
		oprintf(&b.out, ", %u failed", count[CPUMAP_FAILED]);
	if (count[CPUMAP_CRASHED])
		oprintf(&b.out, ", %u crashed", count[CPUMAP_CRASHED]);
	if (count[CPUMAP_OFFLINE])
		oprintf(&b.out, ", %u offline", count[CPUMAP_OFFLINE]);
	if (map.per > 1)
		oprintf(&b.out, "; a cell is %u CPUs", map.per);
	attr[legend] = ATTR_CPU;
	n += 1 + map.rows;
	if (count[CPUMAP_FAILED] && n < max) {
		out_buf_init(&b, text[n], sizeof(text[n]));
		oputs(&b.out, "failed CPUs: ");
		cpulist_format(&b.out, kind_failed, NULL, ncpus);
		attr[n++] = ATTR_FAIL;
	}
	if (count[CPUMAP_CRASHED] && n < max) {
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
