/* SPDX-License-Identifier: MIT */
/* The VT-x backend's operations (kernel/backend.h), the counterpart of KVM's vmx_init_ops. */
#include "kernel/backend.h"
#include "vmx/checks.h"
#include "vmx/guest.h"
#include "vmx/vmx.h"

const struct backend vmx_backend = {
	.key = "vmx",
	.label = "VMX",
	.name = "VT-x",
	.has_support = vmx_has_support,
	.hardware_setup = vmx_hardware_setup,
	.disabled_by_firmware = vmx_disabled_by_firmware,
	.check_processor_compat = vmx_check_processor_compat,
	.hardware_enable = vmx_hardware_enable,
	.run_guest = guest_run,
	.run_checks = vmx_run_checks,
	.report = vmx_report,
	.report_cpu = guest_report_cpu,
	.summary = vmx_feature_summary,
	.kvm_verdict = vmx_kvm_verdict,
};
