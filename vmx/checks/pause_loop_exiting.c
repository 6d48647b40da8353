/* SPDX-License-Identifier: MIT */
/*
 * PAUSE-loop exiting (SDM Vol. 3C 25.6.13 PLE_Gap / PLE_Window, 26.1.3
 * PAUSE; exit reason 40): at CPL 0 a PAUSE more than PLE_Gap TSC ticks
 * after the previous one (or the first after VM entry) starts a new loop;
 * a PAUSE more than PLE_Window ticks after its loop's first PAUSE exits.
 * "PAUSE exiting" (primary control bit 30) instead makes every PAUSE exit,
 * the first after VM entry too, which PLE never does.
 *
 * Gap 4096 and window 65536 TSC ticks: a tight PAUSE loop iteration (PAUSE,
 * RDTSC, a few ALU operations) is ~10 ticks in Bochs (one tick an instruction)
 * and at most a few hundred on hardware even where PAUSE takes ~140 cycles
 * or the core clock is below the TSC's, far below the gap; the window is
 * 16 gaps. The guest first runs PAUSEs 4 gaps apart (10 of them, 2.5
 * windows in all), with "PAUSE exiting" also set where the CPU lets it be
 * cleared again; then, after a report, a tight PAUSE loop bounded at 8
 * windows. Expected: with PAUSE exiting, exit 40 at the very first PAUSE
 * (the host then clears it); no exit for the spaced PAUSEs (each starts a
 * loop); in the tight loop exit 40 at its PAUSE, with the TSC at the exit
 * more than a window after the loop's start (D0), and the last PAUSE that
 * did not exit at most window + 2 gaps after it (D2: a gap for the
 * instructions before the first PAUSE and after the last). When an
 * interrupt exit re-entered the guest inside the loop (the first PAUSE
 * after an entry starts a loop), the window counts from that entry.
 * Broken: neither control set, so the tight loop ends without an exit.
 */
#include "vmx/checks.h"
#include "vmx/vmx.h"
#include "vmx/vmx_insn.h"

#define PLE_TEST_GAP		4096u
#define PLE_TEST_WINDOW		65536u
#define PLE_SPACING		(4 * PLE_TEST_GAP)
#define PLE_SPACED		(2 * PLE_TEST_WINDOW / PLE_SPACING + 2)
#define PLE_TIGHT_LIMIT		(8 * PLE_TEST_WINDOW)

extern const char chk_g_ple[], chk_g_ple_spaced[], chk_g_ple_tight[];

enum { PLE_PAUSE_EXITING, PLE_SPACED_RUN, PLE_TIGHT_RUN, PLE_EXITED };

static bool pause_exiting_clearable(void)
{
	uint64_t msr = vmx_caps_ctl_msr(&boot_vmx_caps, VMX_WORD_PROC);

	return (msr >> 32 & CPU_BASED_PAUSE_EXITING) && !((uint32_t)msr & CPU_BASED_PAUSE_EXITING);
}

static void setup(struct chk *c)
{
	bool pause_exiting = !c->broken && pause_exiting_clearable();

	vmcs_write32(PLE_GAP, PLE_TEST_GAP);
	vmcs_write32(PLE_WINDOW, PLE_TEST_WINDOW);
	chk_ctl(SECONDARY_VM_EXEC_CONTROL, c->broken ? 0 : SECONDARY_EXEC_PAUSE_LOOP_EXITING,
		c->broken ? SECONDARY_EXEC_PAUSE_LOOP_EXITING : 0);
	chk_ctl(CPU_BASED_VM_EXEC_CONTROL, pause_exiting ? CPU_BASED_PAUSE_EXITING : 0,
		pause_exiting ? 0 : CPU_BASED_PAUSE_EXITING);
	c->step = pause_exiting ? PLE_PAUSE_EXITING : PLE_SPACED_RUN;
	c->val[3] = pause_exiting;
	c->g.regs.rbx = PLE_SPACING;
	c->g.regs.rsi = PLE_SPACED;
	c->g.regs.rdi = PLE_TIGHT_LIMIT;
}

