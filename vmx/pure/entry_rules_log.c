/* SPDX-License-Identifier: MIT */
/*
 * The VM-entry rules on a captured log (tools/vmxdecode --entry-check): the
 * capability MSRs, the environment line and each CPU's "vmcs:" block, as the
 * kernel prints them after a failed or refused entry (vmx/entry_check.c).
 */
#include "vmx/pure/entry_rules.h"
#include "lib/scan.h"
#include "lib/string.h"

/* The CPU index of a "[cpuN] vmcs: 0x" line, or -1. */
static void one_cpu(struct out *o, const struct er_vmcs *v, const struct er_env *e, int cpu,
		    int *rc)
{
	struct er_result r;
	struct er_outcome oc;

	if (cpu >= 0)
		oprintf(o, "cpu%d: ", cpu);
	if (!er_check(v, e, &r)) {
		oprintf(o, "all %u VM-entry rules hold (a CPU that refused this state rejected "
			"a state that passes all %u rules)\n", er_rule_count(), er_rule_count());
		return;
	}
	er_outcome(&r, &oc);
	oprintf(o, "%u VM-entry rule%s broken; the CPU would give ", r.count,
		r.count == 1 ? "" : "s");
	er_outcome_print(o, &oc);
	oputs(o, "\n");
	er_print_broken(o, &r);
	*rc = 3;
}

struct decode_ctx {
	struct out *o;
	const char *text;
	size_t len;
	struct er_vmcs *v;
	const struct er_env *e;
	int rc;
};

static void decode_cpu(void *ctx, int cpu, const char *prefix)
{
	struct decode_ctx *d = ctx;

	er_parse_image_cpu(d->v, d->text, d->len, prefix);
	one_cpu(d->o, d->v, d->e, cpu, &d->rc);
}

int er_decode_log(struct out *o, const char *text, size_t len)
{
	static struct er_vmcs v;
	struct vmx_parse_result pr;
	struct vmx_caps caps;
	struct er_env e;
	struct decode_ctx d = { .o = o, .text = text, .len = len, .v = &v, .e = &e };

	if (vmx_caps_parse_text(&caps, text, len, &pr)) {
		oprintf(o, "vmxdecode: no capability MSRs: %s\n", pr.msg);
		return 1;
	}
	er_env_init(&e, &caps);
	if (!er_parse_env(&e, text, len))
		oputs(o, "vmxdecode: no \"vmcs: env\" line: assuming MAXPHYADDR 36, 48-bit linear\n");
	if (scan_cpus(text, len, "vmcs: 0x", decode_cpu, &d))
		return d.rc;
	/* No "[cpuN]" prefixes: the whole text is one VMCS. */
	if (!er_parse_image(&v, text, len)) {
		oputs(o, "vmxdecode: no \"vmcs: 0xENCODING = 0xVALUE\" lines in the log\n");
		return 1;
	}
	one_cpu(o, &v, &e, -1, &d.rc);
	return d.rc;
}
