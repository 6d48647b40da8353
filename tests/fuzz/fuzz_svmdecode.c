/* SPDX-License-Identifier: MIT */
/*
 * tools/svmdecode.c's log reader: the 'svm:' lines of a serial log through
 * what the tool runs, both ways (svm/pure/svm_caps_parse.c, svm_json.c,
 * svmcap.c, the decision and kvm_amd's verdict). Then a round trip: the raw
 * log lines printed from the parsed capabilities must parse back to the same
 * values (a difference aborts). Corpus: hand-written logs of the Bochs and
 * QEMU models.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/kvm_verdict.h"
#include "svm/pure/kvm_svm.h"
#include "svm/pure/svm_caps.h"
#include "svm/pure/svm_json.h"
#include "svm/pure/svmcap.h"

static void round_trip(const struct svm_caps *c)
{
	static char buf[4096];
	struct svm_parse_result r;
	struct svm_caps back;
	struct out_buf ob;

	out_buf_init(&ob, buf, sizeof(buf));
	svm_caps_print_log(&ob.out, c);
	if (ob.lost)
		return;
	if (svm_caps_parse_text(&back, buf, ob.len, &r) != 0 ||
	    back.leaf_present != c->leaf_present ||
	    memcmp(back.leaf, c->leaf, sizeof(c->leaf)) != 0 ||
	    back.vm_cr_state != c->vm_cr_state || back.efer_state != c->efer_state ||
	    (c->vm_cr_state == SVM_MSR_OK && back.vm_cr != c->vm_cr) ||
	    (c->efer_state == SVM_MSR_OK && back.efer != c->efer))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out *o = fuzz_out();
	struct svm_parse_result pr;
	struct svm_decision d;
	struct kvm_verdict kvm;
	struct svm_caps caps;
	char *text = (char *)fuzz_copy(data, size);	/* not NUL-terminated, as slurp() */

	(void)svm_decode_json(o, text, size, &pr);	/* svmdecode --json */
	if (svm_caps_parse_text(&caps, text, size, &pr) == 0) {
		svmcap_dump(o, &caps);
		if (svm_decide(&caps, &d) != SVM_OK)
			oprintf(o, "svm: %s: %s\n", d.state, d.reason);
		(void)kvm_svm_evaluate(&caps, &kvm);
		kvm_verdict_print(o, &kvm);
		round_trip(&caps);
	}
	free(text);
	return 0;
}
