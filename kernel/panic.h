/* SPDX-License-Identifier: MIT */
#ifndef PV_CORE_PANIC_H
#define PV_CORE_PANIC_H

#include <stdbool.h>

struct trap_frame;

/* Print "PICOVISOR-PANIC cpu=N: <message>", stop the other CPUs, halt. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
/* The same for an unexpected exception, with the register dump. */
__attribute__((noreturn)) void panic_trap(const struct trap_frame *f);
bool panic_in_progress(void);

/* Hook set by the SMP code to stop the other CPUs (NMI IPI); may be NULL. */
extern void (*panic_stop_others)(void);

#endif
