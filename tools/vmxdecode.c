/* SPDX-License-Identifier: MIT */
/*
 * vmxdecode: decode VMX capability MSRs on the host, with the same code the
 * kernel runs. Input: a captured picovisor serial log ("vmx: msr 0x480 =
 * 0x...") or "MSR VALUE" lines (tests' testdata), from a file or stdin.
 * Output: the vmxcap block, the extra details, the negotiated config and
 * Linux kvm_intel's verdict; with --json one line {"vmx": {...}, "kvm": {...}}
 * (the report's "vmx" and "kvm" objects, docs/report.md).
 *
 *   build/tools/vmxdecode [--json] [FILE|-]
 *   build/tools/vmxdecode --entry-check [FILE|-]   every VM-entry rule on each CPU's
 *       dump (docs/entry-rules.md); exit 0 all hold, 3 one is broken, 1 no dump
 *
 * Exit status: 0 ok, 1 bad input or I/O error, 2 usage, 3 the MSRs parse but
 * picovisor's required controls cannot be negotiated (reason printed; not
 * with --json, whose answer says it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/out.h"
#include "tools/decode_cli.h"
#include "vmx/pure/entry_rules.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/dump.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/vmx_json.h"
#include "vmx/pure/vmxcap.h"

static int vmx_json(struct out *o, const char *text, size_t len, char *msg, size_t n)
{
	struct vmx_parse_result pr;

	if (!vmx_decode_json(o, text, len, &pr))
		return 0;
	snprintf(msg, n, "%s", pr.msg);
	return -1;
}

static int vmx_text(struct out *o, const char *text, size_t len, char *msg, size_t n)
{
	struct vmx_parse_result pr;
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct kvm_verdict kvm;
	struct kvm_vmx_host host;
	struct vmx_caps caps;
	bool host_known;
	int rc = 0;

	if (vmx_caps_parse_text(&caps, text, len, &pr)) {
		snprintf(msg, n, "%s", pr.msg);
		return -1;
	}
	/* The CPU signature (its errata: kvm_intel's quirks) from the log's "cpu:" line. */
	host_known = kvm_vmx_host_from_log(text, len, &host);

	vmxcap_dump(o, &caps);
	if (setup_vmcs_config(&caps, &cfg, &cap, o)) {
		oprintf(o, "vmx: negotiation failed: picovisor cannot run on this CPU\n");
		vmx_dump_extra(o, &caps, NULL, NULL);
		rc = 3;
	} else {
		vmx_dump_extra(o, &caps, &cfg, &cap);
	}
	(void)kvm_vmx_evaluate_host(&caps, host_known ? &host : NULL, &kvm, NULL);
	kvm_verdict_print(o, &kvm);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct decoder vmxdecode = {
		.tool = "vmxdecode",
		.what = "serial log or 'MSR VALUE' lines",
		.json = vmx_json,
		.text = vmx_text,
		.entry_check = er_decode_log,
		.entry_what = "picovisor log with capability, \"vmcs: env\" and \"vmcs: 0x...\" lines",
	};

	return decode_main(argc, argv, &vmxdecode);
}
