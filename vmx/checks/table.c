/* SPDX-License-Identifier: MIT */
/*
 * The VT-x check battery, in the order every CPU runs it (docs/checks.md
 * has a row per check: what it proves, SDM reference, what a failure
 * means). Each row lives in vmx/checks/<name>.c.
 */
#include "vmx/checks.h"

extern const struct vmx_check chk_preemption_timer, chk_interrupt_window, chk_nmi_window,
	chk_mtf, chk_rdtsc_exiting,
	chk_ept_2m, chk_ept_1g, chk_ept_exec_only, chk_ia32e_guest, chk_invept,
	chk_invvpid, chk_vmcs_shadowing, chk_vmfunc, chk_pml, chk_ept_ve, chk_tpr_shadow,
	chk_apic_access;
extern const struct vmx_check chk_load_save_pat, chk_load_save_efer, chk_load_debugctl,
	chk_load_perf_global_ctrl, chk_ept_permissions, chk_unrestricted_real_mode;
extern const struct vmx_check chk_virtual_nmi, chk_hlt_exiting, chk_pause_loop_exiting,
	chk_monitor_mwait_exiting, chk_cr3_target, chk_preemption_timer_rate;
extern const struct vmx_check chk_apic_register_virtualization, chk_virtual_interrupt_delivery,
	chk_virtualize_x2apic, chk_posted_interrupts;
extern const struct vmx_check chk_entry_rules;

extern const struct chk_row chk_row_event_injection, chk_row_tsc_offset,
	chk_row_exception_bitmap, chk_row_ept_ad, chk_row_io_bitmap,
	chk_row_msr_bitmap, chk_row_cr_access, chk_row_tsc_scaling;

const struct vmx_check *const vmx_checks[] = {
	&chk_preemption_timer,
	VMX_CHECK_BOTH(chk_row_msr_bitmap, .need = { .proc = CPU_BASED_USE_MSR_BITMAPS }),
	VMX_CHECK_BOTH(chk_row_io_bitmap, .need = { .proc = CPU_BASED_USE_IO_BITMAPS }),
	VMX_CHECK_BOTH(chk_row_exception_bitmap),
	VMX_CHECK_BOTH(chk_row_event_injection),
	&chk_interrupt_window,
	&chk_nmi_window,
	&chk_mtf,
	&chk_rdtsc_exiting,
	VMX_CHECK_BOTH(chk_row_tsc_offset, .need = { .proc = CPU_BASED_USE_TSC_OFFSETTING }),
	VMX_CHECK_BOTH(chk_row_tsc_scaling, .need = { .proc = CPU_BASED_USE_TSC_OFFSETTING,
						     .proc2 = SECONDARY_EXEC_TSC_SCALING }),
	VMX_CHECK_BOTH(chk_row_cr_access),
	VMX_CHECK_BOTH(chk_row_ept_ad, .need = { .ept = true, .ept_cap = VMX_EPT_AD_BIT }),
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
	&chk_load_save_pat,
	&chk_load_save_efer,
	&chk_load_debugctl,
	&chk_load_perf_global_ctrl,
	&chk_ept_permissions,
	&chk_unrestricted_real_mode,
	&chk_virtual_nmi,
	&chk_hlt_exiting,
	&chk_pause_loop_exiting,
	&chk_monitor_mwait_exiting,
	&chk_cr3_target,
	&chk_preemption_timer_rate,
	&chk_apic_register_virtualization,
	&chk_virtual_interrupt_delivery,
	&chk_virtualize_x2apic,
	&chk_posted_interrupts,
	&chk_entry_rules,
};

const unsigned vmx_checks_count = sizeof(vmx_checks) / sizeof(vmx_checks[0]);
_Static_assert(sizeof(vmx_checks) / sizeof(vmx_checks[0]) <= CHECKS_MAX, "rows fit a check_cpu");
