/* SPDX-License-Identifier: MIT */
/*
 * svmdecode: decode AMD-V capabilities on the host, with the same code the
 * kernel runs. Input: a captured picovisor serial log (its raw "svm: cpuid
 * 0x8000000a = eax .. ebx .. ecx .. edx .." and "svm: msr 0xc0010114 = .."
 * lines), from a file or stdin. Output: the SVMCAP block (the Debian cpuid
 * tool's layout), the Linux flag names, picovisor's decision (VM_CR,
 * EFER.SVME) and Linux kvm_amd's verdict; with --in.json one line
 * {"svm": {...}, "kvm": {...}} (the report's "svm" and "kvm" objects).
 *
 *   build/tools/svmdecode [--in.json] [FILE|-]
 *   build/tools/svmdecode --entry-check [FILE|-]   every VM-entry rule on each CPU's
 *       dump (docs/entry-rules.md); exit 0 all hold, 3 one is broken, 1 no dump
 *
 * Exit status: 0 ok, 1 bad input or I/O error, 2 usage, 3 the log parses
 * but SVM is not usable on that CPU (reason printed; not with --in.json, whose
 * answer says it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/out.h"
#include "tools/decode_cli.h"
#include "svm/pure/vmcb_check.h"
#include "svm/pure/kvm_svm.h"
#include "svm/pure/svm_caps.h"
#include "svm/pure/svm_json.h"
#include "svm/pure/svmcap.h"

/* --entry-check LOG: every VM-entry rule on each CPU's dump (docs/entry-rules.md). */
static int entry_check(int argc, char **argv)
{
	struct out o = decode_stdout();
	struct decode_input in;
	int rc;

	argv[1] = argv[0];
	rc = decode_read_input("svmdecode", "picovisor log with \"vmcb: env\" and \"vmcb: 0x...\" lines", argc - 1, argv + 1, &in);
	if (rc)
		return rc;
	if (in.json) {
		fprintf(stderr, "svmdecode: --entry-check has no --json form\n");
		free(in.text);
		return 2;
	}
	rc = vmcb_decode_log(&o, in.text, in.len);
	free(in.text);
	fflush(stdout);
	return rc;
}

int main(int argc, char **argv)
{
	struct out o = decode_stdout();
	struct decode_input in;
	struct svm_parse_result pr;
	struct svm_decision d;
	struct kvm_verdict kvm;
	struct svm_caps caps;
	int rc;

	if (argc > 1 && !strcmp(argv[1], "--entry-check"))
		return entry_check(argc, argv);
	rc = decode_read_input("svmdecode", "picovisor serial log with 'svm:' lines", argc, argv, &in);
	if (rc)
		return rc;
	rc = in.json ? svm_decode_json(&o, in.text, in.len, &pr)
		     : svm_caps_parse_text(&caps, in.text, in.len, &pr);
	free(in.text);
	if (rc) {
		fprintf(stderr, "svmdecode: %s: %s\n", in.path, pr.msg);
		return 1;
	}
	if (in.json) {
		fflush(stdout);
		return 0;
	}
	svmcap_dump(&o, &caps);
	if (svm_decide(&caps, &d) == SVM_OK)
		oputs(&o, "svm: usable: SVM can be enabled on this CPU\n");
	else
		oprintf(&o, "svm: %s: %s\n", d.state, d.reason);
	if (d.note[0])
		oprintf(&o, "svm: note: %s\n", d.note);
	(void)kvm_svm_evaluate(&caps, &kvm);
	kvm_verdict_print(&o, &kvm);
	fflush(stdout);
	return d.support == SVM_OK ? 0 : 3;
}
