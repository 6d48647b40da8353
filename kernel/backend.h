/* SPDX-License-Identifier: MIT */
/*
 * The vendor-neutral virtualization backend the orchestration (core/) calls,
 * shaped like Linux's kvm_x86_init_ops: a CPUID check, a firmware check, the
 * one-time hardware setup on the boot CPU, then on every CPU the
 * compatibility check against the boot CPU, the enable, and a guest run.
 * vmx/ implements it for Intel VT-x, svm/ for AMD-V. Backends record their
 * per-CPU outcome in struct percpu (hv, guest, error) and hand the report
 * their objects through the report callbacks; they never write report state.
 */
#ifndef PV_KERNEL_BACKEND_H
#define PV_KERNEL_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include "lib/json.h"
#include "pure/kvm_verdict.h"

struct percpu;

/* What a CPU achieved: the report's percpu[].vmx / percpu[].svm values. */
enum hv_state {
	HV_NOT_TRIED = 0,
	HV_ON,
	HV_UNSUPPORTED,
	HV_DISABLED_BY_FIRMWARE,
	HV_INCOMPATIBLE,
	HV_ERROR,
};

/* The report's percpu[].guest values. */
enum guest_state {
	GUEST_NOT_RUN = 0,
	GUEST_DONE,
	GUEST_FAILED,
};

struct backend {
	const char *key;        /* report key and log prefix: "vmx" | "svm" */
	const char *label;      /* short name in the verdict: "VMX" | "SVM" */
	const char *name;       /* the technology: "VT-x" | "AMD-V" */
	/* This CPU's CPUID offers the extension; else why not (cpu_has_kvm_support). */
	bool (*has_support)(char *why, size_t n);
	/* Boot CPU, once, before the APs start: capabilities, negotiation, dump. */
	void (*hardware_setup)(void);
	/*
	 * Every CPU, in this order; each returns 0 to go on, or records the
	 * CPU's state and error (hv_fail) and returns -1.
	 */
	int (*disabled_by_firmware)(struct percpu *p);
	int (*check_processor_compat)(struct percpu *p);
	int (*hardware_enable)(struct percpu *p);
	/* Every CPU whose hardware_enable succeeded; sets p->guest. */
	void (*run_guest)(struct percpu *p);
	/*
	 * After run_guest, the check battery (docs/checks.md): every CPU whose
	 * guest is done runs the selected checks and sets p->checks. Every
	 * backend has one.
	 */
	void (*run_checks)(struct percpu *p);
	/* Report: top-level objects, then per-CPU keys beyond hv/guest/error. */
	void (*report)(struct json *j);
	void (*report_cpu)(struct json *j, const struct percpu *p);
	/* Features the guests used, e.g. "EPT, VPID, unrestricted guest". */
	const char *(*summary)(void);
	/*
	 * What Linux's module (kvm_intel, kvm_amd) would do on this machine,
	 * from the boot CPU's capabilities; callable whether or not
	 * hardware_setup ran (without support: the module would not load).
	 */
	void (*kvm_verdict)(struct kvm_verdict *v);
};

/* The backend core/stages.c chose for this machine; never NULL after that. */
extern const struct backend *hv;

/* Record a per-CPU failure: p->hv, p->error (printed with the backend's prefix). */
__attribute__((format(printf, 3, 4)))
void hv_fail(struct percpu *p, enum hv_state st, const char *fmt, ...);

extern const char *const hv_state_names[];
extern const char *const guest_state_names[];

#endif
