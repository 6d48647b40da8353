/* SPDX-License-Identifier: MIT */
/*
 * PAUSE-loop exiting (SDM Vol. 3C 25.6.13 PLE_Gap / PLE_Window, 26.1.3
 * PAUSE; exit reason 40): at CPL 0 a PAUSE more than PLE_Gap TSC ticks
 * after the previous one (or the first after VM entry) starts a new loop;
 * a PAUSE more than PLE_Window ticks after its loop's first PAUSE exits.
 * "PAUSE exiting" (primary control bit 30) instead makes every PAUSE exit,
 * the first after VM entry too, which PLE never does.
 *
 * Gap 2048 and window 4096 TSC ticks: a tight PAUSE loop iteration (PAUSE,
 * RDTSC, a few ALU operations) is ~6 ticks in Bochs (one tick an
 * instruction) and a few hundred at most on hardware even where PAUSE takes
 * ~140 cycles and the core clock is below the TSC's, well below the gap.
 * The window is short in time everywhere (1.4 us at 3 GHz, 0.4 ms of
 * Bochs' 10 MHz TSC), so interrupts or NMIs, which restart the loop at
 * every VM entry, rarely fall inside it. The guest first runs 4 PAUSEs 4
 * gaps (2 windows) apart, with "PAUSE exiting" also set where the CPU lets
 * it be cleared again; then, after a report, a tight PAUSE loop bounded at
 * 64 windows. Expected: with PAUSE exiting, exit 40 at the very first PAUSE
 * (the host then clears it); no exit for the spaced PAUSEs (each starts a
 * loop); in the tight loop exit 40 at its PAUSE, with the TSC at the exit
 * more than a window after the loop's start (D0), and the last PAUSE that
 * did not exit at most window + 2 gaps after it (D2: a gap for the
 * instructions before the first PAUSE and after the last); when an
 * interrupt exit re-entered the guest inside the loop, from that entry
 * (vmx/pure/ple.c, unit-tested).
 * Broken: neither control set, so the tight loop ends without an exit.
 */
#include "vmx/checks.h"
#include "vmx/pure/ple.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define PLE_TEST_GAP		2048u
#define PLE_TEST_WINDOW		4096u
#define PLE_SPACING		(4 * PLE_TEST_GAP)	/* 2 windows */
#define PLE_SPACED		4
#define PLE_TIGHT_LIMIT		(64 * PLE_TEST_WINDOW)

extern const char vchk_g_ple[], vchk_g_ple_spaced[], vchk_g_ple_tight[];

enum { PLE_PAUSE_EXITING, PLE_SPACED_RUN, PLE_TIGHT_RUN, PLE_EXITED };

static bool pause_exiting_clearable(void)
{
	uint64_t msr = vmx_caps_ctl_msr(&boot_vmx_caps, VMX_WORD_PROC);

	return (msr >> 32 & CPU_BASED_PAUSE_EXITING) && !((uint32_t)msr & CPU_BASED_PAUSE_EXITING);
}

static void setup(struct vchk *c)
{
	bool pause_exiting = !c->broken && pause_exiting_clearable();

	vmcs_write32(PLE_GAP, PLE_TEST_GAP);
	vmcs_write32(PLE_WINDOW, PLE_TEST_WINDOW);
	vchk_ctl(SECONDARY_VM_EXEC_CONTROL, c->broken ? 0 : SECONDARY_EXEC_PAUSE_LOOP_EXITING,
		 c->broken ? SECONDARY_EXEC_PAUSE_LOOP_EXITING : 0);
	vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, pause_exiting ? CPU_BASED_PAUSE_EXITING : 0,
		 pause_exiting ? 0 : CPU_BASED_PAUSE_EXITING);
	c->step = pause_exiting ? PLE_PAUSE_EXITING : PLE_SPACED_RUN;
	c->val[3] = pause_exiting;
	c->g.regs.rbx = PLE_SPACING;
	c->g.regs.rsi = PLE_SPACED;
	c->g.regs.rdi = PLE_TIGHT_LIMIT;
}

