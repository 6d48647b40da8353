/* SPDX-License-Identifier: MIT */
/*
 * The guest watchdog: a guest that runs GUEST_WATCHDOG_MS without exiting
 * is stopped and reported as "guest timed out after N ms" (docs/guest.md).
 */
#ifndef PV_KERNEL_WATCHDOG_H
#define PV_KERNEL_WATCHDOG_H

#define GUEST_WATCHDOG_MS       1000

#endif
