/* SPDX-License-Identifier: MIT */
/*
 * KVM's verdict for this machine, AMD side: would Linux 6.12's kvm_amd load
 * (svm_init -> kvm_is_svm_supported -> kvm_x86_vendor_init ->
 * svm_hardware_setup, then svm_check_processor_compat and enabling SVM on
 * every CPU), and which features would it turn on with default module
 * parameters. kvm_svm.c lists every rule and where it comes from. Pure code.
 */
#ifndef PV_SVM_KVM_SVM_H
#define PV_SVM_KVM_SVM_H

#include "pure/kvm_verdict.h"
#include "svm/pure/svm_caps.h"

#define KVM_SVM_MODULE	"kvm_amd"
#define KVM_SVM_KERNEL	"6.12"

/*
 * Fills v (module "kvm_amd", kernel "6.12") from the boot CPU's caps.
 * Entries, in this order, named as kvm_amd's module parameters: npt, nrips,
 * avic, vls, vgif, vnmi, pause_filter_count, pause_filter_thresh,
 * tsc_scaling, lbrv, nested. Returns 0 when the module would load, -1 when
 * not (v->reason says why, as kvm_amd would print it where it prints).
 */
int kvm_svm_evaluate(const struct svm_caps *boot, struct kvm_verdict *v);

/*
 * The per-CPU part for one more CPU (svm_check_processor_compat and
 * svm_enable_virtualization_cpu): records a reason, and returns -1, when
 * that CPU would make the load fail.
 */
int kvm_svm_check_cpu(const struct svm_caps *cpu, unsigned index, struct kvm_verdict *v);

#endif
