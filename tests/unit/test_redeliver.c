/* SPDX-License-Identifier: MIT */
/*
 * vmx/pure/redeliver.c and svm/pure/redeliver.c: what the next entry
 * injects after an exit that cut an event's delivery short (SDM Vol. 3C
 * 28.2.4, APM Vol. 2 15.7.2), one named case per event type, the invalid
 * field, the reserved types, and the interruptibility-state special cases
 * (NMI blocking, STI / MOV SS blocking, NMI unblocking due to IRET).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "lib/bits.h"
#include "svm/pure/redeliver.h"
#include "svm/pure/svm_defs.h"
#include "vmx/pure/exitinfo.h"
#include "vmx/pure/redeliver.h"
#include "vmx/pure/vmx_defs.h"

#define V		INTR_INFO_VALID
#define EV		INTR_INFO_ERROR_VALID
#define T(t)		((uint32_t)(t) << INTR_INFO_TYPE_SHIFT)
#define STI		GUEST_INTR_STATE_STI
#define MOVSS		GUEST_INTR_STATE_MOV_SS
#define NMIB		GUEST_INTR_STATE_NMI

struct vmx_case {
	const char *name;
	struct vmx_exit_event in;
	enum vmx_redeliver_result want;
	struct vmx_reinject out;	/* checked when want is REDELIVER_INJECT or NONE */
};

