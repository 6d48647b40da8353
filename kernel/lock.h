/* SPDX-License-Identifier: MIT */
/*
 * Ticket locks that a crashing CPU gives back. Each CPU keeps the locks it
 * waits for or holds in a small stack (struct locks_held, in its percpu):
 * the lock, and the ticket once drawn. When an AP crashes (a fault, a
 * panic, an uncorrected machine check at any instruction) its crash path
 * finishes a ticket draw the trap cut short (pure/ticket.c), gives back
 * every lock it held, and for every lock it was queued for waits for its
 * turn and passes it on; the other CPUs go on printing and allocating.
 * Without this, an AP that crashed inside the allocator or between drawing
 * a console ticket and noting it down stopped every other CPU for good.
 *
 * Locks nest last in, first out; an NMI or #MC handler may take one on top
 * (lock_try) when lock_mine says this CPU is not already in line for it.
 */
#ifndef PV_KERNEL_LOCK_H
#define PV_KERNEL_LOCK_H

#include <stdbool.h>
#include <stddef.h>
#include "kernel/spinlock.h"
#include "pure/ticket.h"

#define LOCKS_HELD_MAX  4

struct held_lock {
	struct ticket_slot slot;        /* written by arch/x86/ticket.S */
	struct spinlock *volatile lock; /* NULL: the entry is reserved, no ticket drawn */
};

struct locks_held {
	volatile unsigned n;            /* entries in use; those above have no ticket */
	struct held_lock e[LOCKS_HELD_MAX];
};

void lock_take(struct spinlock *l);
bool lock_try(struct spinlock *l);      /* only if nobody holds or waits for it */
void lock_give(struct spinlock *l);     /* the last one taken */
bool lock_mine(const struct spinlock *l);       /* this CPU holds it or waits for it */
bool lock_served(const struct spinlock *l);     /* this CPU holds it */

struct trap_frame;
/* The crash path, in this order: finish a draw that f interrupted (f may be NULL), ... */
void locks_crash_fixup(const struct trap_frame *f);
/*
 * ... then give back what this CPU holds, wait for the turns it queued for
 * and pass them on. what: the locks it held or waited for ("console (held)"),
 * "" if none.
 */
void locks_crash_release(char *what, size_t size);

#endif
