/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include "arch/x86/cpu.h"
#include "kernel/tsc.h"
#include "kernel/events.h"
#include "kernel/console.h"
#include "kernel/cpuinfo.h"
#include "kernel/emuexit.h"
#include "kernel/kalloc.h"
#include "lib/out.h"
#include "kernel/percpu.h"
#include "kernel/platform.h"
#include "core/checks.h"
#include "core/fold.h"
#include "core/report.h"
#include "core/topology.h"
#include "core/watch.h"
#include "kernel/kopts.h"
#include "kernel/screen.h"
#include "lib/string.h"
#include "pure/cpulist.h"
#include "pure/exceptions.h"
#include "pure/jfold.h"
#include "kernel/backend.h"

struct sysinfo sys;

#define REPORT_BUF_SIZE (128 * 1024)
static char report_buf[REPORT_BUF_SIZE];

const char *const report_status_names[] = {
	[STATUS_PASS] = "pass",
	[STATUS_FAIL] = "fail",
	[STATUS_UNSUPPORTED] = "unsupported",
};

void report_fail(const char *fmt, ...)
{
	va_list ap;

	if (sys.reason[0])
		return;
	va_start(ap, fmt);
	vsnfmt(sys.reason, sizeof(sys.reason), fmt, ap);
	va_end(ap);
}

const char *cpu_problem(const struct percpu *p, char *buf, size_t n, int *weight)
{
	if (p->crashed)
		*weight = 0, snfmt(buf, n, "cpu%u crashed: %s", p->index, p->error);
	else if (!p->online)
		*weight = 1, snfmt(buf, n, "cpu%u (APIC ID %u) did not come online%s%s", p->index,
				   p->apic_id, p->error[0] ? ": " : "", p->error);
	else if (p->late)
		*weight = 2, snfmt(buf, n, "cpu%u %s", p->index, p->error);
	else if (!p->done)
		*weight = 2, snfmt(buf, n, "cpu%u did not finish: %s", p->index, p->error);
	else if (sys.hv_done && p->hv != HV_ON)
		*weight = 3, snfmt(buf, n, "cpu%u: %s %s%s%s", p->index, hv->label,
				   hv_state_names[p->hv], p->error[0] ? ": " : "", p->error);
	else if (sys.guest_done && p->guest != GUEST_DONE)
		*weight = 4, snfmt(buf, n, "cpu%u: guest %s%s%s", p->index,
				   guest_state_names[p->guest], p->error[0] ? ": " : "", p->error);
	else
		return NULL;
	return buf;
}

static bool contains(const char *s, const char *what)
{
	size_t n = strlen(what);

	for (; *s; s++)
		if (!strncmp(s, what, n))
			return true;
	return false;
}

/* Why a CPU the firmware lists was not tested (report cpus.untested), or NULL. */
static const char *untested_reason(const struct percpu *p)
{
	if (p->crashed)
		return "crashed";
	if (!p->online && contains(p->error, "needs x2APIC mode"))
		return "not started: its APIC ID is above 254 and needs x2APIC mode";
	if (!p->online && contains(p->error, "start-up table's limit"))
		return "not started: its APIC ID is above the AP start-up table's limit";
	if (!p->online)
		return "did not come online";
	if (p->late)
		return "did not finish a stage within its deadline";
	if (sys.hv_done && !p->done)
		return "did not finish";
	return NULL;
}

unsigned report_cpus_tested(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < ncpus; i++)
		n += cpus[i] && !untested_reason(cpus[i]);
	return n;
}

