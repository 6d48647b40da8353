/* SPDX-License-Identifier: MIT */
/*
 * The AMD-V check battery, in the order every CPU runs it (docs/checks.md
 * has a row per check: what it proves, APM reference, what a failure
 * means). Each row lives in svm/checks/<name>.c.
 */
#include "svm/checks.h"

extern const struct svm_check schk_int3_intercept,
	schk_nrip_save, schk_npf, schk_flush_by_asid,
	schk_pause_filter, schk_vintr, schk_vgif, schk_vmcb_clean, schk_lbr_virt,
	schk_decode_assists;
extern const struct svm_check schk_nrip_save_classes, schk_pause_filter_threshold, schk_vnmi,
	schk_vmload_vmsave_virt;
extern const struct svm_check schk_vmrun_rules;

extern const struct chk_row chk_row_event_injection, chk_row_tsc_offset,
	chk_row_exception_bitmap, chk_row_ept_ad, chk_row_io_bitmap,
	chk_row_msr_bitmap, chk_row_cr_access, chk_row_tsc_scaling, chk_row_event_redelivery;

const struct svm_check *const svm_checks[] = {
	SVM_CHECK_BOTH(chk_row_msr_bitmap),
	SVM_CHECK_BOTH(chk_row_io_bitmap),
	SVM_CHECK_BOTH(chk_row_exception_bitmap),
	&schk_int3_intercept,
	SVM_CHECK_BOTH(chk_row_event_injection),
	&schk_nrip_save,
	&schk_npf,
	SVM_CHECK_BOTH(chk_row_ept_ad, .npt = true),
	&schk_flush_by_asid,
	&schk_pause_filter,
	&schk_vintr,
	&schk_vgif,
	&schk_vmcb_clean,
	&schk_lbr_virt,
	&schk_decode_assists,
	SVM_CHECK_BOTH(chk_row_tsc_offset),
	SVM_CHECK_BOTH(chk_row_tsc_scaling, .feat = SVM_FEAT_TSC_RATE),
	SVM_CHECK_BOTH(chk_row_cr_access),
	&schk_nrip_save_classes,
	&schk_pause_filter_threshold,
	&schk_vnmi,
	&schk_vmload_vmsave_virt,
	&schk_vmrun_rules,
	SVM_CHECK_BOTH(chk_row_event_redelivery, .npt = true),
};

const unsigned svm_checks_count = sizeof(svm_checks) / sizeof(svm_checks[0]);
_Static_assert(sizeof(svm_checks) / sizeof(svm_checks[0]) <= CHECKS_MAX, "rows fit a check_cpu");
