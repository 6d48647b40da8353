/* SPDX-License-Identifier: MIT */
/*
 * The kernel's AMD-V layer (svm/svm_setup.c, svm/svm_cpu.c), the counterpart
 * of vmx/vmx.h: the boot CPU reads CPUID 0x8000000a/0x8000001f, VM_CR and
 * EFER once, prints them and decides what the guests use; every CPU then
 * checks its firmware state, compares itself with the boot CPU, sets
 * EFER.SVME and VM_HSAVE_PA and gets its VMCB and ASID (APM Vol. 2 15.4
 * "Enabling SVM"; Linux's svm_init_ops).
 */
#ifndef PV_SVM_SVM_H
#define PV_SVM_SVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/backend.h"
#include "lib/json.h"
#include "pure/kvm_verdict.h"
#include "svm/pure/svm_caps.h"

struct percpu;

extern const struct backend svm_backend;	/* svm/backend.c */

/* What the guests use, decided on the boot CPU (every CPU is compared to it). */
struct svm_config {
	bool ok;		/* the boot CPU can run SVM guests */
	bool npt;		/* nested paging: guests isolated, real mode */
	bool nrips;		/* next RIP saved on #VMEXIT */
	uint32_t nasid;		/* ASIDs, 0 (the host's) included */
};
extern struct svm_config svm_config;
extern struct svm_caps boot_svm_caps;

/* This CPU's SVM pages (15.30.4 VM_HSAVE_PA, 15.5.2 VMSAVE area, B VMCB) and ASID. */
struct svm_cpu {
	uint64_t hsave_pa;	/* VM_HSAVE_PA: VMRUN's host save area */
	uint64_t host_save_pa;	/* the host's VMSAVE state (FS, GS, TR ...) */
	uint64_t vmcb_pa;
	uint32_t asid;
};
extern struct svm_cpu *svm_cpus;	/* one per CPU, svm_percpu_alloc */
/* The per-CPU tables for n CPUs: once, before any CPU's work. */
void svm_percpu_alloc(unsigned n);

/* Read this CPU's CPUID leaves, VM_CR and EFER (RDMSR that survives #GP). */
void svm_read_caps(struct svm_caps *c);
/* CPU index's capabilities as its disabled_by_firmware read them, or NULL. */
const struct svm_caps *svm_cpu_caps(unsigned index);

/* The backend operations (kernel/backend.h); svm/backend.c puts them together. */
bool svm_has_support(char *why, size_t n);
void svm_hardware_setup(void);
int svm_disabled_by_firmware(struct percpu *p);
int svm_check_processor_compat(struct percpu *p);
int svm_hardware_enable(struct percpu *p);
void svm_report(struct json *j);
void svm_kvm_verdict(struct kvm_verdict *v);
const char *svm_feature_summary(void);

#endif
