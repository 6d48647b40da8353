/* SPDX-License-Identifier: MIT */
/*
 * After a VM exit the VMM handled and before it resumes the guest: the
 * event whose delivery the exit cut short (IDT-vectoring information, SDM
 * Vol. 3C 28.2.4) goes into the next VM entry's injection fields, and NMI
 * blocking an interrupted IRET had removed is put back (the decision is
 * vmx/pure/redeliver.c). Every run loop calls it: the main guest's
 * (vmx/exit.c) and the check battery's (vmx/checks/run.c).
 */
#ifndef PV_VMX_REDELIVER_HW_H
#define PV_VMX_REDELIVER_HW_H

#include <stdbool.h>
#include <stddef.h>
#include "vmx/pure/redeliver.h"

/*
 * On the current VMCS after an exit of basic reason `reason`. An injection
 * the exit handler wrote itself (VM-entry interruption information already
 * valid) is kept: that handler answers for the event. REDELIVER_BAD_*:
 * nothing was injected; *idt_info says what the exit recorded.
 */
enum vmx_redeliver_result vmx_redeliver_current(unsigned reason, uint32_t *idt_info);
/*
 * The same, for a run loop about to resume: true when the guest may go on;
 * false with the reason in why when the exit recorded an event no VM entry
 * could take (the loop stops the guest or FAILs the row with it).
 */
bool vmx_redeliver_resume(unsigned reason, char *why, size_t size);
#define REDELIVER_WHY_MAX	160	/* room for why */

#endif
