/* SPDX-License-Identifier: MIT */
/*
 * The VT-x check battery, in the order every CPU runs it (docs/checks.md
 * has a row per check: what it proves, SDM reference, what a failure
 * means). Each row lives in vmx/checks/<name>.c.
 */
#include "vmx/checks.h"

extern const struct vmx_check chk_preemption_timer, chk_msr_bitmap, chk_io_bitmap,
	chk_exception_bitmap, chk_interrupt_window, chk_nmi_window,
	chk_mtf, chk_rdtsc_exiting, chk_tsc_offset, chk_tsc_scaling, chk_cr_access,
	chk_ept_ad, chk_ept_2m, chk_ept_1g, chk_ept_exec_only, chk_ia32e_guest, chk_invept,
	chk_invvpid, chk_vmcs_shadowing, chk_vmfunc, chk_pml, chk_ept_ve, chk_tpr_shadow,
	chk_apic_access, chk_entry_rules;

extern const struct chk_row chk_row_event_injection;

const struct vmx_check *const vmx_checks[] = {
	&chk_preemption_timer,
	&chk_msr_bitmap,
	&chk_io_bitmap,
	&chk_exception_bitmap,
	VMX_CHECK_BOTH(chk_row_event_injection),
	&chk_interrupt_window,
	&chk_nmi_window,
	&chk_mtf,
	&chk_rdtsc_exiting,
	&chk_tsc_offset,
	&chk_tsc_scaling,
	&chk_cr_access,
	&chk_ept_ad,
	&chk_ept_2m,
	&chk_ept_1g,
	&chk_ept_exec_only,
	&chk_ia32e_guest,
	&chk_invept,
	&chk_invvpid,
	&chk_vmcs_shadowing,
	&chk_vmfunc,
	&chk_pml,
	&chk_ept_ve,
	&chk_tpr_shadow,
	&chk_apic_access,
	&chk_entry_rules,
};

const unsigned vmx_checks_count = sizeof(vmx_checks) / sizeof(vmx_checks[0]);
_Static_assert(sizeof(vmx_checks) / sizeof(vmx_checks[0]) <= CHECKS_MAX, "rows fit a check_cpu");
