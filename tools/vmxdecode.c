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
#include "vmx/pure/caps.h"
#include "vmx/pure/dump.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/vmx_json.h"
#include "vmx/pure/vmxcap.h"

int main(int argc, char **argv)
{
	struct out o = decode_stdout();
	struct decode_input in;
	struct vmx_parse_result pr;
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct kvm_verdict kvm;
	struct kvm_vmx_host host;
	struct vmx_caps caps;
	bool host_known;
	int rc;

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
	/* The CPU signature (its errata: kvm_intel's quirks) from the log's "cpu:" line. */
	host_known = kvm_vmx_host_from_log(in.text, in.len, &host);
	free(in.text);

	vmxcap_dump(&o, &caps);
	if (setup_vmcs_config(&caps, &cfg, &cap, &o)) {
		oprintf(&o, "vmx: negotiation failed: picovisor cannot run on this CPU\n");
		vmx_dump_extra(&o, &caps, NULL, NULL);
		rc = 3;
	} else {
		vmx_dump_extra(&o, &caps, &cfg, &cap);
	}
	(void)kvm_vmx_evaluate_host(&caps, host_known ? &host : NULL, &kvm, NULL);
	kvm_verdict_print(&o, &kvm);
	fflush(stdout);
	return rc;
}
