/* SPDX-License-Identifier: MIT */
/*
 * "Would Linux KVM load here, and with what?": the vendor-neutral verdict a
 * backend fills from the capability registers by the rules of one named
 * kernel version (vmx/pure/kvm_vmx.c for kvm_intel, the SVM backend for
 * kvm_amd), and its console line and report object. Pure code.
 *
 * Console (kvm_verdict_print):
 *   kvm: Linux 6.12 kvm_intel would load: ept ept_ad vpid ...
 *   kvm: Linux 6.12 kvm_intel would leave off: apicv (why), ...
 *   kvm: Linux 6.12 kvm_intel would NOT load: <reason>
 *   kvm: Linux 6.12 kvm_intel quirk <name>: <effect>   (one line per quirk)
 *
 * Report (kvm_verdict_json), one object under the key "kvm":
 *   {"module": "kvm_intel", "kernel": "6.12", "loads": true|false,
 *    "reason": "..." (only when loads is false),
 *    "enable": {"<name>": true|false, ...} (every entry, in entry order;
 *               all false when the module would not load),
 *    "quirks": [{"name": "...", "effect": "..."}, ...] (the CPU errata the
 *               module works around on this CPU, by its own tables; [] when none)}
 */
#ifndef PV_PURE_KVM_VERDICT_H
#define PV_PURE_KVM_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include "lib/json.h"
#include "lib/out.h"

#define KVM_VERDICT_MAX_ENABLE	16
#define KVM_VERDICT_REASON_LEN	1024
#define KVM_VERDICT_MAX_QUIRKS	4
#define KVM_QUIRK_EFFECT_LEN	240

/* One feature the module turns on at load time when the hardware allows it. */
struct kvm_enable {
	const char *name;	/* the module parameter's name: "ept", "npt", ... */
	bool on;
	const char *why;	/* when off: what the hardware lacks (static), or NULL */
};

/* A CPU erratum the module knows (by CPU signature, model or OSVW) and what it does about it. */
struct kvm_quirk {
	const char *name;	/* "preemption_timer_erratum", "erratum_383", ... */
	char effect[KVM_QUIRK_EFFECT_LEN];
};

struct kvm_verdict {
	const char *module;	/* "kvm_intel" | "kvm_amd" */
	const char *kernel;	/* Linux version whose rules were applied, "6.12" */
	bool loads;
	char reason[KVM_VERDICT_REASON_LEN];	/* when !loads; "" otherwise */
	unsigned nr_enable;
	struct kvm_enable enable[KVM_VERDICT_MAX_ENABLE];
	unsigned nr_quirks;
	struct kvm_quirk quirk[KVM_VERDICT_MAX_QUIRKS];
};

/* Empty verdict: loads = true, no reason, no entries. */
void kvm_verdict_init(struct kvm_verdict *v, const char *module, const char *kernel);
/* Adds the entry `name` (or updates it when present); ignored past the limit. */
void kvm_verdict_set(struct kvm_verdict *v, const char *name, bool on, const char *why);
/* The entry `name`, or NULL. */
const struct kvm_enable *kvm_verdict_find(const struct kvm_verdict *v, const char *name);
/*
 * Records one reason the module would not load: sets loads = false and
 * appends to reason, "; "-separated. Overflow ends the text with "...".
 */
void kvm_verdict_fail(struct kvm_verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An out sink that appends to v->reason (same rules as kvm_verdict_fail). */
struct kvm_reason_out {
	struct out out;
	struct kvm_verdict *v;
};
/* Starts one more reason (separator added, loads = false); write with oprintf. */
void kvm_verdict_reason_begin(struct kvm_reason_out *r, struct kvm_verdict *v);
/* Records a quirk (ignored past the limit); the effect is formatted. */
void kvm_verdict_quirk(struct kvm_verdict *v, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The quirk `name`, or NULL. */
const struct kvm_quirk *kvm_verdict_find_quirk(const struct kvm_verdict *v, const char *name);
/* Sets every entry off (the module would not load, so nothing is enabled). */
void kvm_verdict_all_off(struct kvm_verdict *v);

void kvm_verdict_print(struct out *o, const struct kvm_verdict *v);
void kvm_verdict_json(struct json *j, const struct kvm_verdict *v);

#endif