static const struct vmx_case vmx_cases[] = {
	{ "vmx_not_valid", { .idt_info = T(INTR_TYPE_HARD_EXCEPTION) | EV | 13, .idt_error = 5,
	  .intr_state = STI, .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_NONE, { .intr_state = STI } },
	{ "vmx_external_interrupt", { .idt_info = V | T(INTR_TYPE_EXT_INTR) | 0x41, .insn_len = 3,
	  .intr_state = STI | MOVSS | GUEST_INTR_STATE_SMI, .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_EXT_INTR) | 0x41,
	  .intr_state = GUEST_INTR_STATE_SMI } },
	{ "vmx_nmi_clears_nmi_blocking", { .idt_info = V | T(INTR_TYPE_NMI) | 2,
	  .intr_state = NMIB | STI, .virtual_nmis = true, .reason = EXIT_REASON_EXCEPTION_NMI,
	  .exit_intr_info = V | T(INTR_TYPE_NMI) | 2 },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_NMI) | 2, .intr_state = STI } },
	{ "vmx_nmi_without_virtual_nmis", { .idt_info = V | T(INTR_TYPE_NMI) | 2 | BIT(12),
	  .intr_state = NMIB | MOVSS, .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_NMI) | 2 } },
	{ "vmx_nmi_wrong_vector", { .idt_info = V | T(INTR_TYPE_NMI) | 3 }, REDELIVER_BAD_VECTOR,
	  { 0 } },
	{ "vmx_hard_exception_with_error", { .idt_info = V | T(INTR_TYPE_HARD_EXCEPTION) | EV | 13,
	  .idt_error = 0x1e58, .insn_len = 7, .intr_state = STI,
	  .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_HARD_EXCEPTION) | EV | 13,
	  .error = 0x1e58, .intr_state = STI } },
	{ "vmx_hard_exception_without_error", { .idt_info = V | T(INTR_TYPE_HARD_EXCEPTION) | 6,
	  .idt_error = 0xdead, .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_HARD_EXCEPTION) | 6 } },
	{ "vmx_double_fault_error_zero", { .idt_info = V | T(INTR_TYPE_HARD_EXCEPTION) | EV | 8,
	  .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_HARD_EXCEPTION) | EV | 8 } },
	{ "vmx_double_fault_missing_error", { .idt_info = V | T(INTR_TYPE_HARD_EXCEPTION) | 8 },
	  REDELIVER_BAD_ERROR, { 0 } },
	{ "vmx_ud_with_error_bit", { .idt_info = V | T(INTR_TYPE_HARD_EXCEPTION) | EV | 6 },
	  REDELIVER_BAD_ERROR, { 0 } },
	{ "vmx_exception_vector_beyond_31", { .idt_info = V | T(INTR_TYPE_HARD_EXCEPTION) | 0x40 },
	  REDELIVER_BAD_VECTOR, { 0 } },
	{ "vmx_software_interrupt_length", { .idt_info = V | T(INTR_TYPE_SOFT_INTR) | 0x80,
	  .insn_len = 2, .intr_state = STI, .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_SOFT_INTR) | 0x80, .insn_len = 2,
	  .set_len = true, .intr_state = STI } },
	{ "vmx_software_interrupt_with_error_bit", { .idt_info = V | T(INTR_TYPE_SOFT_INTR) | EV |
	  0x80, .insn_len = 2 }, REDELIVER_BAD_ERROR, { 0 } },
	{ "vmx_privileged_software_exception", { .idt_info = V | T(INTR_TYPE_PRIV_SW_EXCEPTION) | 1,
	  .insn_len = 1, .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_PRIV_SW_EXCEPTION) | 1, .insn_len = 1,
	  .set_len = true } },
	{ "vmx_software_exception_int3", { .idt_info = V | T(INTR_TYPE_SOFT_EXCEPTION) | 3,
	  .insn_len = 1, .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_SOFT_EXCEPTION) | 3, .insn_len = 1,
	  .set_len = true } },
	{ "vmx_software_exception_into", { .idt_info = V | T(INTR_TYPE_SOFT_EXCEPTION) | 4,
	  .insn_len = 1, .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_SOFT_EXCEPTION) | 4, .insn_len = 1,
	  .set_len = true } },
	{ "vmx_software_length_zero_refused", { .idt_info = V | T(INTR_TYPE_SOFT_INTR) | 0x80 },
	  REDELIVER_BAD_LENGTH, { 0 } },
	{ "vmx_software_length_zero_allowed", { .idt_info = V | T(INTR_TYPE_SOFT_INTR) | 0x80,
	  .zero_len_ok = true },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_SOFT_INTR) | 0x80, .set_len = true } },
	{ "vmx_software_length_16", { .idt_info = V | T(INTR_TYPE_SOFT_EXCEPTION) | 3,
	  .insn_len = 16, .zero_len_ok = true }, REDELIVER_BAD_LENGTH, { 0 } },
	{ "vmx_reserved_type_1", { .idt_info = V | T(1) | 0x20 }, REDELIVER_BAD_TYPE, { 0 } },
	{ "vmx_reserved_type_7", { .idt_info = V | T(INTR_TYPE_OTHER_EVENT) }, REDELIVER_BAD_TYPE,
	  { 0 } },
	{ "vmx_undefined_bit12_and_reserved_dropped", { .idt_info = V | GENMASK(30, 12) |
	  T(INTR_TYPE_HARD_EXCEPTION) | EV | 14, .idt_error = 2,
	  .reason = EXIT_REASON_EPT_VIOLATION },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_HARD_EXCEPTION) | EV | 14,
	  .error = 2 } },
	/* NMI unblocking due to IRET: blocking back only with virtual NMIs and no event in delivery. */
	{ "vmx_iret_fault_reblocks_nmi", { .reason = EXIT_REASON_EXCEPTION_NMI,
	  .exit_intr_info = V | INTR_INFO_NMI_UNBLOCK | T(INTR_TYPE_HARD_EXCEPTION) | EV | 13,
	  .virtual_nmis = true }, REDELIVER_NONE, { .intr_state = NMIB } },
	{ "vmx_iret_ept_violation_reblocks_nmi", { .reason = EXIT_REASON_EPT_VIOLATION,
	  .qual = EPT_VIOL_NMI_UNBLOCK | EPT_VIOL_READ, .intr_state = STI, .virtual_nmis = true },
	  REDELIVER_NONE, { .intr_state = STI | NMIB } },
	{ "vmx_iret_pml_full_reblocks_nmi", { .reason = EXIT_REASON_PML_FULL,
	  .qual = EPT_VIOL_NMI_UNBLOCK, .virtual_nmis = true },
	  REDELIVER_NONE, { .intr_state = NMIB } },
	{ "vmx_iret_double_fault_bit_undefined", { .reason = EXIT_REASON_EXCEPTION_NMI,
	  .exit_intr_info = V | INTR_INFO_NMI_UNBLOCK | T(INTR_TYPE_HARD_EXCEPTION) | EV | 8,
	  .virtual_nmis = true }, REDELIVER_NONE, { .intr_state = 0 } },
	{ "vmx_iret_without_virtual_nmis", { .reason = EXIT_REASON_EPT_VIOLATION,
	  .qual = EPT_VIOL_NMI_UNBLOCK }, REDELIVER_NONE, { .intr_state = 0 } },
	{ "vmx_iret_bit_ignored_in_delivery", { .idt_info = V | T(INTR_TYPE_HARD_EXCEPTION) | 6,
	  .reason = EXIT_REASON_EPT_VIOLATION, .qual = EPT_VIOL_NMI_UNBLOCK, .virtual_nmis = true },
	  REDELIVER_INJECT, { .entry_info = V | T(INTR_TYPE_HARD_EXCEPTION) | 6 } },
	{ "vmx_iret_bit_other_reason", { .reason = EXIT_REASON_CPUID, .qual = EPT_VIOL_NMI_UNBLOCK,
	  .exit_intr_info = V | INTR_INFO_NMI_UNBLOCK, .virtual_nmis = true },
	  REDELIVER_NONE, { .intr_state = 0 } },
};

