/* SPDX-License-Identifier: MIT */
/*
 * The kernel's VMX layer (vmx/vmx_cpu.c, vmx/vmx_setup.c): the boot CPU reads
 * the capability MSRs and negotiates the static vmcs_config once; every CPU
 * then enables VMX, checks itself against the boot CPU, and enters VMX root
 * operation with its own VMXON region and a current VMCS.
 */
#ifndef PV_VMX_VMX_H
#define PV_VMX_VMX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/backend.h"
#include "lib/json.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/negotiate.h"

struct percpu;

extern const struct backend vmx_backend;    /* vmx/backend.c */

extern struct vmcs_config vmcs_config;          /* negotiated on the boot CPU */
extern struct vmx_capability vmx_capability;    /* EPT/VPID capability bits in use */
extern struct vmx_caps boot_vmx_caps;           /* raw MSRs read on the boot CPU */
extern bool vmx_config_ok;                      /* negotiation succeeded on the boot CPU */

/* Read this CPU's capability MSRs (RDMSR that survives #GP). */
int vmx_read_caps(struct vmx_caps *c);

/*
 * The backend operations (kernel/backend.h), vmx/backend.c puts them together.
 * Boot CPU, before the APs start: read, negotiate, print the capability dump.
 */
void vmx_hardware_setup(void);
/* The per-CPU tables (regions, capabilities) for n CPUs: once, before any CPU's work. */
void vmx_percpu_alloc(unsigned n);
bool vmx_has_support(char *why, size_t n);
/* Every CPU: IA32_FEATURE_CONTROL (vmx/feat_ctl.c; sets p->hv, p->error on failure). */
int vmx_disabled_by_firmware(struct percpu *p);
/*
 * Every CPU: negotiate again on this CPU's MSRs and compare with the boot
 * CPU; an incompatible CPU prints its own failures and the differing words.
 */
int vmx_check_processor_compat(struct percpu *p);
/*
 * Every CPU: CR0/CR4 from its own FIXED MSRs, PAT entry 0 write-back, VMXON
 * (a #GP is reported, not fatal), VMCLEAR + VMPTRLD of its VMCS, INVEPT /
 * INVVPID with the types negotiation chose.
 */
int vmx_hardware_enable(struct percpu *p);

/* The guest's VPID on CPU index i (0 is the host's, SDM 27.2.1.1). */
#define VMX_GUEST_VPID(i)	((uint16_t)((i) + 1))
/*
 * With only single-context INVEPT there is no flush after VMXON: the guest
 * set-up calls this with its EPTP (no-op otherwise). 0, or -1 with err set.
 */
int vmx_ept_sync_context(uint64_t eptp, char *err, unsigned n);

/* IA32_PAT (vmx/pat.c): the boot CPU prints it; every CPU makes PA0 write-back. */
void vmx_pat_print(void);
int vmx_pat_check(struct percpu *p);
/* The report's "vmx" object. */
void vmx_report(struct json *j);
/* kvm_intel's verdict (vmx/pure/kvm_vmx.c) on the boot CPU's capabilities. */
void vmx_kvm_verdict(struct kvm_verdict *v);

/* Print a failed VMX instruction: number and SDM name of the VM-instruction error. */
void vmx_report_insn_error(const char *insn, int result, char *errbuf, unsigned errlen);

/* Feature names for the summary line, e.g. "EPT, VPID, unrestricted guest". */
const char *vmx_feature_summary(void);

#endif
