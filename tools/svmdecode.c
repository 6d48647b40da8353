/* SPDX-License-Identifier: MIT */
/*
 * svmdecode: decode AMD-V capabilities on the host, with the same code the
 * kernel runs. Input: a captured picovisor serial log (its raw "svm: cpuid
 * 0x8000000a = eax .. ebx .. ecx .. edx .." and "svm: msr 0xc0010114 = .."
 * lines), from a file or stdin. Output: the SVMCAP block (the Debian cpuid
 * tool's layout), the Linux flag names, picovisor's decision (VM_CR,
 * EFER.SVME) and Linux kvm_amd's verdict; with --json one line
 * {"svm": {...}, "kvm": {...}} (the report's "svm" and "kvm" objects).
 *
 *   build/tools/svmdecode [--json] [FILE|-]
 *   build/tools/svmdecode --entry-check [FILE|-]   every VM-entry rule on each CPU's
 *       dump (docs/entry-rules.md); exit 0 all hold, 3 one is broken, 1 no dump
 *
 * Exit status: 0 ok, 1 bad input or I/O error, 2 usage, 3 the log parses
 * but SVM is not usable on that CPU (reason printed; not with --json, whose
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

static int svm_json(struct out *o, const char *text, size_t len, char *msg, size_t n)
{
	struct svm_parse_result pr;

	if (!svm_decode_json(o, text, len, &pr))
		return 0;
	snprintf(msg, n, "%s", pr.msg);
	return -1;
}

static int svm_text(struct out *o, const char *text, size_t len, char *msg, size_t n)
{
	struct svm_parse_result pr;
	struct svm_decision d;
	struct kvm_verdict kvm;
	struct svm_caps caps;

	if (svm_caps_parse_text(&caps, text, len, &pr)) {
		snprintf(msg, n, "%s", pr.msg);
		return -1;
	}
	svmcap_dump(o, &caps);
	if (svm_decide(&caps, &d) == SVM_OK)
		oputs(o, "svm: usable: SVM can be enabled on this CPU\n");
	else
		oprintf(o, "svm: %s: %s\n", d.state, d.reason);
	if (d.note[0])
		oprintf(o, "svm: note: %s\n", d.note);
	(void)kvm_svm_evaluate(&caps, &kvm);
	kvm_verdict_print(o, &kvm);
	return d.support == SVM_OK ? 0 : 3;
}

int main(int argc, char **argv)
{
	static const struct decoder svmdecode = {
		.tool = "svmdecode",
		.what = "picovisor serial log with 'svm:' lines",
		.json = svm_json,
		.text = svm_text,
		.entry_check = vmcb_decode_log,
		.entry_what = "picovisor log with \"vmcb: env\" and \"vmcb: 0x...\" lines",
	};

	return decode_main(argc, argv, &svmdecode);
}
