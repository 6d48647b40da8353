/* SPDX-License-Identifier: MIT */
/*
 * JSON of the AMD-V capabilities (the report's "svm" object) and of
 * `svmdecode --json`. Pure code.
 */
#include "svm/pure/svm_json.h"
#include "svm/pure/kvm_svm.h"
#include "svm/pure/svm_defs.h"

static void leaf_json(struct json *j, const char *key, const struct svm_cpuid *l, bool ecx)
{
	json_obj_begin(j, key);
	json_hex(j, "eax", l->eax);
	json_hex(j, "ebx", l->ebx);
	if (ecx)
		json_hex(j, "ecx", l->ecx);
	json_hex(j, "edx", l->edx);
	json_obj_end(j);
}

void svm_report_json(struct json *j, const struct svm_caps *c)
{
	struct svm_decision d;

	svm_decide(c, &d);
	json_obj_begin(j, "svm");
	leaf_json(j, "cpuid_8000000a", &c->leaf[SVM_LEAF_EXTA], false);
	if (c->has_leaf_1f)
		leaf_json(j, "cpuid_8000001f", &c->leaf[SVM_LEAF_EXT1F], true);
	if (c->vm_cr_state == SVM_MSR_OK)
		json_hex(j, "vm_cr", c->vm_cr);
	else
		json_null(j, "vm_cr");
	json_bool(j, "npt", svm_caps_has(c, SVM_FEAT_NP));
	json_bool(j, "nrips", svm_caps_has(c, SVM_FEAT_NRIPS));
	json_u64(j, "asids", c->nasid);
	json_str(j, "state", d.state);
	json_obj_end(j);
}

int svm_decode_json(struct out *o, const char *text, size_t len, struct svm_parse_result *r)
{
	struct kvm_verdict v;
	struct svm_caps caps;
	struct json j;

	if (svm_caps_parse_text(&caps, text, len, r))
		return -1;
	(void)kvm_svm_evaluate(&caps, &v);
	json_init(&j, o);
	json_obj_begin(&j, NULL);
	svm_report_json(&j, &caps);
	kvm_verdict_json(&j, &v);
	json_obj_end(&j);
	oputs(o, "\n");
	return 0;
}