static void vmx_case(void **state)
{
	const struct vmx_case *c = *state;
	struct vmx_reinject out;
	enum vmx_redeliver_result r;

	memset(&out, 0xa5, sizeof(out));
	r = vmx_redeliver(&c->in, &out);
	assert_int_equal(r, c->want);
	assert_string_not_equal(vmx_redeliver_result_name(r), "?");
	if (r != REDELIVER_INJECT && r != REDELIVER_NONE)
		return;
	assert_int_equal(out.intr_state, c->out.intr_state);
	if (r == REDELIVER_NONE) {
		assert_int_equal(out.entry_info, 0);
		return;
	}
	assert_int_equal(out.entry_info, c->out.entry_info);
	assert_int_equal(out.error, c->out.error);
	assert_int_equal(out.set_len, c->out.set_len);
	assert_int_equal(out.insn_len, c->out.insn_len);
}

#define SV		SVM_EVTINJ_VALID
#define SEV		SVM_EVTINJ_VALID_ERR
#define ST(t)		((uint64_t)(t) << SVM_EVTINJ_TYPE_SHIFT)
#define SERR(e)		((uint64_t)(e) << SVM_EVTINJ_ERRCODE_SHIFT)

struct svm_case {
	const char *name;
	uint64_t exitintinfo;
	enum svm_redeliver_result want;
	uint64_t eventinj;
};

