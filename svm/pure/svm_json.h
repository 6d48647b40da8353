/* SPDX-License-Identifier: MIT */
/*
 * The report's top-level "svm" object built from the AMD-V capabilities, and
 * the whole {"svm": {...}, "kvm": {...}} answer of `svmdecode --json`. Pure
 * code, so the kernel's report, the tool and the unit tests share one writer.
 */
#ifndef PV_SVM_SVM_JSON_H
#define PV_SVM_SVM_JSON_H

#include <stddef.h>
#include "lib/json.h"
#include "svm/pure/svm_caps.h"

/*
 * "svm": {"cpuid_8000000a": {"eax": "0x..", "ebx": "0x..", "edx": "0x.."},
 *         "cpuid_8000001f": {"eax", "ebx", "ecx", "edx"} (only when enumerated),
 *         "vm_cr": "0x.." (null when unreadable or not read),
 *         "npt": b, "nrips": b, "asids": N,
 *         "state": "on" | "unsupported" | "disabled-by-firmware" | "error"
 *                  (svm_decide(): "on" means SVM can be enabled)}
 */
void svm_report_json(struct json *j, const struct svm_caps *c);

/*
 * Parses a serial log's "svm:" lines, judges as picovisor and Linux's
 * kvm_amd do, and writes one line: {"svm": {...}, "kvm": {...}} and a
 * newline. Returns 0, or -1 with r->msg set and nothing written.
 */
int svm_decode_json(struct out *o, const char *text, size_t len, struct svm_parse_result *r);

#endif
