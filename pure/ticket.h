/* SPDX-License-Identifier: MIT */
/*
 * What a CPU that crashes does with the ticket locks it was queued for or
 * held (kernel/lock.c), as pure decisions over the values it can read.
 *
 * A ticket lock hands out tickets with one atomic add (LOCK XADD) and
 * serves them in order. The CPU that draws a ticket learns it in a
 * register and writes it to its slot one instruction later
 * (arch/x86/ticket.S), so an asynchronous machine check can end it with a
 * ticket drawn and not yet written down: then nobody would ever serve the
 * tickets after it, and every CPU that prints or allocates would wait
 * forever. ticket_fixup finishes that write from the trap frame (the
 * interrupted RIP names the step, RAX holds the ticket, RFLAGS.ZF says
 * whether a try succeeded); ticket_fate then says whether the ticket is
 * being served now (give it back), still ahead (wait for the turn, then
 * give it back) or already given back.
 */
#ifndef PV_PURE_TICKET_H
#define PV_PURE_TICKET_H

#include <stdbool.h>
#include <stdint.h>

/* One lock this CPU queued for or holds: ticket is valid once have is 1. */
struct ticket_slot {
	uint32_t ticket;
	uint32_t have;
};

/*
 * The instruction addresses of arch/x86/ticket.S: [take_window, take_end)
 * are the stores after ticket_take's LOCK XADD; try_window is ticket_try's
 * JNE right after its LOCK CMPXCHG (ZF: the ticket is drawn) and
 * [try_window, try_end) the stores of a successful try.
 */
struct ticket_windows {
	uint64_t take_window, take_end;
	uint64_t try_window, try_end;
};

#define RFLAGS_ZF       (1u << 6)

/*
 * A trap interrupted rip with rax and rflags: when that was inside a
 * window, write the ticket the interrupted code had drawn into slot and
 * return true.
 */
bool ticket_fixup(const struct ticket_windows *w, uint64_t rip, uint64_t rax, uint64_t rflags,
		  struct ticket_slot *slot);

enum ticket_fate {
	TICKET_NOT_DRAWN,       /* no ticket: nothing to give back */
	TICKET_SERVED_NOW,      /* held: give it back */
	TICKET_AHEAD,           /* queued: wait until served, then give it back */
	TICKET_GIVEN_BACK,      /* already given back (serving has passed it) */
};

/* The ticket's fate with the lock now serving `serving` (tickets wrap at 2^32). */
enum ticket_fate ticket_fate(const struct ticket_slot *slot, uint32_t serving);

const char *ticket_fate_name(enum ticket_fate f);

#endif