static enum chk_verdict on_tight_exit(struct chk *c)
{
	uint32_t start = chk_word(c, CHK_D0), last = chk_word(c, CHK_D2);
	uint32_t entry = (uint32_t)c->tsc_entry, at_exit = (uint32_t)c->tsc_exit;

	if (c->rip != chk_ga(chk_g_ple_tight))
		return chk_fail(c, "PAUSE exit at rip 0x%llx, not the loop's PAUSE",
				(unsigned long long)c->rip);
	if ((int32_t)(entry - start) > 0)	/* re-entered inside the loop: it started again */
		start = entry;
	if (at_exit - start <= PLE_TEST_WINDOW)
		return chk_fail(c, "PAUSE-loop exit %u TSC ticks into the loop, within the window "
				"(%u)", at_exit - start, PLE_TEST_WINDOW);
	if ((int32_t)(last - start) > (int32_t)(PLE_TEST_WINDOW + 2 * PLE_TEST_GAP))
		return chk_fail(c, "a PAUSE %d ticks into the loop did not exit (window %u, gap %u)",
				(int32_t)(last - start), PLE_TEST_WINDOW, PLE_TEST_GAP);
	c->val[0] = at_exit - start;
	c->val[1] = last - start;
	c->step = PLE_EXITED;
	return chk_pass(c, "%sno exit for %u PAUSEs %u ticks apart; the tight loop exited (40) "
			"%llu ticks in, last PAUSE %llu (gap %u, window %u)",
			c->val[3] ? "PAUSE exiting: the first PAUSE exited; " : "", PLE_SPACED,
			PLE_SPACING, (unsigned long long)c->val[0], (unsigned long long)c->val[1],
			PLE_TEST_GAP, PLE_TEST_WINDOW);
}

static enum chk_verdict on_exit(struct chk *c)
{
	if (c->reason == EXIT_REASON_PAUSE_INSTRUCTION) {
		if (c->step == PLE_PAUSE_EXITING) {
			if (c->rip != chk_ga(chk_g_ple_spaced) || chk_word(c, CHK_D4))
				return chk_fail(c, "PAUSE exiting: first exit at rip 0x%llx after %u "
						"PAUSEs, expected at the first PAUSE",
						(unsigned long long)c->rip, chk_word(c, CHK_D4));
			chk_ctl(CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_PAUSE_EXITING);
			return chk_next(c, PLE_SPACED_RUN);
		}
		if (c->step == PLE_SPACED_RUN)
			return chk_fail(c, "PAUSE-loop exit at the spaced PAUSE %u (%u ticks apart, gap "
					"%u): each should start a new loop", chk_word(c, CHK_D4) + 1,
					PLE_SPACING, PLE_TEST_GAP);
		if (c->step == PLE_TIGHT_RUN)
			return on_tight_exit(c);
		return chk_unexpected(c);
	}
	if (chk_call(c, CHK_CALL_REPORT) && c->step != PLE_TIGHT_RUN) {
		if (c->step == PLE_PAUSE_EXITING)
			return chk_fail(c, "PAUSE exiting set, yet the first PAUSE did not exit");
		if (chk_word(c, CHK_D4) != PLE_SPACED)
			return chk_fail(c, "%u spaced PAUSEs, expected %u", chk_word(c, CHK_D4),
					PLE_SPACED);
		return chk_next(c, PLE_TIGHT_RUN);
	}
	if (chk_call(c, CHK_CALL_DONE) && c->step == PLE_TIGHT_RUN)
		return chk_fail(c, "no PAUSE-loop exit in a tight PAUSE loop of %u TSC ticks (window "
				"%u, gap %u)", chk_word(c, CHK_D2) - chk_word(c, CHK_D0),
				PLE_TEST_WINDOW, PLE_TEST_GAP);
	return chk_unexpected(c);
}

const struct vmx_check chk_pause_loop_exiting = {
	.name = "pause_loop_exiting",
	.sdm = "SDM Vol. 3C 25.6.13, 26.1.3",
	.need = { .proc2 = SECONDARY_EXEC_PAUSE_LOOP_EXITING },
	.entry = chk_g_ple,
	.setup = setup,
	.exit = on_exit,
};
