/* SPDX-License-Identifier: MIT */
/*
 * The vendor-neutral KVM verdict: entries, reasons, console line, report
 * object. Pure code.
 */
#include "pure/kvm_verdict.h"
#include "lib/string.h"

void kvm_verdict_init(struct kvm_verdict *v, const char *module, const char *kernel)
{
	memset(v, 0, sizeof(*v));
	v->module = module;
	v->kernel = kernel;
	v->loads = true;
}

static int find_index(const struct kvm_verdict *v, const char *name)
{
	for (unsigned i = 0; i < v->nr_enable; i++)
		if (!strcmp(v->enable[i].name, name))
			return (int)i;
	return -1;
}

void kvm_verdict_set(struct kvm_verdict *v, const char *name, bool on, const char *why)
{
	int i = find_index(v, name);
	struct kvm_enable *e = i >= 0 ? &v->enable[i] : NULL;

	if (!e) {
		if (v->nr_enable >= KVM_VERDICT_MAX_ENABLE)
			return;
		e = &v->enable[v->nr_enable++];
		e->name = name;
	}
	e->on = on;
	e->why = on ? NULL : why;
}

const struct kvm_enable *kvm_verdict_find(const struct kvm_verdict *v, const char *name)
{
	int i = find_index(v, name);

	return i >= 0 ? &v->enable[i] : NULL;
}

void kvm_verdict_quirk(struct kvm_verdict *v, const char *name, const char *fmt, ...)
{
	struct kvm_quirk *q;
	va_list ap;

	if (v->nr_quirks >= KVM_VERDICT_MAX_QUIRKS)
		return;
	q = &v->quirk[v->nr_quirks++];
	q->name = name;
	va_start(ap, fmt);
	vsnfmt(q->effect, sizeof(q->effect), fmt, ap);
	va_end(ap);
}

const struct kvm_quirk *kvm_verdict_find_quirk(const struct kvm_verdict *v, const char *name)
{
	for (unsigned i = 0; i < v->nr_quirks; i++)
		if (!strcmp(v->quirk[i].name, name))
			return &v->quirk[i];
	return NULL;
}

void kvm_verdict_all_off(struct kvm_verdict *v)
{
	for (unsigned i = 0; i < v->nr_enable; i++) {
		v->enable[i].on = false;
		v->enable[i].why = "the module does not load";
	}
}

/* Appends to reason; once full, the text ends in "..." and stays so. */
static void reason_write(struct out *o, const char *s, size_t n)
{
	struct kvm_verdict *v = ((struct kvm_reason_out *)o)->v;
	size_t cap = sizeof(v->reason) - 1;
	size_t len = strnlen(v->reason, cap);
	size_t room = cap - len;

	if (room == 0)
		return;
	if (n <= room) {
		memcpy(v->reason + len, s, n);
		v->reason[len + n] = '\0';
		return;
	}
	memcpy(v->reason + len, s, room);
	v->reason[cap] = '\0';
	memcpy(v->reason + cap - 3, "...", 3);
}

void kvm_verdict_reason_begin(struct kvm_reason_out *r, struct kvm_verdict *v)
{
	r->out.write = reason_write;
	r->v = v;
	if (v->reason[0])
		oputs(&r->out, "; ");
	v->loads = false;
}

void kvm_verdict_fail(struct kvm_verdict *v, const char *fmt, ...)
{
	struct kvm_reason_out r;
	va_list ap;

	kvm_verdict_reason_begin(&r, v);
	va_start(ap, fmt);
	ovprintf(&r.out, fmt, ap);
	va_end(ap);
}

static void print_quirks(struct out *o, const struct kvm_verdict *v)
{
	for (unsigned i = 0; i < v->nr_quirks; i++)
		oprintf(o, "kvm: Linux %s %s quirk %s: %s\n", v->kernel, v->module, v->quirk[i].name,
			v->quirk[i].effect);
}

void kvm_verdict_print(struct out *o, const struct kvm_verdict *v)
{
	const char *sep = "";
	unsigned on = 0, i;

	if (!v->loads) {
		oprintf(o, "kvm: Linux %s %s would NOT load: %s\n", v->kernel, v->module,
			v->reason[0] ? v->reason : "(no reason recorded)");
		print_quirks(o, v);
		return;
	}
	oprintf(o, "kvm: Linux %s %s would load:", v->kernel, v->module);
	for (i = 0; i < v->nr_enable; i++)
		if (v->enable[i].on) {
			oprintf(o, " %s", v->enable[i].name);
			on++;
		}
	oputs(o, on ? "\n" : " no optional feature\n");
	if (on == v->nr_enable) {
		print_quirks(o, v);
		return;
	}
	oprintf(o, "kvm: Linux %s %s would leave off:", v->kernel, v->module);
	for (i = 0; i < v->nr_enable; i++) {
		const struct kvm_enable *e = &v->enable[i];

		if (e->on)
			continue;
		oprintf(o, "%s %s", sep, e->name);
		if (e->why)
			oprintf(o, " (%s)", e->why);
		sep = ",";
	}
	oputs(o, "\n");
	print_quirks(o, v);
}

void kvm_verdict_json(struct json *j, const struct kvm_verdict *v)
{
	json_obj_begin(j, "kvm");
	json_str(j, "module", v->module);
	json_str(j, "kernel", v->kernel);
	json_bool(j, "loads", v->loads);
	if (!v->loads)
		json_str(j, "reason", v->reason);
	json_obj_begin(j, "enable");
	for (unsigned i = 0; i < v->nr_enable; i++)
		json_bool(j, v->enable[i].name, v->loads && v->enable[i].on);
	json_obj_end(j);
	json_arr_begin(j, "quirks");
	for (unsigned i = 0; i < v->nr_quirks; i++) {
		json_obj_begin(j, NULL);
		json_str(j, "name", v->quirk[i].name);
		json_str(j, "effect", v->quirk[i].effect);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}
