/* SPDX-License-Identifier: MIT */
/*
 * tools/vmxdecode.c's log reader: a captured serial log (or testdata "MSR
 * VALUE" lines) through what the tool runs, both ways. Its parsing is all in
 * pure code (vmx/pure/caps_parse.c, vmx_json.c), which is what this drives;
 * the tool itself only reads the file. Corpus: testdata and boot logs.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/kvm_verdict.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/dump.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/vmx_json.h"
#include "vmx/pure/vmxcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out *o = fuzz_out();
	struct vmx_parse_result pr;
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct kvm_verdict kvm;
	struct vmx_caps caps;
	char *text = (char *)fuzz_copy(data, size);	/* not NUL-terminated, as slurp() */

	vmx_negotiate_reset_warn_once();
	(void)vmx_decode_json(o, text, size, &pr);	/* vmxdecode --json */
	if (vmx_caps_parse_text(&caps, text, size, &pr) == 0) {
		vmxcap_dump(o, &caps);
		if (setup_vmcs_config(&caps, &cfg, &cap, o))
			vmx_dump_extra(o, &caps, NULL, NULL);
		else
			vmx_dump_extra(o, &caps, &cfg, &cap);
		(void)kvm_vmx_evaluate(&caps, &kvm);
		kvm_verdict_print(o, &kvm);
	}
	free(text);
	return 0;
}
