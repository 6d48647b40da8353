/* SPDX-License-Identifier: MIT */
/*
 * The VM-entry rules on a captured log (tools/vmxdecode --entry-check): the
 * capability MSRs, the environment line and each CPU's "vmcs:" block, as the
 * kernel prints them after a failed or refused entry (vmx/entry_check.c).
 */
#include "vmx/pure/entry_rules.h"
#include "lib/scan.h"
#include "lib/string.h"

#define CPUS_MAX	4096

/* The CPU index of a "[cpuN] vmcs: 0x" line, or -1. */
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
	if (!any || n >= CPUS_MAX || !scan_word(&c, "] vmcs: 0x"))
		return -1;
	return (int)n;
}

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

int er_decode_log(struct out *o, const char *text, size_t len)
{
	static uint8_t seen[CPUS_MAX / 8];
	static struct er_vmcs v;
	struct vmx_parse_result pr;
	struct vmx_caps caps;
	struct er_env e;
	const char *p = text, *end = text + len;
	int rc = 0, cpus = 0;

	if (vmx_caps_parse_text(&caps, text, len, &pr)) {
		oprintf(o, "vmxdecode: no capability MSRs: %s\n", pr.msg);
		return 1;
	}
	er_env_init(&e, &caps);
	if (!er_parse_env(&e, text, len))
		oputs(o, "vmxdecode: no \"vmcs: env\" line: assuming MAXPHYADDR 36, 48-bit linear\n");
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
			er_parse_image_cpu(&v, text, len, prefix);
			one_cpu(o, &v, &e, cpu, &rc);
			cpus++;
		}
		p = nl < end ? nl + 1 : end;
	}
	if (cpus)
		return rc;
	/* No "[cpuN]" prefixes: the whole text is one VMCS. */
	if (!er_parse_image(&v, text, len)) {
		oputs(o, "vmxdecode: no \"vmcs: 0xENCODING = 0xVALUE\" lines in the log\n");
		return 1;
	}
	one_cpu(o, &v, &e, -1, &rc);
	return rc;
}
