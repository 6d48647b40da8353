/* SPDX-License-Identifier: MIT */
/* Ticket-lock steps whose stores a trap can finish (arch/x86/ticket.S, kernel/lock.c). */
#ifndef PV_ARCH_X86_TICKET_H
#define PV_ARCH_X86_TICKET_H

#include <stdbool.h>

struct spinlock;
struct ticket_slot;              /* pure/ticket.h */

void ticket_take(struct spinlock *lock, struct ticket_slot *slot);
bool ticket_try(struct spinlock *lock, struct ticket_slot *slot);

extern const char ticket_take_window[], ticket_take_end[];
extern const char ticket_try_window[], ticket_try_end[];

#endif
