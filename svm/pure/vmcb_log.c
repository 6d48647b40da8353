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

#define CPUS_MAX	4096

static int line_cpu(const char *p, const char *nl)
{
	struct scan c = { p, nl };
	unsigned n = 0;
	bool any = false;

	if (!scan_word(&c, "[cpu"))
		return -1;
	while (c.p < c.end && *c.p >= '0' && *c.p <= '9' && n < CPUS_MAX) {
		n = n * 10 + (unsigned)(*c.p++ - '0');
		any = true;
	}
	if (!any || n >= CPUS_MAX || !scan_word(&c, "] vmcb: 0x"))
		return -1;
	return (int)n;
}

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

int vmcb_decode_log(struct out *o, const char *text, size_t len)
{
	static uint8_t seen[CPUS_MAX / 8];
	static struct vmcb v;
	struct svm_check_env e;
	const char *p = text, *end = text + len;
	int rc = 0, cpus = 0;

	memset(&e, 0, sizeof(e));
	if (!vmcb_parse_env(&e, text, len)) {
		oputs(o, "svmdecode: no \"vmcb: env\" line in the log\n");
		return 1;
	}
	memset(seen, 0, sizeof(seen));
	while (p < end) {
		const char *nl = p;
		int cpu;

		while (nl < end && *nl != '\n')
			nl++;
		cpu = line_cpu(p, nl);
		if (cpu >= 0 && !(seen[cpu / 8] & (1u << (cpu % 8)))) {
			char prefix[16];

			seen[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
			snfmt(prefix, sizeof(prefix), "[cpu%d] ", cpu);
			vmcb_parse_words_cpu(&v, text, len, prefix);
			one_cpu(o, &v, &e, cpu, &rc);
			cpus++;
		}
		p = nl < end ? nl + 1 : end;
	}
	if (cpus)
		return rc;
	if (!vmcb_parse_words(&v, text, len)) {
		oputs(o, "svmdecode: no \"vmcb: 0xOFFSET = 0xVALUE\" lines in the log\n");
		return 1;
	}
	one_cpu(o, &v, &e, -1, &rc);
	return rc;
}
