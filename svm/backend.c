/* SPDX-License-Identifier: MIT */
/* The AMD-V backend's operations (kernel/backend.h), the counterpart of KVM's svm_init_ops. */
#include "kernel/backend.h"
#include "svm/checks.h"
#include "svm/guest.h"
#include "svm/svm.h"

const struct backend svm_backend = {
	.key = "svm",
	.label = "SVM",
	.name = "AMD-V",
	.has_support = svm_has_support,
	.hardware_setup = svm_hardware_setup,
	.disabled_by_firmware = svm_disabled_by_firmware,
	.check_processor_compat = svm_check_processor_compat,
	.hardware_enable = svm_hardware_enable,
	.run_guest = svm_guest_run,
	.run_checks = svm_run_checks,
	.report = svm_report,
	.report_cpu = svm_guest_report_cpu,
	.summary = svm_feature_summary,
	.kvm_verdict = svm_kvm_verdict,
};
