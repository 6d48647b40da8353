/* SPDX-License-Identifier: MIT */
/*
 * vmxdecode: decode VMX capability MSRs on the host, with the same code the
 * kernel runs. Input: a captured picovisor serial log ("vmx: msr 0x480 =
 * 0x...") or "MSR VALUE" lines (tests' testdata), from a file or stdin.
 * Output: the vmxcap block, the extra details, the negotiated config and
 * Linux kvm_intel's verdict; with --in.json one line {"vmx": {...}, "kvm": {...}}
 * (the report's "vmx" and "kvm" objects, docs/report.md).
 *
 *   build/tools/vmxdecode [--in.json] [FILE|-]
 *   build/tools/vmxdecode --entry-check [FILE|-]   every VM-entry rule on each CPU's
 *       dump (docs/entry-rules.md); exit 0 all hold, 3 one is broken, 1 no dump
 *
 * Exit status: 0 ok, 1 bad input or I/O error, 2 usage, 3 the MSRs parse but
 * picovisor's required controls cannot be negotiated (reason printed; not
 * with --in.json, whose answer says it).
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

/* --entry-check LOG: every VM-entry rule on each CPU's dump (docs/entry-rules.md). */
static int entry_check(int argc, char **argv)
{
	struct out o = decode_stdout();
	struct decode_input in;
	int rc;

	argv[1] = argv[0];
	rc = decode_read_input("vmxdecode", "picovisor log with capability, \"vmcs: env\" and \"vmcs: 0x...\" lines", argc - 1, argv + 1, &in);
	if (rc)
		return rc;
	if (in.json) {
		fprintf(stderr, "vmxdecode: --entry-check has no --json form\n");
		free(in.text);
		return 2;
	}
	rc = er_decode_log(&o, in.text, in.len);
	free(in.text);
	fflush(stdout);
	return rc;
}

int main(int argc, char **argv)
{
	struct out o = decode_stdout();
	struct decode_input in;
	struct vmx_parse_result pr;
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct kvm_verdict kvm;
	struct vmx_caps caps;
	int rc;

	if (argc > 1 && !strcmp(argv[1], "--entry-check"))
		return entry_check(argc, argv);
	rc = decode_read_input("vmxdecode", "serial log or 'MSR VALUE' lines", argc, argv, &in);
	if (rc)
		return rc;
	if (in.json) {
		rc = vmx_decode_json(&o, in.text, in.len, &pr);
		free(in.text);
		if (rc) {
			fprintf(stderr, "vmxdecode: %s: %s\n", in.path, pr.msg);
			return 1;
		}
		fflush(stdout);
		return 0;
	}
	if (vmx_caps_parse_text(&caps, in.text, in.len, &pr)) {
		fprintf(stderr, "vmxdecode: %s: %s\n", in.path, pr.msg);
		free(in.text);
		return 1;
	}
	free(in.text);

	vmxcap_dump(&o, &caps);
	if (setup_vmcs_config(&caps, &cfg, &cap, &o)) {
		oprintf(&o, "vmx: negotiation failed: picovisor cannot run on this CPU\n");
		vmx_dump_extra(&o, &caps, NULL, NULL);
		rc = 3;
	} else {
		vmx_dump_extra(&o, &caps, &cfg, &cap);
	}
	(void)kvm_vmx_evaluate(&caps, &kvm);
	kvm_verdict_print(&o, &kvm);
	fflush(stdout);
	return rc;
}
