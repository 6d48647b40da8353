/* SPDX-License-Identifier: MIT */
/*
 * Real events: NMIs, machine checks, spurious local-APIC interrupts. Each is
 * counted per CPU (struct cpu_events in kernel/percpu.h) and reported
 * (percpu[].events, percpu[].mce_records); none ends the run by itself. Only
 * an uncorrected machine check crashes the CPU that took it, as any fault
 * does (kernel/panic.c).
 */
#ifndef PV_KERNEL_EVENTS_H
#define PV_KERNEL_EVENTS_H

#include <stdint.h>

struct trap_frame;
struct percpu;
struct json;

/* CR4.MCE and the machine-check banks on this CPU (every CPU, early). */
void events_cpu_init(struct percpu *p);
/* Handlers, called by trap_handler by vector (NMI, #MC and spurious context). */
void events_nmi(struct trap_frame *f);
void events_mce(struct trap_frame *f);
void events_spurious(void);
/*
 * A backend's exit for the host's NMI taken in VMX non-root operation (NMI
 * exiting): NMIs stay blocked after such an exit until the next IRET (SDM
 * Vol. 3C 26.2, "NMI exiting"), so the NMI goes to the host's handler by
 * INT 2, whose IRET unblocks them, as Linux's vmx_do_nmi_irqoff does.
 */
void events_nmi_reraise(void);
/*
 * A backend's exit for a machine check in its guest (VT-x exit reason 0
 * with vector 18 or 41, SVM #VMEXIT 0x52): the #MC was not delivered to
 * the host, so handle it here as the #MC handler would (Linux's
 * kvm_machine_check). Returns only when this CPU may go on.
 */
void events_mce_in_guest(uint64_t guest_rip);
/* Look for corrected errors in this CPU's banks (they raise no #MC), count and clear them. */
void events_poll(struct percpu *p);
/* The per-CPU report keys: "events" and, when there are any, "mce_records". */
void events_json(struct json *j, const struct percpu *p);
/* One console line per CPU that took any event (boot CPU, before the report). */
void events_summary(void);
/*
 * Set by core/: print the verdict and the report line. The boot CPU's
 * machine check whose interrupted code cannot resume (RIPV clear) calls it
 * from the #MC handler, so that even that run ends with its report line.
 */
extern void (*events_final_report)(void);

#endif
