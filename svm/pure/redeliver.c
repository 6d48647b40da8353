/* SPDX-License-Identifier: MIT */
/* Re-delivery of an event a #VMEXIT cut short (APM Vol. 2 15.7.2, 15.20). Pure code. */
#include "svm/pure/redeliver.h"
#include "pure/exceptions.h"
#include "lib/out.h"
#include "svm/pure/svm_defs.h"
#include "svm/pure/svm_names.h"

#define EXCP_OF		4	/* overflow: INTO */

enum svm_redeliver_result svm_redeliver(uint64_t exitintinfo, uint64_t *eventinj)
{
	unsigned type = (unsigned)((exitintinfo & SVM_EVTINJ_TYPE_MASK) >> SVM_EVTINJ_TYPE_SHIFT);
	unsigned vector = (unsigned)(exitintinfo & SVM_EVTINJ_VEC_MASK);
	bool ev = exitintinfo & SVM_EVTINJ_VALID_ERR;

	*eventinj = 0;
	if (!(exitintinfo & SVM_EVTINJ_VALID))
		return SVM_REDELIVER_NONE;
	switch (type) {
	case SVM_EVTINJ_TYPE_INTR:
	case SVM_EVTINJ_TYPE_NMI:
	case SVM_EVTINJ_TYPE_SOFT:
		if (ev)		/* only exceptions push an error code */
			return SVM_REDELIVER_BAD_ERROR;
		if (type == SVM_EVTINJ_TYPE_SOFT)
			return SVM_REDELIVER_REEXECUTE;
		break;
	case SVM_EVTINJ_TYPE_EXEPT:
		if (vector >= NR_EXCEPTIONS || vector == X86_TRAP_NMI)
			return SVM_REDELIVER_BAD_VECTOR;
		if (ev != exception_has_error_code(vector))
			return SVM_REDELIVER_BAD_ERROR;
		if (vector == X86_TRAP_BP || vector == EXCP_OF)
			return SVM_REDELIVER_REEXECUTE;
		break;
	default:
		return SVM_REDELIVER_BAD_TYPE;
	}
	/* The error code (63:32) only with EV: without it the field may hold a stale one (QEMU). */
	*eventinj = exitintinfo & SVM_EXITINTINFO_KEEP &
		    (ev ? ~0ULL : ~(uint64_t)GENMASK(63, 32));
	return SVM_REDELIVER_INJECT;
}

const char *svm_redeliver_result_name(enum svm_redeliver_result r)
{
	switch (r) {
	case SVM_REDELIVER_NONE:
		return "no event in delivery";
	case SVM_REDELIVER_INJECT:
		return "re-injected";
	case SVM_REDELIVER_REEXECUTE:
		return "a software event, raised again by its instruction";
	case SVM_REDELIVER_BAD_TYPE:
		return "a reserved event type";
	case SVM_REDELIVER_BAD_VECTOR:
		return "a vector its type does not allow";
	case SVM_REDELIVER_BAD_ERROR:
		return "an error-code bit the event contradicts";
	}
	return "?";
}

bool svm_redeliver_resume(struct vmcb_control *c, uint64_t code, char *why, size_t size)
{
	uint64_t inj;
	enum svm_redeliver_result r = svm_redeliver(c->exit_int_info, &inj);
	char name[24];

	if (r == SVM_REDELIVER_INJECT)
		c->event_inj = inj;
	if (r == SVM_REDELIVER_NONE || r == SVM_REDELIVER_INJECT || r == SVM_REDELIVER_REEXECUTE)
		return true;
	snfmt(why, size, "#VMEXIT 0x%llx (%s) during event delivery: EXITINTINFO 0x%llx has %s, "
	      "not re-injected", (unsigned long long)code, svm_exit_name_buf(code, name, sizeof(name)),
	      (unsigned long long)c->exit_int_info, svm_redeliver_result_name(r));
	return false;
}
