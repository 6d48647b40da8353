/* SPDX-License-Identifier: MIT */
/*
 * How a CPU waits for others (kernel/idle.c): MONITOR/MWAIT on the line the
 * others write, HLT woken by an IPI or a timer interrupt, or a PAUSE loop.
 * The choice from CPUID and MSR values. Pure code.
 */
#ifndef PV_PURE_IDLE_H
#define PV_PURE_IDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pure/cmdline.h"

#define CPUID1_ECX_MONITOR      (1u << 3)       /* MONITOR/MWAIT (SDM Vol. 2B MWAIT) */
#define CPUID1_ECX_HYPERVISOR   (1u << 31)      /* a hypervisor is present */
#define CPUID5_EBX_LINE_MASK    0xffffu         /* largest monitor-line size, bytes */
#define MISC_ENABLE_MWAIT       (1ull << 18)    /* IA32_MISC_ENABLE "ENABLE MONITOR FSM" */
#define HWCR_MON_MWAIT_DIS      (1ull << 9)     /* AMD HWCR MonMwaitDis */

enum idle_method { IDLE_SPIN, IDLE_HLT, IDLE_MWAIT };

/* What the boot CPU read: CPUID leaves 0, 1 and 5, and the MSRs that can turn MWAIT off. */
struct idle_facts {
	uint32_t max_leaf;              /* CPUID.0:EAX */
	uint32_t cpuid1_ecx;
	uint32_t cpuid5_ebx;            /* valid when max_leaf >= 5; informational */
	bool intel, amd;                /* the vendor, for which MSR applies */
	bool misc_enable_read;          /* IA32_MISC_ENABLE (0x1a0) read without #GP */
	uint64_t misc_enable;
	bool hwcr_read;                 /* AMD HWCR (0xc0010015) read without #GP */
	uint64_t hwcr;
	bool timer;                     /* a LAPIC timer whose rate is known: a sleep can end */
};

/*
 * The method for want (wait=): SPIN when asked or when no timer can end a
 * sleep (a wait must time out); HLT when asked, or when MWAIT is absent (CPUID.1:ECX[3]), off
 * or, under a hypervisor (CPUID.1:ECX[31]), not asked for by name; else
 * MWAIT. why gets the reason in a few words.
 */
enum idle_method idle_choose(const struct idle_facts *f, enum opt_wait want, char *why,
			     size_t n);
const char *idle_method_name(enum idle_method m);

#endif
