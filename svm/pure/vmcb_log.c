/* SPDX-License-Identifier: MIT */
/*
 * The VMRUN rules on a captured log (tools/svmdecode --entry-check): the
 * environment line and each CPU's "vmcb:" block as the kernel prints them
 * before a refused or after a failed VMRUN (svm/vmrun_check.c).
 */
#include "svm/pure/vmcb_check.h"
#include "lib/out.h"
#include "lib/scan.h"
#include "lib/string.h"

static void one_cpu(struct out *o, const struct vmcb *v, const struct svm_check_env *e, int cpu,
		    int *rc)
{
	uint32_t broken = vmcb_check_rules(v, e);
	int n = 0;

	for (int r = 0; r < VMCB_RULE_NR; r++)
		n += !!(broken & (1u << r));
	if (cpu >= 0)
		oprintf(o, "cpu%d: ", cpu);
	if (!broken) {
		oprintf(o, "all %u VMRUN rules hold (a CPU that refused this VMCB rejected a "
			"VMCB that passes all %u rules)\n", VMCB_RULE_NR, VMCB_RULE_NR);
		return;
	}
	oprintf(o, "%d VMRUN rule%s broken; the CPU would give VMEXIT_INVALID\n", n,
		n == 1 ? "" : "s");
	for (int r = 0; r < VMCB_RULE_NR; r++)
		if (broken & (1u << r))
			oprintf(o, "  rule %s: %s (APM \"%s\")\n", vmcb_rule_id((enum vmcb_rule)r),
				vmcb_rule_text((enum vmcb_rule)r),
				vmcb_section_title(vmcb_rule_section((enum vmcb_rule)r)));
	*rc = 3;
}

struct decode_ctx {
	struct out *o;
	const char *text;
	size_t len;
	struct vmcb *v;
	const struct svm_check_env *e;
	int rc;
};

static void decode_cpu(void *ctx, int cpu, const char *prefix)
{
	struct decode_ctx *d = ctx;

	vmcb_parse_words_cpu(d->v, d->text, d->len, prefix);
	one_cpu(d->o, d->v, d->e, cpu, &d->rc);
}

int vmcb_decode_log(struct out *o, const char *text, size_t len)
{
	static struct vmcb v;
	struct svm_check_env e;
	struct decode_ctx d = { .o = o, .text = text, .len = len, .v = &v, .e = &e };

	memset(&e, 0, sizeof(e));
	if (!vmcb_parse_env(&e, text, len)) {
		oputs(o, "svmdecode: no \"vmcb: env\" line in the log\n");
		return 1;
	}
	if (scan_cpus(text, len, "vmcb: 0x", decode_cpu, &d))
		return d.rc;
	/* No "[cpuN]" prefixes: the whole text is one VMCB. */
	if (!vmcb_parse_words(&v, text, len)) {
		oputs(o, "svmdecode: no \"vmcb: 0xOFFSET = 0xVALUE\" lines in the log\n");
		return 1;
	}
	one_cpu(o, &v, &e, -1, &d.rc);
	return d.rc;
}
