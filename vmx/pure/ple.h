/* SPDX-License-Identifier: MIT */
/*
 * Judging a PAUSE-loop exit (the pause_loop_exiting check, docs/checks.md;
 * SDM Vol. 3C 25.6.13, 26.1.3): a PAUSE at CPL 0 more than PLE_Gap TSC
 * ticks after the previous PAUSE, or the first after VM entry, starts a
 * loop; a PAUSE more than PLE_Window ticks after its loop's first PAUSE
 * exits. The guest reads the TSC before its loop's first PAUSE (start) and
 * after every PAUSE that did not exit (last); the host reads it before the
 * last VM entry (entry) and after the exit (at_exit). All are the low 32
 * bits of the TSC (spans below 2^31 ticks): compared modulo 2^32. Pure code.
 */
#ifndef PV_VMX_PURE_PLE_H
#define PV_VMX_PURE_PLE_H

#include <stdint.h>

enum ple_verdict {
	PLE_IN_TIME,	/* the exit came after the window, and no later than it must */
	PLE_EARLY,	/* within the window: the loop had not run long enough */
	PLE_LATE,	/* a PAUSE more than window + 2 gaps into the loop did not exit */
};

struct ple_times {
	uint32_t start, last;		/* the guest's TSC readings */
	uint32_t entry, at_exit;	/* the host's */
	uint32_t gap, window;		/* PLE_Gap, PLE_Window */
};

/*
 * The loop begins at start, or at entry when the guest was entered again
 * inside it (an interrupt exit: the first PAUSE after an entry starts a
 * loop). Early when at_exit - begin <= window (the exiting PAUSE came after
 * begin and before at_exit); late when last - begin > window + 2 * gap (the
 * last PAUSE that did not exit is at most a window after the loop's first,
 * which is at most a gap after begin, and last is read at most a gap after
 * it). *ticks_exit and *ticks_last (may be NULL): at_exit and last after
 * the loop's beginning.
 */
enum ple_verdict ple_judge(const struct ple_times *t, uint32_t *ticks_exit, uint32_t *ticks_last);

#endif
