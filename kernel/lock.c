/* SPDX-License-Identifier: MIT */
#include "arch/x86/cpu.h"
#include "arch/x86/ticket.h"
#include "kernel/lock.h"
#include "kernel/percpu.h"
#include "kernel/trap.h"
#include "lib/out.h"
#include "lib/string.h"

static struct held_lock *reserve(struct spinlock *l)
{
	struct locks_held *h = &this_cpu()->locks;
	/* One instruction: an NMI handler that takes a lock gets the entry above. */
	unsigned k = __atomic_fetch_add(&h->n, 1, __ATOMIC_RELAXED);

	if (k >= LOCKS_HELD_MAX)
		__builtin_trap();       /* more nesting than any path has: a bug, #UD */
	h->e[k].lock = l;
	return &h->e[k];
}

static void unreserve(struct held_lock *e)
{
	e->slot.have = 0;
	e->lock = NULL;
	__atomic_fetch_sub(&this_cpu()->locks.n, 1, __ATOMIC_RELEASE);
}

void lock_take(struct spinlock *l)
{
	struct held_lock *e = reserve(l);

	ticket_take(l, &e->slot);
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != e->slot.ticket)
		cpu_relax();
}

bool lock_try(struct spinlock *l)
{
	struct held_lock *e = reserve(l);

	if (ticket_try(l, &e->slot))
		return true;
	unreserve(e);
	return false;
}

void lock_give(struct spinlock *l)
{
	struct locks_held *h = &this_cpu()->locks;
	struct held_lock *e = &h->e[h->n - 1];

	if (e->lock != l)
		__builtin_trap();       /* not the last one taken: a bug, #UD */
	spin_unlock(l);
	/* A crash from here on finds the ticket given back (serving passed it). */
	unreserve(e);
}

static const struct held_lock *mine(const struct spinlock *l)
{
	const struct locks_held *h = &this_cpu()->locks;

	for (unsigned i = 0; i < h->n && i < LOCKS_HELD_MAX; i++)
		if (h->e[i].lock == l)
			return &h->e[i];
	return NULL;
}

bool lock_mine(const struct spinlock *l)
{
	return mine(l) != NULL;
}

bool lock_served(const struct spinlock *l)
{
	const struct held_lock *e = mine(l);

	return e && ticket_fate(&e->slot, l->serving) == TICKET_SERVED_NOW;
}

void locks_crash_fixup(const struct trap_frame *f)
{
	const struct ticket_windows w = {
		(uintptr_t)ticket_take_window, (uintptr_t)ticket_take_end,
		(uintptr_t)ticket_try_window, (uintptr_t)ticket_try_end,
	};
	struct locks_held *h = &this_cpu()->locks;
	struct held_lock *top;

	/* Only the innermost entry can be mid-draw in the context f interrupted. */
	if (!f || !h->n || h->n > LOCKS_HELD_MAX)
		return;
	top = &h->e[h->n - 1];
	if (top->lock && !top->slot.have)
		ticket_fixup(&w, f->rip, f->rax, f->rflags, &top->slot);
}

static void note(char *what, size_t size, const struct spinlock *l, const char *how)
{
	size_t len = strlen(what);

	snfmt(what + len, size - len, "%s%s lock (%s)", len ? ", " : "", l->name ? l->name : "a",
	      how);
}

void locks_crash_release(char *what, size_t size)
{
	struct locks_held *h = &this_cpu()->locks;
	unsigned n = h->n < LOCKS_HELD_MAX ? h->n : LOCKS_HELD_MAX;

	what[0] = '\0';
	/* First what it holds, so that a CPU ahead of it in another queue can go on. */
	for (unsigned i = n; i-- > 0;) {
		struct held_lock *e = &h->e[i];

		if (e->lock && ticket_fate(&e->slot, e->lock->serving) == TICKET_SERVED_NOW) {
			note(what, size, e->lock, "held");
			spin_unlock(e->lock);
			e->slot.have = 0;
		}
	}
	/*
	 * Then the turns it waits for. A turn that came while the loop above ran
	 * is served now, no longer ahead: it is given back here all the same.
	 */
	for (unsigned i = n; i-- > 0;) {
		struct held_lock *e = &h->e[i];
		enum ticket_fate f = e->lock ? ticket_fate(&e->slot, e->lock->serving) :
					       TICKET_NOT_DRAWN;

		if (f == TICKET_AHEAD || f == TICKET_SERVED_NOW) {
			note(what, size, e->lock, f == TICKET_AHEAD ? "queued" : "held");
			while (__atomic_load_n(&e->lock->serving, __ATOMIC_ACQUIRE) != e->slot.ticket)
				cpu_relax();
			spin_unlock(e->lock);
		}
		e->slot.have = 0;
		e->lock = NULL;
	}
	h->n = 0;
}
