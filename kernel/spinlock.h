/* SPDX-License-Identifier: MIT */
/* Ticket spinlock: FIFO, so no CPU starves while others print. */
#ifndef PV_KERNEL_SPINLOCK_H
#define PV_KERNEL_SPINLOCK_H

#include <stdint.h>
#include <stdbool.h>

struct spinlock {
	volatile uint32_t next;
	volatile uint32_t serving;
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != me)
		__asm__ volatile("pause" ::: "memory");
}

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

/* Take the lock only if nobody holds it or waits for it: safe in NMI and #MC context. */
static inline bool spin_trylock(struct spinlock *l)
{
	uint32_t s = __atomic_load_n(&l->serving, __ATOMIC_ACQUIRE), n = s;

	return __atomic_compare_exchange_n(&l->next, &n, s + 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
}

#endif
