/* SPDX-License-Identifier: MIT */
/*
 * KVM's verdict for this machine, Intel side: the capability MSRs judged by
 * the rules of Linux 6.12's kvm_intel (vmx_init -> kvm_x86_vendor_init ->
 * vmx_hardware_setup -> setup_vmcs_config), beside picovisor's own
 * negotiation. docs/vmx.md "KVM's verdict" lists every rule. Pure code.
 */
#ifndef PV_VMX_KVM_VMX_H
#define PV_VMX_KVM_VMX_H

#include <stdbool.h>
#include <stdint.h>
#include "pure/kvm_verdict.h"
#include "vmx/pure/caps.h"

#define KVM_VMX_MODULE	"kvm_intel"
#define KVM_VMX_KERNEL	"6.12"

/*
 * What kvm_intel reads besides the VMX MSRs. Zero-initialised = unknown:
 * no errata check, KVM's own 5 GHz guess for the TSC, NX and long mode
 * assumed present (a 64-bit host).
 */
struct kvm_vmx_host {
	bool cpuid_known;	/* signature, nx and lm below are valid */
	uint32_t signature;	/* CPUID.1:EAX as read */
	bool nx;		/* CPUID.80000001H:EDX[20] */
	bool lm;		/* CPUID.80000001H:EDX[29] */
	uint32_t tsc_khz;	/* 0 = unknown */
};

/* The control words kvm_intel would settle on (its struct vmcs_config). */
struct kvm_vmx_config {
	uint32_t pin, proc, proc2, exit, entry;
	uint64_t proc3;
	uint32_t ept_cap, vpid_cap;	/* IA32_VMX_EPT_VPID_CAP halves */
	uint64_t basic, misc;
};

/*
 * Fills v (module "kvm_intel", kernel "6.12") from caps with no host facts.
 * Returns 0 when the module would load, -1 when not (v->reason says why,
 * naming every missing required control by its SDM name).
 */
int kvm_vmx_evaluate(const struct vmx_caps *caps, struct kvm_verdict *v);
/* Same with host facts (may be NULL) and the settled config (may be NULL). */
int kvm_vmx_evaluate_host(const struct vmx_caps *caps, const struct kvm_vmx_host *host,
			  struct kvm_verdict *v, struct kvm_vmx_config *cfg);

/* CPUs whose VMX-preemption timer kvm_intel distrusts (Intel errata). */
bool kvm_vmx_preemption_timer_erratum(uint32_t signature);
/*
 * The host facts a captured log holds (tools/vmxdecode): the signature from
 * the boot CPU's "cpu: GenuineIntel \"...\" family F model M stepping S"
 * line (processor type 0), long mode and NX taken as present, the TSC rate
 * unknown. False when no such line is found (h untouched).
 */
bool kvm_vmx_host_from_log(const char *text, size_t len, struct kvm_vmx_host *h);
/* CPUs whose VM exit may clear IA32_PERF_GLOBAL_CTRL[34:32] (Nehalem/Westmere errata). */
bool kvm_vmx_perf_global_ctrl_bug(uint32_t signature);

#endif
