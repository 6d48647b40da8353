/* SPDX-License-Identifier: MIT */
/*
 * The two atomic steps of a ticket lock (kernel/lock.c), written out so
 * that a trap can tell where they stand. Each draws a ticket into a
 * register and stores it to the caller's slot (struct ticket_slot:
 * ticket at 0, have at 4) right after; the *_window labels mark those
 * stores, and pure/ticket.c finishes them from the trap frame when an
 * asynchronous machine check ends the CPU in between.
 *
 * struct spinlock: next at 0, serving at 4 (kernel/spinlock.h).
 */
	.text

/* void ticket_take(struct spinlock *lock, struct ticket_slot *slot) */
	.globl	ticket_take, ticket_take_window, ticket_take_end
ticket_take:
	movl	$1, %eax
	lock xaddl %eax, (%rdi)
ticket_take_window:
	movl	%eax, (%rsi)
	movl	$1, 4(%rsi)
ticket_take_end:
	ret

/*
 * bool ticket_try(struct spinlock *lock, struct ticket_slot *slot):
 * draw the ticket being served, only if nobody holds the lock or waits.
 */
	.globl	ticket_try, ticket_try_window, ticket_try_end
ticket_try:
	movl	4(%rdi), %eax
	leal	1(%rax), %edx
	lock cmpxchgl %edx, (%rdi)
ticket_try_window:
	jne	1f
	movl	%eax, (%rsi)
	movl	$1, 4(%rsi)
ticket_try_end:
	movl	$1, %eax
	ret
1:	xorl	%eax, %eax
	ret
