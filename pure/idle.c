/* SPDX-License-Identifier: MIT */
/*
 * The choice of how to wait (pure/idle.h).
 *
 * MWAIT needs CPUID.1:ECX[3] (SDM Vol. 2B MONITOR). Leaf 5's monitor-line
 * sizes are not needed: the waited-on count has a 64-byte line to itself, and
 * a wider monitor line only adds wake-ups the caller looks through (QEMU's
 * TCG reports the sizes as 0). Firmware or a hypervisor can turn it off: on Intel
 * IA32_MISC_ENABLE[18] clear makes MONITOR/MWAIT #UD (and CPUID.1:ECX[3]
 * read 0; SDM Vol. 4 table 2-2), on AMD HWCR[9] MonMwaitDis makes them #UD
 * (APM Vol. 3 MWAIT; the BKDGs' HWCR), and an MSR that reads as off wins
 * over CPUID. Under a hypervisor MWAIT need not sleep at all: QEMU's TCG
 * returns at once when the machine has more than one vCPU (target/i386/tcg/
 * misc_helper.c helper_mwait), KVM runs it as a NOP unless the host gives
 * the guest its idle states, so a guest's MWAIT is a spin; HLT, which every
 * hypervisor implements as a sleep, is taken there unless wait=mwait.
 */
#include "pure/idle.h"
#include "lib/out.h"

const char *idle_method_name(enum idle_method m)
{
	switch (m) {
	case IDLE_MWAIT: return "MWAIT";
	case IDLE_HLT: return "HLT";
	default: return "spin";
	}
}

/* Whether MWAIT can be used at all; why says what is missing when not. */
static bool mwait_usable(const struct idle_facts *f, char *why, size_t n)
{
	if (!(f->cpuid1_ecx & CPUID1_ECX_MONITOR)) {
		snfmt(why, n, "no MONITOR/MWAIT (CPUID.1:ECX[3])");
		return false;
	}
	if (f->intel && f->misc_enable_read && !(f->misc_enable & MISC_ENABLE_MWAIT)) {
		snfmt(why, n, "MONITOR/MWAIT off in IA32_MISC_ENABLE[18]");
		return false;
	}
	if (f->amd && f->hwcr_read && (f->hwcr & HWCR_MON_MWAIT_DIS)) {
		snfmt(why, n, "MONITOR/MWAIT off in HWCR[9] (MonMwaitDis)");
		return false;
	}
	return true;
}

enum idle_method idle_choose(const struct idle_facts *f, enum opt_wait want, char *why,
			     size_t n)
{
	if (want == OPT_WAIT_SPIN) {
		snfmt(why, n, "wait=spin");
		return IDLE_SPIN;
	}
	if (!f->timer) {
		snfmt(why, n, "no LAPIC timer rate to end a sleep");
		return IDLE_SPIN;
	}
	if (want == OPT_WAIT_HLT) {
		snfmt(why, n, "wait=hlt");
		return IDLE_HLT;
	}
	if (!mwait_usable(f, why, n))
		return IDLE_HLT;
	if (want != OPT_WAIT_MWAIT && (f->cpuid1_ecx & CPUID1_ECX_HYPERVISOR)) {
		snfmt(why, n, "a hypervisor's MWAIT may not sleep (CPUID.1:ECX[31])");
		return IDLE_HLT;
	}
	snfmt(why, n, want == OPT_WAIT_MWAIT ? "wait=mwait" : "MONITOR/MWAIT (CPUID.1:ECX[3])");
	return IDLE_MWAIT;
}