static void untested_json(struct json *j)
{
	static const char *const reasons[] = {
		"crashed",
		"not started: its APIC ID is above 254 and needs x2APIC mode",
		"not started: its APIC ID is above the AP start-up table's limit",
		"did not come online",
		"did not finish a stage within its deadline",
		"did not finish",
	};

	json_arr_begin(j, "untested");
	for (unsigned r = 0; r < ARRAY_SIZE(reasons); r++) {
		struct cpulist_w w;
		bool any = false;

		for (unsigned i = 0; i < ncpus && !any; i++)
			any = cpus[i] && untested_reason(cpus[i]) == reasons[r];
		if (!any)
			continue;
		json_obj_begin(j, NULL);
		json_str_begin(j, "cpus");
		cpulist_begin(&w, j->o, NULL);
		for (unsigned i = 0; i < ncpus; i++)
			if (cpus[i] && untested_reason(cpus[i]) == reasons[r])
				cpulist_add(&w, i);
		cpulist_end(&w);
		json_str_end(j);
		json_str(j, "reason", reasons[r]);
		json_obj_end(j);
	}
	/* CPUs never set up take the logical numbers after the others, in MADT order. */
	if (sys.cpus_left_oom) {
		json_obj_begin(j, NULL);
		json_str_begin(j, "cpus");
		oprintf(j->o, "%u", ncpus);
		if (sys.cpus_left_oom > 1)
			oprintf(j->o, "-%u", ncpus + sys.cpus_left_oom - 1);
		json_str_end(j);
		json_str(j, "reason", "not started: out of memory");
		json_obj_end(j);
	}
	if (sys.cpus_left_user) {
		unsigned first = ncpus + sys.cpus_left_oom;
		char why[48];

		json_obj_begin(j, NULL);
		json_str_begin(j, "cpus");
		oprintf(j->o, "%u", first);
		if (sys.cpus_left_user > 1)
			oprintf(j->o, "-%u", first + sys.cpus_left_user - 1);
		json_str_end(j);
		snfmt(why, sizeof(why), "left out by cpus=%u", kopts.cpus);
		json_str(j, "reason", why);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void crashed_json(struct json *j)
{
	struct cpulist_w w;

	json_str_begin(j, "crashed");
	cpulist_begin(&w, j->o, NULL);
	for (unsigned i = 0; i < ncpus; i++)
		if (cpus[i] && cpus[i]->crashed)
			cpulist_add(&w, i);
	cpulist_end(&w);
	json_str_end(j);
}

static enum report_status compute_status(char *reason, size_t n, unsigned *online)
{
	bool any_usable = false, all_online = true;
	int best = 99, w;
	char tmp[ERRBUF_SIZE + 64];

	*online = 0;
	reason[0] = '\0';
	for (unsigned i = 0; i < ncpus; i++) {
		const struct percpu *p = cpus[i];
		if (!p)
			continue;
		if (p->online)
			(*online)++;
		else
			all_online = false;
		if (p->online && p->hv != HV_UNSUPPORTED && p->hv != HV_DISABLED_BY_FIRMWARE)
			any_usable = true;
		if (cpu_problem(p, tmp, sizeof(tmp), &w) && w < best) {
			best = w;
			snfmt(reason, n, "%s", tmp);
		}
	}
	if (sys.cpus_left_oom && best > 1)
		snfmt(reason, n, "%u of %u CPUs tested: %u not started (out of memory below 4 GiB)",
		      report_cpus_tested(), sys.cpus_listed, sys.cpus_left_oom);
	if (sys.reason[0]) {
		snfmt(reason, n, "%s", sys.reason);
		return STATUS_FAIL;
	}
	if (sys.hv_done && all_online && !any_usable) {
		const struct percpu *p = cpus[0];
		snfmt(reason, n, "no CPU offers usable %s: %s", hv->name,
		      p->error[0] ? p->error : hv_state_names[p->hv]);
		return STATUS_UNSUPPORTED;
	}
	if (!reason[0])
		checks_report_reason(reason, n);
	return reason[0] ? STATUS_FAIL : STATUS_PASS;
}

/* What a crashed AP took (kernel/panic.c): an exception, or a panic() (its text is "error"). */
static void crash_json(struct json *j, const struct percpu *p)
{
	const struct cpu_crash *c = &p->crash;

	json_obj_begin(j, "crashed");
	if (c->exception) {
		json_u64(j, "vector", c->vector);
		json_str(j, "name", exception_mnemonic(c->vector));
		json_hex(j, "error_code", c->error_code);
		json_hex(j, "rip", c->rip);
		if (c->vector == X86_TRAP_PF)
			json_hex(j, "cr2", c->cr2);
	} else {
		json_str(j, "name", "panic");
	}
	json_str(j, "stage", cpu_stage_name(c->stage));
	json_obj_end(j);
}

static void percpu_json(struct json *j, const struct percpu *p)
{
	json_obj_begin(j, NULL);
	json_u64(j, "cpu", p->index);
	json_u64(j, "apic_id", p->apic_id);
	json_bool(j, "online", p->online);
	if (sys.smp_done && p->online)
		json_u64(j, "online_us", p->online_us);
	if (sys.hv_done)
		json_str(j, hv->key, hv_state_names[p->hv]);
	if (sys.smp_done && p->online)
		json_str(j, "stage", cpu_stage_name(p->stage));
	if (p->error[0] || p->crashed)
		json_str(j, "error", p->error);
	if (p->crashed)
		crash_json(j, p);
	events_json(j, p);
	json_obj_begin(j, "topo");
	json_u64(j, "pkg", p->topo.pkg);
	json_u64(j, "core", p->topo.core);
	json_u64(j, "thread", p->topo.thread);
	json_u64(j, "node", p->topo.node);
	json_obj_end(j);
	if (sys.guest_stage) {
		json_str(j, "guest", guest_state_names[p->guest]);
		hv->report_cpu(j, p);
		checks_report_cpu(j, p);
	}
	json_obj_end(j);
}

/*
 * The per-CPU records, folded (docs/report.md, schema 2): the CPUs whose
 * records have the shape of a reference CPU's (the most common shape among
 * cpu1, cpu0, the middle CPU and the last one: the same
 * text once every number is left out) become one "percpu_common" object: their
 * cpulist, the first one's record, and for each number that varies among them
 * a number sequence in CPU order under its path. Every other CPU's record is
 * in "percpu" whole. A reader expands percpu_common back into one record per
 * CPU (tests/boot/judge.py does).
 */
#define REC_SIZE 4096
static char rec_buf[REC_SIZE];

static size_t render(const struct percpu *p)
{
	struct out_buf b;
	struct json j;

	out_buf_init(&b, rec_buf, sizeof(rec_buf));
	json_init(&j, &b.out);
	percpu_json(&j, p);
	return b.lost ? 0 : b.len;
}

static void percpu_section(struct json *j)
{
	uint64_t *shape = (uint64_t *)(uintptr_t)kalloc_pages(
		ALIGN_UP((size_t)ncpus * sizeof(uint64_t), PAGE_SIZE) / PAGE_SIZE, "report fold");
	static struct jfold_rec r, ref;
	static bool varies[JFOLD_MAX_NUMS];
	unsigned refcpu = 0, best = 0, first = ncpus;
	size_t len;

	for (unsigned i = 0; i < ncpus; i++) {
		shape[i] = 0;
		if (cpus[i] && (len = render(cpus[i]))) {
			jfold_read(rec_buf, len, &r);
			shape[i] = r.shape | 1;         /* 0: not foldable */
		}
	}
	/* The reference: the most common shape among cpu1, cpu0, the middle and the last CPU. */
	const unsigned cand[] = { ncpus > 1 ? 1 : 0, 0, ncpus / 2, ncpus - 1 };
	for (unsigned c = 0; c < ARRAY_SIZE(cand); c++) {
		unsigned n = 0;

		for (unsigned i = 0; i < ncpus && shape[cand[c]]; i++)
			n += shape[i] == shape[cand[c]];
		if (n > best)
			best = n, refcpu = cand[c];
	}
	json_arr_begin(j, "percpu");
	for (unsigned i = 0; i < ncpus; i++) {
		if (!cpus[i])
			continue;
		if (shape[i] && shape[i] == shape[refcpu]) {
			if (first == ncpus)
				first = i;
			continue;
		}
		percpu_json(j, cpus[i]);
	}
	json_arr_end(j);
	if (first == ncpus)
		return;

	/* Which numbers vary among the folded CPUs. */
	jfold_read(rec_buf, render(cpus[first]), &ref);
	for (unsigned k = 0; k < ref.n; k++)
		varies[k] = false;
	for (unsigned i = first + 1; i < ncpus; i++) {
		if (!shape[i] || shape[i] != shape[refcpu])
			continue;
		jfold_read(rec_buf, render(cpus[i]), &r);
		for (unsigned k = 0; k < ref.n && k < r.n; k++)
			varies[k] |= r.v[k] != ref.v[k];
	}

	json_obj_begin(j, "percpu_common");
	struct cpulist_w w;
	json_str_begin(j, "cpus");
	cpulist_begin(&w, j->o, NULL);
	for (unsigned i = first; i < ncpus; i++)
		if (shape[i] && shape[i] == shape[refcpu])
			cpulist_add(&w, i);
	cpulist_end(&w);
	json_str_end(j);
	len = render(cpus[first]);
	json_raw(j, "record", rec_buf, len);
	json_obj_begin(j, "each");
	for (unsigned k = 0; k < ref.n; k++) {
		char path[96];
		struct out_buf pb;
		struct numseq_w ns;

		if (!varies[k])
			continue;
		len = render(cpus[first]);
		out_buf_init(&pb, path, sizeof(path));
		jfold_path(rec_buf, len, ref.off[k], &pb.out);
		if (!strcmp(path, "cpu"))
			continue;               /* the cpulist says it */
		json_str_begin(j, path);
		numseq_begin(&ns, j->o);
		for (unsigned i = first; i < ncpus; i++) {
			if (!shape[i] || shape[i] != shape[refcpu])
				continue;
			jfold_read(rec_buf, render(cpus[i]), &r);
			numseq_add(&ns, r.v[k]);
		}
		numseq_end(&ns);
		json_str_end(j);
	}
	json_obj_end(j);
	json_obj_end(j);
}

void report_print(void)
{
	char reason[ERRBUF_SIZE + 64];
	unsigned online;
	static struct kvm_verdict kvm;
	enum report_status st = compute_status(reason, sizeof(reason), &online);
	const char *status = report_status_names[st];
	struct out_buf b;
	struct json j;
	char left_out[80] = "";
	uint64_t per_cpu_kib = sys.smp_done && ncpus ?
		(bump_allocated_kib(&kernel_bump) - sys.smp_alloc_kib) / ncpus : 0;

	if (sys.smp_done)
		kprintf("memory: %llu KiB allocated below 4 GiB, %llu KiB a CPU (%u CPU%s set up)\n",
			(unsigned long long)bump_allocated_kib(&kernel_bump),
			(unsigned long long)per_cpu_kib, ncpus, ncpus == 1 ? "" : "s");
	fold_summary_print();
	checks_report_summary();
	if (sys.cpus_left_user)
		snfmt(left_out, sizeof(left_out), "; %u of the %u listed CPUs left out by cpus=%u",
		      sys.cpus_left_user, sys.cpus_listed, kopts.cpus);
	if (sys.hv_done) {
		hv->kvm_verdict(&kvm);
		kvm_verdict_print(con(), &kvm);
	}
	/* The human verdict first: one line a person can read at a glance. */
	if (sys.guest_done && st == STATUS_PASS)
		kprintf("picovisor: PASS: %u/%u CPUs ran a guest (%s)%s\n", online, ncpus,
			hv->summary(), sys.cpus_left_user ? left_out : "");
	else
		kprintf("picovisor: %s: %u/%u CPUs online%s%s%s%s%s%s\n",
			st == STATUS_PASS ? "PASS" : st == STATUS_UNSUPPORTED ? "UNSUPPORTED" : "FAIL",
			online, ncpus, sys.hv_done && st == STATUS_PASS ? ", " : "",
			sys.hv_done && st == STATUS_PASS ? hv->label : "",
			sys.hv_done && st == STATUS_PASS ? " on every CPU" : "",
			reason[0] ? ": " : "", reason, sys.cpus_left_user ? left_out : "");

	out_buf_init(&b, report_buf, sizeof(report_buf));
	oputs(&b.out, "PICOVISOR-REPORT ");
	json_init(&j, &b.out);
	json_obj_begin(&j, NULL);
	json_u64(&j, "schema", 2);
	json_str(&j, "version", PV_VERSION);
	json_str(&j, "status", status);
	if (reason[0])
		json_str(&j, "reason", reason);
	json_str(&j, "firmware", sys.firmware);
	json_str(&j, "vendor", boot_cpuinfo.vendor);
	json_str(&j, "brand", boot_cpuinfo.brand);
	json_u64(&j, "family", boot_cpuinfo.family);
	json_u64(&j, "model", boot_cpuinfo.model);
	json_u64(&j, "stepping", boot_cpuinfo.stepping);
	if (sys.tsc_khz) {
		/* The TSC starts at 0 at reset: boot_us covers firmware and GRUB too. */
		uint64_t now = rdtsc();
		json_u64(&j, "tsc_khz", sys.tsc_khz);
		json_obj_begin(&j, "time");
		json_u64(&j, "boot_us", tsc_to_us(now));
		json_u64(&j, "kernel_us", tsc_to_us(now - sys.kmain_tsc));
		json_obj_end(&j);
	}
	json_obj_begin(&j, "mem");
	json_u64(&j, "usable_kib", bump_usable_kib(&kernel_bump));
	json_u64(&j, "allocated_kib", bump_allocated_kib(&kernel_bump));
	if (sys.smp_done)
		json_u64(&j, "per_cpu_kib", per_cpu_kib);
	json_obj_end(&j);
	if (sys.smp_done) {
		json_obj_begin(&j, "cpus");
		json_u64(&j, "expected", sys.cpus_listed);
		json_u64(&j, "listed", sys.cpus_listed);
		json_u64(&j, "online", online);
		json_u64(&j, "tested", report_cpus_tested());
		untested_json(&j);
		crashed_json(&j);
		topology_json(&j);
		json_u64(&j, "bringup_us", sys.bringup_us);
		json_obj_begin(&j, "deadlines");
		json_u64(&j, "checkin_ms", sys.checkin_ms);
		json_u64(&j, "stage_ms", watch_stage_limit_ms(STAGE_HV_SETUP));
		json_u64(&j, "guest_ms", watch_stage_limit_ms(STAGE_GUEST));
		json_u64(&j, "checks_ms", watch_stage_limit_ms(STAGE_CHECKS));
		json_obj_end(&j);
		json_obj_end(&j);
		percpu_section(&j);
	}
	platform_json(&j);
	if (sys.hv_setup)
		hv->report(&j);
	checks_report_json(&j);
	if (sys.hv_done)
		kvm_verdict_json(&j, &kvm);
	json_obj_end(&j);
	oputs(&b.out, "\n");
	if (b.lost) {
		/* Never print a cut JSON line: say so in a valid, shorter one. */
		out_buf_init(&b, report_buf, sizeof(report_buf));
		oprintf(&b.out, "PICOVISOR-REPORT {\"schema\":2,\"version\":\"%s\",\"status\":\"fail\","
			"\"reason\":\"report larger than %u bytes\"}\n", PV_VERSION, REPORT_BUF_SIZE);
	}
	screen_final(st, sys.hv_done ? &kvm : NULL);
	console_write_whole(report_buf, b.len);
	emu_exit(st == STATUS_PASS ? EMU_EXIT_PASS : st == STATUS_UNSUPPORTED ? EMU_EXIT_UNSUPPORTED
		 : EMU_EXIT_FAIL);
}
