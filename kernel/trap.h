/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_TRAP_H
#define PV_KERNEL_TRAP_H

/*
 * IST slots (1-based): #DF, NMI and #MC run on stacks of their own, so a bad
 * stack cannot triple fault and an NMI taken inside the #MC handler (or the
 * reverse) does not overwrite the frame of the one it interrupted.
 */
#define IST_FAULT       1
#define IST_NMI         2
#define IST_MCE         3

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "arch/x86/frame.h"
#include "pure/exceptions.h"

/* Layout built by arch/x86/isr.S: the GPR frame (arch/x86/frame.h), then the
 * vector, the error code and the CPU's interrupt frame (SDM Vol. 3A 6.14.2). */
struct trap_frame {
	GPR_FRAME_MEMBERS;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

void trap_init(void);           /* build the IDT once */
void trap_load(void);           /* LIDT on this CPU */
void trap_handler(struct trap_frame *f);
#endif

#endif