static const struct svm_case svm_cases[] = {
	{ "svm_not_valid", ST(SVM_EVTINJ_TYPE_EXEPT) | SEV | 13 | SERR(4), SVM_REDELIVER_NONE, 0 },
	{ "svm_intr", SV | ST(SVM_EVTINJ_TYPE_INTR) | 0x41, SVM_REDELIVER_INJECT,
	  SV | ST(SVM_EVTINJ_TYPE_INTR) | 0x41 },
	{ "svm_intr_stale_error_code_dropped", SV | ST(SVM_EVTINJ_TYPE_INTR) | 0x41 | SERR(0x1e58),
	  SVM_REDELIVER_INJECT, SV | ST(SVM_EVTINJ_TYPE_INTR) | 0x41 },
	{ "svm_nmi", SV | ST(SVM_EVTINJ_TYPE_NMI) | 2, SVM_REDELIVER_INJECT,
	  SV | ST(SVM_EVTINJ_TYPE_NMI) | 2 },
	{ "svm_exception_with_error", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | SEV | 13 | SERR(0x1e58),
	  SVM_REDELIVER_INJECT, SV | ST(SVM_EVTINJ_TYPE_EXEPT) | SEV | 13 | SERR(0x1e58) },
	{ "svm_exception_without_error", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 6,
	  SVM_REDELIVER_INJECT, SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 6 },
	{ "svm_double_fault", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | SEV | 8, SVM_REDELIVER_INJECT,
	  SV | ST(SVM_EVTINJ_TYPE_EXEPT) | SEV | 8 },
	{ "svm_exception_missing_error", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 14,
	  SVM_REDELIVER_BAD_ERROR, 0 },
	{ "svm_exception_extra_error", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | SEV | 3,
	  SVM_REDELIVER_BAD_ERROR, 0 },
	{ "svm_exception_vector_2", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 2, SVM_REDELIVER_BAD_VECTOR, 0 },
	{ "svm_exception_beyond_31", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 0x20,
	  SVM_REDELIVER_BAD_VECTOR, 0 },
	/* Software events: RIP is at the instruction, which raises them again. */
	{ "svm_software_interrupt", SV | ST(SVM_EVTINJ_TYPE_SOFT) | 0x80, SVM_REDELIVER_REEXECUTE,
	  0 },
	{ "svm_int3", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 3, SVM_REDELIVER_REEXECUTE, 0 },
	{ "svm_into", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 4, SVM_REDELIVER_REEXECUTE, 0 },
	{ "svm_debug_exception", SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 1, SVM_REDELIVER_INJECT,
	  SV | ST(SVM_EVTINJ_TYPE_EXEPT) | 1 },
	{ "svm_software_interrupt_error_bit", SV | ST(SVM_EVTINJ_TYPE_SOFT) | SEV | 0x80,
	  SVM_REDELIVER_BAD_ERROR, 0 },
	{ "svm_reserved_type_1", SV | ST(1) | 0x20, SVM_REDELIVER_BAD_TYPE, 0 },
	{ "svm_reserved_type_5", SV | ST(5) | 1, SVM_REDELIVER_BAD_TYPE, 0 },
	{ "svm_reserved_type_6", SV | ST(6) | 3, SVM_REDELIVER_BAD_TYPE, 0 },
	{ "svm_reserved_type_7", SV | ST(7), SVM_REDELIVER_BAD_TYPE, 0 },
	{ "svm_reserved_bits_dropped", SV | GENMASK(30, 12) | ST(SVM_EVTINJ_TYPE_EXEPT) | SEV | 14 |
	  SERR(2), SVM_REDELIVER_INJECT, SV | ST(SVM_EVTINJ_TYPE_EXEPT) | SEV | 14 | SERR(2) },
};

static void svm_case(void **state)
{
	const struct svm_case *c = *state;
	uint64_t inj = 0xa5a5a5a5a5a5a5a5ULL;
	enum svm_redeliver_result r = svm_redeliver(c->exitintinfo, &inj);

	assert_int_equal(r, c->want);
	assert_string_not_equal(svm_redeliver_result_name(r), "?");
	assert_int_equal(inj, c->eventinj);

	/* The run loops' form: EVENTINJ written only to inject, the reason when it cannot resume. */
	struct vmcb_control v = { .exit_int_info = c->exitintinfo, .event_inj = 0x5a5a };
	char why[SVM_REDELIVER_WHY_MAX] = "", want[SVM_REDELIVER_WHY_MAX];
	bool ok = svm_redeliver_resume(&v, SVM_EXIT_NPF, why, sizeof(why));

	assert_int_equal(ok, r == SVM_REDELIVER_NONE || r == SVM_REDELIVER_INJECT ||
			     r == SVM_REDELIVER_REEXECUTE);
	assert_int_equal(v.event_inj, r == SVM_REDELIVER_INJECT ? c->eventinj : 0x5a5a);
	if (ok) {
		assert_string_equal(why, "");
		return;
	}
	snprintf(want, sizeof(want), "during event delivery: EXITINTINFO 0x%llx has %s, not "
		 "re-injected", (unsigned long long)c->exitintinfo, svm_redeliver_result_name(r));
	assert_non_null(strstr(why, want));
	assert_non_null(strstr(why, "#VMEXIT 0x400 ("));
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(vmx_cases) + ARRAY_SIZE(svm_cases)];
	size_t n = 0;

	ADD_TABLE_CASES(tests, n, vmx_cases, vmx_case);
	ADD_TABLE_CASES(tests, n, svm_cases, svm_case);
	return _cmocka_run_group_tests("redeliver", tests, n, NULL, NULL);
}
