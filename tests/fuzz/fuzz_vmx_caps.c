/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure: every decoder of the capability MSRs on arbitrary MSR values
 * (not only those a text log can spell): IA32_VMX_BASIC checks, the vmxcap
 * block, picovisor's control negotiation (setup_vmcs_config), the extra
 * details, the report's "vmx" object, Linux kvm_intel's verdict. Then a
 * round trip: the raw log lines, parsed back, must give the same MSRs (a
 * difference aborts, and counts as a crash).
 *
 * Input: 12-byte records, a little-endian u32 MSR number and u64 value; MSR
 * numbers outside 0x3a and 0x480-0x493 are skipped, bit 31 set marks the
 * MSR as having raised #GP instead. Corpus: tests/unit/data/vmx-msrs.
 */
#include "tests/fuzz/fuzz.h"
#include "lib/json.h"
#include "pure/kvm_verdict.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/dump.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/vmx_json.h"
#include "vmx/pure/vmxcap.h"

static void round_trip(const struct vmx_caps *c)
{
	static char buf[8192];
	struct out_buf ob;
	struct vmx_caps back;
	struct vmx_parse_result r;
	const uint32_t basic = 1u << vmx_caps_slot(0x480);

	out_buf_init(&ob, buf, sizeof(buf));
	vmx_caps_print_log(&ob.out, c);
	if (ob.lost || !(c->present & basic))
		return;
	if (vmx_caps_parse_text(&back, buf, ob.len, &r) != 0 || back.present != c->present ||
	    back.faulted != (c->faulted & ~c->present))
		abort();
	for (unsigned s = 0; s < VMX_CAPS_NR; s++)
		if ((c->present & (1u << s)) && back.val[s] != c->val[s])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out *log = fuzz_out();
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct kvm_verdict kvm;
	struct vmx_caps c;
	struct json j;
	int rc;

	vmx_caps_init(&c);
	for (size_t off = 0; off + 12 <= size; off += 12) {
		uint32_t msr = fuzz_le32(data + off);
		int s = vmx_caps_slot(msr & ~(1u << 31));

		if (s < 0)
			continue;
		if (msr & (1u << 31)) {
			if (!(c.present & (1u << s)))
				c.faulted |= 1u << s;
		} else {
			vmx_caps_set(&c, msr, fuzz_le64(data + off + 4));
		}
	}

	(void)vmx_basic_check(vmx_caps_get(&c, 0x480), log);
	vmxcap_dump(log, &c);
	vmx_negotiate_reset_warn_once();
	memset(&cfg, 0x5a, sizeof(cfg));
	rc = setup_vmcs_config(&c, &cfg, &cap, log);
	vmx_dump_extra(log, &c, rc ? NULL : &cfg, rc ? NULL : &cap);
	json_init(&j, log);
	json_obj_begin(&j, NULL);
	vmx_report_json(&j, &c, rc ? NULL : &cfg);
	json_obj_end(&j);
	(void)kvm_vmx_evaluate(&c, &kvm);
	kvm_verdict_print(log, &kvm);
	round_trip(&c);
	return 0;
}
