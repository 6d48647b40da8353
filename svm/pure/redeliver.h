/* SPDX-License-Identifier: MIT */
/*
 * Intercepts during IDT interrupt delivery (APM Vol. 2 15.7.2): a #VMEXIT
 * taken while the guest was delivering an event through its IDT leaves the
 * event in EXITINTINFO, in EVENTINJ's format (15.20), so that the VMM can
 * inject it again with the next VMRUN; otherwise it is lost. The #VMEXIT
 * clears EVENTINJ (APM Vol. 3 VMRUN). This is the decision; pure code.
 *
 * Software events are the exception: an INTn (type 4), or an INT3 / INTO
 * (#BP, #OF: type 3, vectors 3 and 4, the only ways a guest raises them),
 * whose delivery was cut short left RIP at the instruction, and an
 * injected software event returns to RIP (to nRIP with NRIPS), not past
 * the instruction, whose length EXITINTINFO does not give. So these are
 * not injected: the guest executes the instruction again, which raises
 * the same event (Linux KVM did the same for INT3 / INTO). A VMM that
 * injected a software event itself must re-inject it itself.
 */
#ifndef PV_SVM_REDELIVER_H
#define PV_SVM_REDELIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/bits.h"

/* What EVENTINJ may be given of EXITINTINFO: vector, type, EV, V, error code (bits 30:12 zero). */
#define SVM_EXITINTINFO_KEEP	(GENMASK(63, 32) | BIT(31) | GENMASK(11, 0))

enum svm_redeliver_result {
	SVM_REDELIVER_NONE,		/* EXITINTINFO.V clear: no event was in delivery */
	SVM_REDELIVER_INJECT,		/* write *eventinj */
	SVM_REDELIVER_REEXECUTE,	/* a software event: RIP is at its instruction, which
					 * runs again; nothing injected */
	SVM_REDELIVER_BAD_TYPE,		/* type 1, 5, 6 or 7: reserved; nothing injected */
	SVM_REDELIVER_BAD_VECTOR,	/* an exception beyond vector 31, or vector 2 (VMRUN
					 * refuses an exception with vector 2, 15.20) */
	SVM_REDELIVER_BAD_ERROR,	/* EV on an event that pushes no error code */
};

enum svm_redeliver_result svm_redeliver(uint64_t exitintinfo, uint64_t *eventinj);
/* "re-injected", "a reserved event type", ... */
const char *svm_redeliver_result_name(enum svm_redeliver_result r);

struct vmcb_control;
/*
 * For a run loop about to resume after #VMEXIT code: EVENTINJ from
 * EXITINTINFO as svm_redeliver decides. True when the guest may go on;
 * false with the reason in why when EXITINTINFO holds an event no VMRUN
 * could take (the loop stops the guest or FAILs the row with it).
 */
bool svm_redeliver_resume(struct vmcb_control *c, uint64_t code, char *why, size_t size);
#define SVM_REDELIVER_WHY_MAX	160	/* room for why */

#endif
