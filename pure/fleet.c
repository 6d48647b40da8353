/* SPDX-License-Identifier: MIT */
/*
 * The fleet table (pure/fleet.h): report lines read back, rows, groups.
 */
#include "lib/json.h"
#include "lib/string.h"
#include "pure/fleet.h"

/* ---- small string helpers ------------------------------------------------------ */

/* Append s to dst (cap bytes, NUL-terminated), cutting with "..." when full. */
static void cat(char *dst, size_t cap, const char *s)
{
	size_t n = strnlen(dst, cap), k = strlen(s);

	if (n + 1 >= cap)
		return;
	if (n + k < cap) {
		memcpy(dst + n, s, k + 1);
		return;
	}
	memcpy(dst + n, s, cap - 1 - n);
	dst[cap - 1] = '\0';
	if (cap >= 4)
		memcpy(dst + cap - 4, "...", 3);
}

static void copy(char *dst, size_t cap, const char *s)
{
	dst[0] = '\0';
	cat(dst, cap, s);
}

/* String member `path` of node i into dst ("" when absent or not a string). */
static void get_str(const struct jr_doc *d, int i, const char *path, char *dst, size_t cap)
{
	long n = jr_str(d, jr_path(d, i, path), dst, cap);

	/* Control characters (a decoded \n, \t) would break the table and the CSV rows. */
	for (char *p = dst; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (n >= (long)cap && cap >= 4)
		memcpy(dst + cap - 4, "...", 3);
}

/* ---- cpulists ------------------------------------------------------------------- */

/* A cpulist built number by number: ascending runs fold into a-b ranges. */
struct runs {
	char *buf;
	size_t cap;
	uint64_t lo, hi;
	bool have;
};

static void runs_flush(struct runs *r)
{
	char part[48];

	if (!r->have)
		return;
	if (r->lo == r->hi)
		snfmt(part, sizeof(part), "%s%llu", r->buf[0] ? "," : "", (unsigned long long)r->lo);
	else
		snfmt(part, sizeof(part), "%s%llu-%llu", r->buf[0] ? "," : "",
		      (unsigned long long)r->lo, (unsigned long long)r->hi);
	cat(r->buf, r->cap, part);
	r->have = false;
}

static void runs_add(struct runs *r, uint64_t v)
{
	if (r->have && v == r->hi)
		return;
	if (r->have && r->hi != UINT64_MAX && v == r->hi + 1) {
		r->hi = v;
		return;
	}
	runs_flush(r);
	r->lo = r->hi = v;
	r->have = true;
}

static void runs_init(struct runs *r, char *buf, size_t cap)
{
	r->buf = buf;
	r->cap = cap;
	r->have = false;
	buf[0] = '\0';
}

static void sort_u64(uint64_t *v, size_t n)
{
	/* Shell sort: the lists are CPU numbers, at most a few thousand. */
	for (size_t gap = n / 2; gap; gap /= 2)
		for (size_t i = gap; i < n; i++)
			for (size_t j = i; j >= gap && v[j - gap] > v[j]; j -= gap) {
				uint64_t t = v[j];
				v[j] = v[j - gap];
				v[j - gap] = t;
			}
}

void fleet_cpulist(uint64_t *v, size_t n, char *buf, size_t cap)
{
	struct runs r;

	runs_init(&r, buf, cap);
	sort_u64(v, n);
	for (size_t i = 0; i < n; i++)
		runs_add(&r, v[i]);
	runs_flush(&r);
}

/*
 * An array of numbers (schema 1; reports list them ascending, other orders
 * are kept as given) or a cpulist string (schema 2) at node i.
 */
static void list_at(const struct jr_doc *d, int i, char *buf, size_t cap)
{
	struct runs r;
	uint64_t v;

	runs_init(&r, buf, cap);
	if (i < 0)
		return;
	if (d->nodes[i].type == JR_STRING) {
		get_str(d, i, "", buf, cap);
		return;
	}
	if (d->nodes[i].type != JR_ARRAY)
		return;
	for (int e = jr_index(d, i, 0); e >= 0; e = jr_next(d, i, e))
		if (jr_u64(d, e, &v) == 0)
			runs_add(&r, v);
	runs_flush(&r);
}

/* ---- reading -------------------------------------------------------------------- */

static void set_status(struct fleet_machine *m, enum fleet_result r, const char *status,
		       const char *why)
{
	m->result = r;
	copy(m->status, sizeof(m->status), status);
	copy(m->why, sizeof(m->why), why);
	copy(m->reason, sizeof(m->reason), why);
}

static void read_cpus(const struct jr_doc *d, struct fleet_machine *m)
{
	int pc = jr_get(d, 0, "percpu");

	m->has_cpus = jr_u64(d, jr_path(d, 0, "cpus.listed"), &m->listed) == 0 ||
		      jr_u64(d, jr_path(d, 0, "cpus.expected"), &m->listed) == 0;
	if (jr_u64(d, jr_path(d, 0, "cpus.tested"), &m->tested) == 0)
		return;
	/* Schema 1: the CPUs whose per-CPU work ran to its end. */
	m->tested = 0;
	for (int e = jr_index(d, pc, 0); e >= 0; e = jr_next(d, pc, e)) {
		bool on = false;
		int st = jr_get(d, e, "stage");

		if (st >= 0 ? jr_str_eq(d, st, "done")
			    : jr_bool(d, jr_get(d, e, "online"), &on) == 0 && on)
			m->tested++;
	}
}

static void read_crashed(const struct jr_doc *d, struct fleet_machine *m)
{
	int c = jr_path(d, 0, "cpus.crashed"), pc = jr_get(d, 0, "percpu");
	struct runs r;
	uint64_t v;

	if (c >= 0) {
		list_at(d, c, m->crashed, sizeof(m->crashed));
		return;
	}
	runs_init(&r, m->crashed, sizeof(m->crashed));
	for (int e = jr_index(d, pc, 0); e >= 0; e = jr_next(d, pc, e))
		if (jr_get(d, e, "crashed") >= 0 && jr_u64(d, jr_get(d, e, "cpu"), &v) == 0)
			runs_add(&r, v);
	runs_flush(&r);
}

/* The backend's state: its object's "state", else the per-CPU values (all equal, or "mixed"). */
static void read_backend(const struct jr_doc *d, struct fleet_machine *m)
{
	static const char *const names[] = { "vmx", "svm" };
	int pc = jr_get(d, 0, "percpu"), first = jr_index(d, pc, 0);
	int common = jr_path(d, 0, "percpu_common.record");
	char val[32];

	for (int k = 0; k < 2 && !m->backend[0]; k++)
		if (jr_get(d, first, names[k]) >= 0 || jr_get(d, common, names[k]) >= 0)
			copy(m->backend, sizeof(m->backend), names[k]);
	for (int k = 0; k < 2 && !m->backend[0]; k++)
		if (jr_get(d, 0, names[k]) >= 0)
			copy(m->backend, sizeof(m->backend), names[k]);
	if (!m->backend[0])
		return;
	if (jr_str(d, jr_path(d, jr_get(d, 0, m->backend), "state"), m->backend_state,
		   sizeof(m->backend_state)) >= 0)
		return;
	m->backend_state[0] = '\0';
	if (jr_str(d, jr_get(d, common, m->backend), val, sizeof(val)) >= 0)
		copy(m->backend_state, sizeof(m->backend_state), val);
	for (int e = first; e >= 0; e = jr_next(d, pc, e)) {
		if (jr_str(d, jr_get(d, e, m->backend), val, sizeof(val)) < 0)
			continue;
		if (!m->backend_state[0])
			copy(m->backend_state, sizeof(m->backend_state), val);
		else if (strcmp(m->backend_state, val))
			copy(m->backend_state, sizeof(m->backend_state), "mixed");
	}
}

static void read_kvm(const struct jr_doc *d, struct fleet_machine *m)
{
	int k = jr_get(d, 0, "kvm"), en = jr_get(d, k, "enable");
	bool loads;

	if (k < 0)
		return;
	get_str(d, k, "module", m->kvm_module, sizeof(m->kvm_module));
	if (jr_bool(d, jr_get(d, k, "loads"), &loads) == 0)
		copy(m->kvm, sizeof(m->kvm), loads ? "loads" : "refused");
	for (int e = jr_index(d, en, 0); e >= 0; e = jr_next(d, en, e)) {
		bool on;
		char name[48];
		size_t kl = d->nodes[e].key_len < sizeof(name) - 1 ? d->nodes[e].key_len
								   : sizeof(name) - 1;

		if (jr_bool(d, e, &on) < 0 || !on)
			continue;
		memcpy(name, d->nodes[e].key, kl);
		name[kl] = '\0';
		if (m->kvm_flags[0])
			cat(m->kvm_flags, sizeof(m->kvm_flags), " ");
		cat(m->kvm_flags, sizeof(m->kvm_flags), name);
	}
}

static void read_checks(const struct jr_doc *d, struct fleet_machine *m)
{
	int cs = jr_get(d, 0, "checks");

	if (cs < 0 || d->nodes[cs].type != JR_ARRAY)
		return;
	for (int e = jr_index(d, cs, 0); e >= 0; e = jr_next(d, cs, e)) {
		char name[48], list[160];

		if (!jr_str_eq(d, jr_get(d, e, "result"), "fail"))
			continue;
		get_str(d, e, "name", name, sizeof(name));
		list_at(d, jr_get(d, e, "cpus_failed"), list, sizeof(list));
		if (m->failed[0])
			cat(m->failed, sizeof(m->failed), " ");
		cat(m->failed, sizeof(m->failed), name[0] ? name : "?");
		cat(m->failed, sizeof(m->failed), ":");
		cat(m->failed, sizeof(m->failed), list);
	}
}

static void clear(struct fleet_machine *m)
{
	char log[sizeof(m->log)];

	memcpy(log, m->log, sizeof(log));
	memset(m, 0, sizeof(*m));
	memcpy(m->log, log, sizeof(log));
	m->log[sizeof(m->log) - 1] = '\0';
}

void fleet_read_report(const char *json, size_t len, struct jr_node *nodes, size_t nnodes,
		       struct fleet_machine *m)
{
	struct jr_doc d;
	char why[160];
	uint64_t v;

	clear(m);
	if (jr_parse(json, len, nodes, nnodes, &d) < 0) {
		snfmt(why, sizeof(why), "report line is not valid JSON: %s at byte %llu", d.error,
		      (unsigned long long)d.error_at);
		set_status(m, FLEET_BAD_REPORT, "bad-report", why);
		return;
	}
	if (d.nodes[0].type != JR_OBJECT) {
		set_status(m, FLEET_BAD_REPORT, "bad-report", "report line is not a JSON object");
		return;
	}
	m->result = FLEET_REPORT;
	if (jr_u64(&d, jr_get(&d, 0, "schema"), &v) == 0 && v < 1000)
		m->schema = (unsigned)v;
	get_str(&d, 0, "status", m->status, sizeof(m->status));
	if (!m->status[0])
		copy(m->status, sizeof(m->status), "?");
	get_str(&d, 0, "reason", m->reason, sizeof(m->reason));
	get_str(&d, 0, "platform.sys_vendor", m->sys_vendor, sizeof(m->sys_vendor));
	get_str(&d, 0, "platform.product_name", m->product_name, sizeof(m->product_name));
	get_str(&d, 0, "platform.product_serial", m->product_serial, sizeof(m->product_serial));
	get_str(&d, 0, "platform.product_uuid", m->product_uuid, sizeof(m->product_uuid));
	get_str(&d, 0, "vendor", m->vendor, sizeof(m->vendor));
	get_str(&d, 0, "brand", m->brand, sizeof(m->brand));
	m->has_fms = jr_u64(&d, jr_get(&d, 0, "family"), &m->family) == 0 &&
		     jr_u64(&d, jr_get(&d, 0, "model"), &m->model) == 0 &&
		     jr_u64(&d, jr_get(&d, 0, "stepping"), &m->stepping) == 0;
	read_cpus(&d, m);
	read_backend(&d, m);
	read_kvm(&d, m);
	read_checks(&d, m);
	read_crashed(&d, m);
}

/* Where `prefix` starts in the line [s, s + n), or NULL. */
static const char *find_in_line(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	for (size_t i = 0; i + k <= n; i++)
		if (s[i] == prefix[0] && !memcmp(s + i, prefix, k))
			return s + i;
	return NULL;
}

void fleet_read(const char *text, size_t len, struct jr_node *nodes, size_t nnodes,
		struct fleet_machine *m)
{
	const char *rep = NULL, *panic = NULL;
	size_t rep_len = 0, panic_len = 0;

	for (size_t i = 0; i < len;) {
		size_t e = i, n;
		const char *p;

		while (e < len && text[e] != '\n')
			e++;
		n = e - i;
		while (n && (text[i + n - 1] == '\r' || text[i + n - 1] == ' '))
			n--;
		if ((p = find_in_line(text + i, n, FLEET_REPORT_PREFIX)) != NULL) {
			rep = p + strlen(FLEET_REPORT_PREFIX);
			rep_len = (size_t)(text + i + n - rep);
		} else if (!panic && (p = find_in_line(text + i, n, FLEET_PANIC_PREFIX)) != NULL) {
			panic = p;
			panic_len = (size_t)(text + i + n - p);
		}
		i = e + 1;
	}
	if (rep) {
		fleet_read_report(rep, rep_len, nodes, nnodes, m);
		return;
	}
	clear(m);
	if (panic) {
		char why[160];
		size_t k = panic_len < sizeof(why) - 1 ? panic_len : sizeof(why) - 1;

		memcpy(why, panic, k);
		why[k] = '\0';
		for (char *c = why; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		set_status(m, FLEET_NO_REPORT, "panic", why);
		return;
	}
	set_status(m, FLEET_NO_REPORT, "no-report", "no PICOVISOR-REPORT line");
}

/* ---- groups and exit status ------------------------------------------------------ */

/* The answer that groups compare: status, backend state, KVM, failed check names. */
static void answer(const struct fleet_machine *m, char *buf, size_t cap)
{
	const char *f = m->failed;

	buf[0] = '\0';
	cat(buf, cap, m->status);
	cat(buf, cap, "; ");
	if (m->backend[0]) {
		cat(buf, cap, m->backend);
		cat(buf, cap, " ");
		cat(buf, cap, m->backend_state[0] ? m->backend_state : "?");
	} else {
		cat(buf, cap, "no backend");
	}
	cat(buf, cap, "; ");
	if (m->kvm[0]) {
		cat(buf, cap, m->kvm_module);
		cat(buf, cap, " ");
		cat(buf, cap, m->kvm);
		if (m->kvm_flags[0]) {
			cat(buf, cap, " (");
			cat(buf, cap, m->kvm_flags);
			cat(buf, cap, ")");
		}
	} else {
		cat(buf, cap, "no kvm verdict");
	}
	cat(buf, cap, "; ");
	if (!*f) {
		cat(buf, cap, "no failed checks");
		return;
	}
	cat(buf, cap, "failed:");
	/* The names only: the CPU lists differ with the machines' sizes. */
	while (*f) {
		char name[64];
		size_t k = 0;

		while (*f && *f != ':' && *f != ' ' && k < sizeof(name) - 1)
			name[k++] = *f++;
		name[k] = '\0';
		cat(buf, cap, " ");
		cat(buf, cap, name);
		while (*f && *f != ' ')
			f++;
		while (*f == ' ')
			f++;
	}
}

#define FLEET_ANSWER_MAX 1024

unsigned fleet_group(struct fleet_machine *ms, size_t n)
{
	static char a[FLEET_ANSWER_MAX], b[FLEET_ANSWER_MAX];
	unsigned groups = 0;

	for (size_t i = 0; i < n; i++)
		ms[i].group = 0;
	for (size_t i = 0; i < n; i++) {
		if (ms[i].group)
			continue;
		ms[i].group = ++groups;
		answer(&ms[i], a, sizeof(a));
		for (size_t j = i + 1; j < n; j++) {
			if (ms[j].group)
				continue;
			answer(&ms[j], b, sizeof(b));
			if (!strcmp(a, b))
				ms[j].group = groups;
		}
	}
	return groups;
}

int fleet_exit_status(const struct fleet_machine *ms, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (ms[i].result != FLEET_REPORT)
			return 2;
		if (strcmp(ms[i].status, "pass"))
			rc = 1;
	}
	return rc;
}

/* ---- output ---------------------------------------------------------------------- */

enum col { C_LOG, C_GROUP, C_STATUS, C_MACHINE, C_CPU, C_CPUS, C_BACKEND, C_KVM, C_FAILED,
	   C_CRASHED, C_N };

static const char *const col_names[C_N] = {
	"LOG", "GROUP", "STATUS", "MACHINE", "CPU", "CPUS", "BACKEND", "KVM", "FAILED", "CRASHED",
};

/* One table cell; "-" for nothing. */
static void cell(const struct fleet_machine *m, enum col c, char *buf, size_t cap)
{
	buf[0] = '\0';
	switch (c) {
	case C_LOG:
		copy(buf, cap, m->log);
		break;
	case C_GROUP:
		snfmt(buf, cap, "%u", m->group);
		break;
	case C_STATUS:
		copy(buf, cap, m->status);
		break;
	case C_MACHINE:
		cat(buf, cap, m->sys_vendor);
		if (m->product_name[0]) {
			if (buf[0])
				cat(buf, cap, " ");
			cat(buf, cap, m->product_name);
		}
		if (m->product_serial[0]) {
			cat(buf, cap, buf[0] ? " #" : "#");
			cat(buf, cap, m->product_serial);
		}
		break;
	case C_CPU:
		if (m->result != FLEET_REPORT)
			break;
		cat(buf, cap, m->vendor);
		if (m->has_fms) {
			char fms[48];
			snfmt(fms, sizeof(fms), " %llu/%llu/%llu", (unsigned long long)m->family,
			      (unsigned long long)m->model, (unsigned long long)m->stepping);
			cat(buf, cap, fms);
		}
		if (m->brand[0]) {
			cat(buf, cap, " ");
			cat(buf, cap, m->brand);
		}
		break;
	case C_CPUS:
		if (m->has_cpus)
			snfmt(buf, cap, "%llu/%llu", (unsigned long long)m->tested,
			      (unsigned long long)m->listed);
		break;
	case C_BACKEND:
		if (m->backend[0])
			snfmt(buf, cap, "%s %s", m->backend,
			      m->backend_state[0] ? m->backend_state : "?");
		break;
	case C_KVM:
		if (m->kvm[0]) {
			snfmt(buf, cap, "%s %s", m->kvm_module, m->kvm);
			if (m->kvm_flags[0]) {
				cat(buf, cap, ": ");
				cat(buf, cap, m->kvm_flags);
			}
		}
		break;
	case C_FAILED:
		copy(buf, cap, m->failed);
		break;
	case C_CRASHED:
		copy(buf, cap, m->crashed);
		break;
	default:
		break;
	}
	if (!buf[0])
		copy(buf, cap, "-");
}

#define CELL_MAX 600

static void pad(struct out *o, size_t n)
{
	while (n--)
		oputs(o, " ");
}

void fleet_print_table(const struct fleet_machine *ms, size_t n, struct out *o)
{
	static char buf[CELL_MAX], ans[FLEET_ANSWER_MAX];
	size_t w[C_N];
	unsigned groups = 0;

	for (int c = 0; c < C_N; c++)
		w[c] = strlen(col_names[c]);
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < C_N; c++) {
			cell(&ms[i], (enum col)c, buf, sizeof(buf));
			if (strlen(buf) > w[c])
				w[c] = strlen(buf);
		}
	for (int c = 0; c < C_N; c++) {
		oputs(o, col_names[c]);
		if (c + 1 < C_N)
			pad(o, w[c] - strlen(col_names[c]) + 2);
	}
	oputs(o, "\n");
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < C_N; c++) {
			cell(&ms[i], (enum col)c, buf, sizeof(buf));
			oputs(o, buf);
			if (c + 1 < C_N)
				pad(o, w[c] - strlen(buf) + 2);
		}
		oputs(o, "\n");
		if (ms[i].group > groups)
			groups = ms[i].group;
	}
	for (size_t i = 0; i < n; i++)
		if (ms[i].result != FLEET_REPORT)
			oprintf(o, "%s: %s\n", ms[i].log, ms[i].why);
	oprintf(o, "\n%u group%s of machines that gave the same answer:\n", groups,
		groups == 1 ? "" : "s");
	for (unsigned g = 1; g <= groups; g++) {
		size_t k = 0, first = 0;

		for (size_t i = 0; i < n; i++)
			if (ms[i].group == g && !k++)
				first = i;
		if (!k)
			continue;
		answer(&ms[first], ans, sizeof(ans));
		oprintf(o, "group %u: %zu machine%s: %s\n ", g, k, k == 1 ? "" : "s", ans);
		for (size_t i = 0; i < n; i++)
			if (ms[i].group == g)
				oprintf(o, " %s", ms[i].log);
		oputs(o, "\n");
	}
}

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
static void csv_field(struct out *o, const char *s, bool last)
{
	bool q = false;

	for (const char *p = s; *p; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			q = true;
	if (q) {
		oputs(o, "\"");
		for (const char *p = s; *p; p++) {
			char c[2] = { *p, 0 };
			oputs(o, *p == '"' ? "\"\"" : c);
		}
		oputs(o, "\"");
	} else {
		oputs(o, s);
	}
	oputs(o, last ? "\r\n" : ",");
}

#define CSV_COLS 25
static const char *const csv_names[CSV_COLS] = {
	"log", "group", "status", "reason", "schema", "sys_vendor", "product_name",
	"product_serial", "product_uuid", "vendor", "brand", "family", "model", "stepping",
	"cpus_listed", "cpus_tested", "backend", "backend_state", "kvm_module", "kvm",
	"kvm_enabled", "checks_failed", "cpus_crashed", "answer", "result",
};

static void csv_values(const struct fleet_machine *m, const char *v[CSV_COLS], char num[6][24],
		       char *ans, size_t anscap)
{
	static const char *const results[] = { "report", "no-report", "bad-report" };

	snfmt(num[0], 24, "%u", m->group);
	snfmt(num[1], 24, "%u", m->schema);
	num[2][0] = num[3][0] = num[4][0] = num[5][0] = '\0';
	if (m->has_fms) {
		snfmt(num[2], 24, "%llu", (unsigned long long)m->family);
		snfmt(num[3], 24, "%llu", (unsigned long long)m->model);
		snfmt(num[4], 24, "%llu", (unsigned long long)m->stepping);
	}
	answer(m, ans, anscap);
	v[0] = m->log;
	v[1] = num[0];
	v[2] = m->status;
	v[3] = m->reason;
	v[4] = m->schema ? num[1] : "";
	v[5] = m->sys_vendor;
	v[6] = m->product_name;
	v[7] = m->product_serial;
	v[8] = m->product_uuid;
	v[9] = m->vendor;
	v[10] = m->brand;
	v[11] = num[2];
	v[12] = num[3];
	v[13] = num[4];
	v[14] = "";
	v[15] = "";
	v[16] = m->backend;
	v[17] = m->backend_state;
	v[18] = m->kvm_module;
	v[19] = m->kvm;
	v[20] = m->kvm_flags;
	v[21] = m->failed;
	v[22] = m->crashed;
	v[23] = ans;
	v[24] = results[m->result];
}

void fleet_print_csv(const struct fleet_machine *ms, size_t n, struct out *o)
{
	static char ans[FLEET_ANSWER_MAX];
	const char *v[CSV_COLS];
	char num[6][24], listed[24], tested[24];

	for (int c = 0; c < CSV_COLS; c++)
		csv_field(o, csv_names[c], c + 1 == CSV_COLS);
	for (size_t i = 0; i < n; i++) {
		csv_values(&ms[i], v, num, ans, sizeof(ans));
		listed[0] = tested[0] = '\0';
		if (ms[i].has_cpus) {
			snfmt(listed, sizeof(listed), "%llu", (unsigned long long)ms[i].listed);
			snfmt(tested, sizeof(tested), "%llu", (unsigned long long)ms[i].tested);
		}
		v[14] = listed;
		v[15] = tested;
		for (int c = 0; c < CSV_COLS; c++)
			csv_field(o, v[c], c + 1 == CSV_COLS);
	}
}

void fleet_print_json(const struct fleet_machine *ms, size_t n, struct out *o)
{
	static char ans[FLEET_ANSWER_MAX];
	struct json j;
	const char *v[CSV_COLS];
	char num[6][24];
	unsigned groups = 0;

	json_init(&j, o);
	json_obj_begin(&j, NULL);
	json_arr_begin(&j, "machines");
	for (size_t i = 0; i < n; i++) {
		const struct fleet_machine *m = &ms[i];

		csv_values(m, v, num, ans, sizeof(ans));
		json_obj_begin(&j, NULL);
		json_str(&j, "log", m->log);
		json_u64(&j, "group", m->group);
		json_str(&j, "result", v[24]);
		json_str(&j, "status", m->status);
		json_str(&j, "reason", m->reason);
		for (int c = 4; c <= 23; c++) {
			bool empty = !v[c][0];

			if (c == 14 || c == 15) {
				if (m->has_cpus)
					json_u64(&j, csv_names[c], c == 14 ? m->listed : m->tested);
				else
					json_null(&j, csv_names[c]);
			} else if (c == 4 || (c >= 11 && c <= 13)) {
				if (empty)
					json_null(&j, csv_names[c]);
				else
					json_u64(&j, csv_names[c], c == 4 ? m->schema : c == 11 ?
						 m->family : c == 12 ? m->model : m->stepping);
			} else {
				json_str(&j, csv_names[c], v[c]);
			}
		}
		json_obj_end(&j);
		if (m->group > groups)
			groups = m->group;
	}
	json_arr_end(&j);
	json_arr_begin(&j, "groups");
	for (unsigned g = 1; g <= groups; g++) {
		bool first = true;

		for (size_t i = 0; i < n; i++) {
			if (ms[i].group != g)
				continue;
			if (first) {
				answer(&ms[i], ans, sizeof(ans));
				json_obj_begin(&j, NULL);
				json_u64(&j, "group", g);
				json_str(&j, "answer", ans);
				json_arr_begin(&j, "logs");
				first = false;
			}
			json_str(&j, NULL, ms[i].log);
		}
		if (!first) {
			json_arr_end(&j);
			json_obj_end(&j);
		}
	}
	json_arr_end(&j);
	json_obj_end(&j);
	oputs(o, "\n");
}
