/* SPDX-License-Identifier: MIT */
/*
 * The AMD-V capability block. Between "BEGIN SVMCAP" and "END SVMCAP" the
 * lines are exactly those of the Debian `cpuid` tool (Todd Allen's, version
 * 20230120 as shipped in Debian 12) for CPUID 0x8000000a and, when the CPU
 * enumerates it, 0x8000001f, in its row labels and alignment, so a user can
 * diff the block against
 *
 *     cpuid -1 | sed -n '/(0x8000000a\/eax)/,/NASID/p;/(0x8000001f)/,/minimum SEV/p'
 *
 * run under Linux on the same machine. After END SVMCAP comes one line with
 * the Linux /proc/cpuinfo names of the SVM features ("svm flags\t: npt ...");
 * Linux itself lists them in its "flags" line (it has no separate "svm flags"
 * line, unlike "vmx flags"), so the names can be grepped for there.
 */
#ifndef PV_SVM_SVMCAP_H
#define PV_SVM_SVMCAP_H

#include "lib/out.h"
#include "svm/pure/svm_caps.h"

void svmcap_dump(struct out *o, const struct svm_caps *c);

/* Only the block's inner lines (no BEGIN/END, no flags line). */
void svmcap_print(struct out *o, const struct svm_caps *c);

/* "svm flags\t: npt lbrv ...\n", the flags Linux shows for CPUID 0x8000000a EDX. */
void svm_print_linux_flags(struct out *o, const struct svm_caps *c);

#endif
