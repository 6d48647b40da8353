/* SPDX-License-Identifier: MIT */
/*
 * JSON of the VMX capabilities (the report's "vmx" object) and of
 * `vmxdecode --json`. Pure code.
 */
#include "vmx/pure/vmx_json.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/vmx_defs.h"
#include "lib/out.h"

static void msr_json(void *ctx, uint32_t msr, uint64_t val)
{
	char key[16];

	snfmt(key, sizeof(key), "0x%x", msr);
	json_hex(ctx, key, val);
}

void vmx_report_json(struct json *j, const struct vmx_caps *c, const struct vmcs_config *cfg)
{
	uint32_t proc2 = cfg ? cfg->cpu_based_2nd_exec_ctrl : 0;

	json_obj_begin(j, "vmx");
	json_obj_begin(j, "msrs");
	vmx_caps_for_each(c, msr_json, j);
	json_obj_end(j);
	if (cfg) {
		json_obj_begin(j, "vmcs_config");
		json_u64(j, "revision_id", cfg->revision_id);
		json_u64(j, "size", cfg->size);
		json_hex(j, "pin", cfg->pin_based_exec_ctrl);
		json_hex(j, "proc", cfg->cpu_based_exec_ctrl);
		json_hex(j, "proc2", cfg->cpu_based_2nd_exec_ctrl);
		json_hex(j, "proc3", cfg->cpu_based_3rd_exec_ctrl);
		json_hex(j, "exit", cfg->vmexit_ctrl);
		json_hex(j, "entry", cfg->vmentry_ctrl);
		json_obj_end(j);
	}
	json_bool(j, "ept", proc2 & SECONDARY_EXEC_ENABLE_EPT);
	json_bool(j, "vpid", proc2 & SECONDARY_EXEC_ENABLE_VPID);
	json_bool(j, "unrestricted_guest", proc2 & SECONDARY_EXEC_UNRESTRICTED_GUEST);
	json_obj_end(j);
}

int vmx_decode_json(struct out *o, const char *text, size_t len, struct vmx_parse_result *r)
{
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct kvm_verdict v;
	struct kvm_vmx_host host;
	struct vmx_caps caps;
	struct json j;
	bool ok, host_known;

	if (vmx_caps_parse_text(&caps, text, len, r))
		return -1;
	ok = setup_vmcs_config(&caps, &cfg, &cap, NULL) == 0;
	host_known = kvm_vmx_host_from_log(text, len, &host);
	(void)kvm_vmx_evaluate_host(&caps, host_known ? &host : NULL, &v, NULL);
	json_init(&j, o);
	json_obj_begin(&j, NULL);
	vmx_report_json(&j, &caps, ok ? &cfg : NULL);
	kvm_verdict_json(&j, &v);
	json_obj_end(&j);
	oputs(o, "\n");
	return 0;
}
