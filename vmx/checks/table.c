/* SPDX-License-Identifier: MIT */
/*
 * The VT-x check battery, in the order every CPU runs it (docs/checks.md
 * has a row per check: what it proves, SDM reference, what a failure
 * means). Each row lives in vmx/checks/<name>.c.
 */
#include "vmx/checks.h"

extern const struct vmx_check vchk_preemption_timer, vchk_interrupt_window, vchk_nmi_window,
	vchk_mtf, vchk_rdtsc_exiting, vchk_ept_2m, vchk_ept_1g, vchk_ept_exec_only,
	vchk_ia32e_guest, vchk_invept, vchk_invvpid, vchk_vmcs_shadowing, vchk_vmfunc, vchk_pml,
	vchk_ept_ve, vchk_tpr_shadow, vchk_apic_access;
extern const struct vmx_check vchk_load_save_pat, vchk_load_save_efer, vchk_load_debugctl,
	vchk_load_perf_global_ctrl, vchk_ept_permissions, vchk_unrestricted_real_mode;
extern const struct vmx_check vchk_virtual_nmi, vchk_hlt_exiting, vchk_pause_loop_exiting,
	vchk_monitor_mwait_exiting, vchk_cr3_target, vchk_preemption_timer_rate;
extern const struct vmx_check vchk_apic_register_virtualization, vchk_virtual_interrupt_delivery,
	vchk_virtualize_x2apic, vchk_posted_interrupts;
extern const struct vmx_check vchk_entry_rules;

extern const struct chk_row chk_row_event_injection, chk_row_tsc_offset,
	chk_row_exception_bitmap, chk_row_ept_ad, chk_row_io_bitmap,
	chk_row_msr_bitmap, chk_row_cr_access, chk_row_tsc_scaling, chk_row_event_redelivery;

const struct vmx_check *const vmx_checks[] = {
	&vchk_preemption_timer,
	VMX_CHECK_BOTH(chk_row_msr_bitmap, .need = { .proc = CPU_BASED_USE_MSR_BITMAPS }),
	VMX_CHECK_BOTH(chk_row_io_bitmap, .need = { .proc = CPU_BASED_USE_IO_BITMAPS }),
	VMX_CHECK_BOTH(chk_row_exception_bitmap),
	VMX_CHECK_BOTH(chk_row_event_injection),
	&vchk_interrupt_window,
	&vchk_nmi_window,
	&vchk_mtf,
	&vchk_rdtsc_exiting,
	VMX_CHECK_BOTH(chk_row_tsc_offset, .need = { .proc = CPU_BASED_USE_TSC_OFFSETTING }),
	VMX_CHECK_BOTH(chk_row_tsc_scaling, .need = { .proc = CPU_BASED_USE_TSC_OFFSETTING,
						      .proc2 = SECONDARY_EXEC_TSC_SCALING }),
	VMX_CHECK_BOTH(chk_row_cr_access),
	VMX_CHECK_BOTH(chk_row_ept_ad, .need = { .ept = true, .ept_cap = VMX_EPT_AD_BIT }),
	&vchk_ept_2m,
	&vchk_ept_1g,
	&vchk_ept_exec_only,
	&vchk_ia32e_guest,
	&vchk_invept,
	&vchk_invvpid,
	&vchk_vmcs_shadowing,
	&vchk_vmfunc,
	&vchk_pml,
	&vchk_ept_ve,
	&vchk_tpr_shadow,
	&vchk_apic_access,
	&vchk_load_save_pat,
	&vchk_load_save_efer,
	&vchk_load_debugctl,
	&vchk_load_perf_global_ctrl,
	&vchk_ept_permissions,
	&vchk_unrestricted_real_mode,
	&vchk_virtual_nmi,
	&vchk_hlt_exiting,
	&vchk_pause_loop_exiting,
	&vchk_monitor_mwait_exiting,
	&vchk_cr3_target,
	&vchk_preemption_timer_rate,
	&vchk_apic_register_virtualization,
	&vchk_virtual_interrupt_delivery,
	&vchk_virtualize_x2apic,
	&vchk_posted_interrupts,
	&vchk_entry_rules,
	VMX_CHECK_BOTH(chk_row_event_redelivery, .need = { .ept = true }),
};

const unsigned vmx_checks_count = sizeof(vmx_checks) / sizeof(vmx_checks[0]);
_Static_assert(sizeof(vmx_checks) / sizeof(vmx_checks[0]) <= CHECKS_MAX, "rows fit a check_cpu");