static enum chk_verdict on_tight_exit(struct vchk *c)
{
	struct ple_times t = {
		.start = vchk_word(c, CHK_D0),
		.last = vchk_word(c, CHK_D2),
		.entry = (uint32_t)c->tsc_entry,
		.at_exit = (uint32_t)c->tsc_exit,
		.gap = PLE_TEST_GAP,
		.window = PLE_TEST_WINDOW,
	};
	uint32_t to_exit, to_last;

	if (c->rip != vchk_ga(vchk_g_ple_tight))
		return vchk_fail(c, "PAUSE exit at rip 0x%llx, not the loop's PAUSE",
				 (unsigned long long)c->rip);
	switch (ple_judge(&t, &to_exit, &to_last)) {
	case PLE_EARLY:
		return vchk_fail(c,
				 "PAUSE-loop exit %u TSC ticks into the loop, within the window "
				 "(%u)",
				 to_exit, PLE_TEST_WINDOW);
	case PLE_LATE:
		return vchk_fail(c,
				 "a PAUSE %u ticks into the loop did not exit (window %u, gap %u)",
				 to_last, PLE_TEST_WINDOW, PLE_TEST_GAP);
	case PLE_IN_TIME:
		break;
	}
	c->step = PLE_EXITED;
	return vchk_pass(c,
			 "%sno exit for %u PAUSEs %u ticks apart; the tight loop exited (40) "
			 "%u ticks in, last PAUSE %u (gap %u, window %u)",
			 c->val[3] ? "PAUSE exiting: the first PAUSE exited; " : "", PLE_SPACED,
			 PLE_SPACING, to_exit, to_last, PLE_TEST_GAP, PLE_TEST_WINDOW);
}

static enum chk_verdict on_exit(struct vchk *c)
{
	if (c->reason == EXIT_REASON_PAUSE_INSTRUCTION) {
		if (c->step == PLE_PAUSE_EXITING) {
			if (c->rip != vchk_ga(vchk_g_ple_spaced) || vchk_word(c, CHK_D4))
				return vchk_fail(c,
						 "PAUSE exiting: first exit at rip 0x%llx after %u "
						 "PAUSEs, expected at the first PAUSE",
						 (unsigned long long)c->rip, vchk_word(c, CHK_D4));
			vchk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_PAUSE_EXITING);
			return vchk_next(c, PLE_SPACED_RUN);
		}
		if (c->step == PLE_SPACED_RUN)
			return vchk_fail(
				c,
				"PAUSE-loop exit at the spaced PAUSE %u (%u ticks apart, gap "
				"%u): each should start a new loop",
				vchk_word(c, CHK_D4) + 1, PLE_SPACING, PLE_TEST_GAP);
		if (c->step == PLE_TIGHT_RUN)
			return on_tight_exit(c);
		return vchk_unexpected(c);
	}
	if (vchk_call(c, CHK_CALL_REPORT) && c->step != PLE_TIGHT_RUN) {
		if (c->step == PLE_PAUSE_EXITING)
			return vchk_fail(c, "PAUSE exiting set, yet the first PAUSE did not exit");
		if (vchk_word(c, CHK_D4) != PLE_SPACED)
			return vchk_fail(c, "%u spaced PAUSEs, expected %u", vchk_word(c, CHK_D4),
					 PLE_SPACED);
		return vchk_next(c, PLE_TIGHT_RUN);
	}
	if (vchk_call(c, CHK_CALL_DONE) && c->step == PLE_TIGHT_RUN)
		return vchk_fail(c,
				 "no PAUSE-loop exit in a tight PAUSE loop of %u TSC ticks (window "
				 "%u, gap %u)",
				 vchk_word(c, CHK_D2) - vchk_word(c, CHK_D0), PLE_TEST_WINDOW,
				 PLE_TEST_GAP);
	return vchk_unexpected(c);
}

const struct vmx_check vchk_pause_loop_exiting = {
	.name = "pause_loop_exiting",
	.sdm = "SDM Vol. 3C 25.6.13, 26.1.3",
	.need = { .proc2 = SECONDARY_EXEC_PAUSE_LOOP_EXITING },
	.entry = vchk_g_ple,
	.setup = setup,
	.exit = on_exit,
};
