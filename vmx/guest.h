/* SPDX-License-Identifier: MIT */
/*
 * One small guest per CPU under VT-x (docs/guest.md): its memory, EPT,
 * VMCS, the run loop and its statistics. The guest program's interface and
 * the host side of its protocol are guest/guest.h, shared with svm/.
 */
#ifndef PV_VMX_GUEST_H
#define PV_VMX_GUEST_H

#include "guest/guest.h"
#include "lib/bits.h"

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include "lib/json.h"
#include "vmx/pure/vmx_defs.h"

struct percpu;

struct guest {
	struct percpu *cpu;
	enum guest_mode mode;
	bool ept, vpid, null_handler, touch_outside;
	uint64_t mem_pa;		/* host-physical base of guest memory */
	uint64_t mem_size;
	uint64_t eptp;
	uint64_t io_bitmap_a, io_bitmap_b, msr_bitmap;	/* host-physical, 0 when unused */
	uint64_t exit_stack_top;
	uint64_t entry_rip;
	struct guest_regs regs;		/* at launch */

	bool launched;			/* a VM exit happened: the next entry is VMRESUME */
	uint64_t exits[EXIT_REASON_MAX + 1];
	uint64_t exits_other;		/* basic reasons beyond EXIT_REASON_MAX */
	struct guest_io io;		/* console lines, round trip (guest/host.c) */
};

/*
 * The backend's run_guest, on every CPU whose VMX is on (VMCS current): runs
 * the guest to its end and records p->guest, p->error and the statistics.
 */
void guest_run(struct percpu *p);
/* The report's per-CPU guest keys: guest_mode, exits, roundtrip_tsc. */
void guest_report_cpu(struct json *j, const struct percpu *p);

/* vmx/vmcs_setup.c: fill the current VMCS for g. */
void vmcs_setup(struct guest *g);
/* vmx/exit.c: the VM-exit handler; returns true to resume the guest. */
bool vmx_exit_handler(struct guest_regs *r);
/* vmx/vmcs_dump.c: a failed VMLAUNCH/VMRESUME, printed and put into p->error. */
void vmcs_report_entry_failure(struct guest *g, const char *insn, int result);
/* The fields the SDM's VM-entry checks read (26.2, 26.3), printed by name. */
void vmcs_dump_state(void);
/* Stop the guest: record why (also printed). */
__attribute__((format(printf, 3, 4)))
void guest_stop(struct guest *g, bool done, const char *fmt, ...);

/* vmx/entry.S: enter with VMLAUNCH, return when the handler stops the guest
 * (0) or when VMLAUNCH/VMRESUME fail (VMX_FAIL_INVALID / VMX_FAIL_VALID). */
int vmx_run(struct guest_regs *regs, uint64_t exit_stack_top);
void vmx_exit_stub(void);

#endif

#endif
