/* SPDX-License-Identifier: MIT */
/*
 * One small guest per CPU under AMD-V (docs/svm.md): the same guest program
 * as on VT-x (guest/guest.S; its interface and the host side of its
 * protocol are guest/guest.h, shared by both backends), run by VMRUN from
 * this CPU's VMCB.
 */
#ifndef PV_SVM_GUEST_H
#define PV_SVM_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/json.h"
#include "svm/pure/svm_defs.h"
#include "guest/guest.h"

struct percpu;

/* Exit counts: one slot per code below 0x100, then NPF, VMEXIT_INVALID, the rest. */
#define SVM_EXIT_SLOT_NPF	0x100
#define SVM_EXIT_SLOT_INVALID	0x101
#define SVM_EXIT_SLOT_OTHER	0x102
#define SVM_EXIT_SLOTS		0x103

struct svm_guest {
	struct percpu *cpu;
	enum guest_mode mode;		/* real with NPT, paged32 without */
	bool npt, nrips, null_handler, touch_outside;
	uint64_t mem_pa, mem_size;	/* host-physical base of guest memory */
	uint64_t ncr3;			/* nested page tables (N_CR3) */
	uint64_t iopm_pa, msrpm_pa;	/* permission maps, all ones */
	struct vmcb *vmcb;
	uint64_t vmcb_pa, host_save_pa;
	struct vmcb *vmcb_at_entry;	/* copy taken before the first VMRUN */
	uint32_t asid;
	uint64_t entry_rip;
	struct guest_regs regs;		/* RAX is in vmcb->save.rax */

	uint64_t exits[SVM_EXIT_SLOTS];
	struct guest_io io;		/* console lines, round trip (guest/host.c) */
};

/* The backend's run_guest (EFER.SVME set, VMCB allocated): to the end, p->guest set. */
void svm_guest_run(struct percpu *p);
/* The report's per-CPU guest keys: guest_mode, exits, roundtrip_tsc. */
void svm_guest_report_cpu(struct json *j, const struct percpu *p);
/* Stop the guest: record why (printed when it failed). */
__attribute__((format(printf, 3, 4)))
void svm_guest_stop(struct svm_guest *g, bool done, const char *fmt, ...);

/* svm/vmcb_setup.c: the control area and guest state for g. */
void vmcb_setup(struct svm_guest *g);
/* svm/vmcb_dump.c: the fields VMRUN checks, by name. */
void vmcb_dump(const struct vmcb *v);
/* svm/exit.c: the #VMEXIT handler; true to VMRUN again. */
bool svm_exit_handler(struct guest_regs *r);
/* svm/entry.S: VMRUN until the handler returns false. */
void svm_run(struct guest_regs *regs, uint64_t vmcb_pa, uint64_t host_save_pa);

#endif
