/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_TRAP_H
#define PV_KERNEL_TRAP_H

/* IST slot (1-based) used by #DF, NMI and #MC so a bad stack cannot triple fault. */
#define IST_FAULT       1

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
