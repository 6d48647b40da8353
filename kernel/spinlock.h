/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlock: FIFO, so no CPU starves while others print. The field
 * offsets are known to arch/x86/ticket.S. Locks that a crashing CPU must
 * give back are taken with kernel/lock.h; these raw steps remain for the
 * panic path's bounded wait.
 */
#ifndef PV_KERNEL_SPINLOCK_H
#define PV_KERNEL_SPINLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct spinlock {
	volatile uint32_t next;         /* the next ticket to draw */
	volatile uint32_t serving;      /* the ticket that holds the lock */
	const char *name;               /* "console", for the crash report */
};

_Static_assert(offsetof(struct spinlock, next) == 0 && offsetof(struct spinlock, serving) == 4,
	       "arch/x86/ticket.S");

/* Gives up after `spins` tries: used by panic paths that must not deadlock. */
static inline bool spin_lock_bounded(struct spinlock *l, uint64_t spins)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != me) {
		if (!spins--)
			return false;
		__asm__ volatile("pause" ::: "memory");
	}
	return true;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
}

#endif
