/* SPDX-License-Identifier: MIT */
/*
 * The report's "vmx" object built from capability MSRs, and the whole
 * {"vmx": {...}, "kvm": {...}} answer of `vmxdecode --json`. Pure code, so
 * the kernel's report, the tool and the unit tests share one writer.
 */
#ifndef PV_VMX_VMX_JSON_H
#define PV_VMX_VMX_JSON_H

#include <stddef.h>
#include "lib/json.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/negotiate.h"

/*
 * "vmx": {"msrs": {"0x3a": "0x..", "0x480": "0x..", ...},
 *         "vmcs_config": {...} (only when cfg is not NULL),
 *         "ept": b, "vpid": b, "unrestricted_guest": b}
 * cfg NULL means picovisor's negotiation failed (the three flags are false).
 */
void vmx_report_json(struct json *j, const struct vmx_caps *c, const struct vmcs_config *cfg);

/*
 * Parses a serial log or "MSR VALUE" text, negotiates as picovisor does,
 * judges as Linux's kvm_intel does (no host facts: see kvm_vmx.h) and
 * writes one line: {"vmx": {...}, "kvm": {...}} and a newline.
 * Returns 0, or -1 with r->msg set and nothing written.
 */
int vmx_decode_json(struct out *o, const char *text, size_t len, struct vmx_parse_result *r);

#endif
