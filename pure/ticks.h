/* SPDX-License-Identifier: MIT */
/*
 * Timer arithmetic for the guest watchdog (kernel/watchdog.c): how many
 * ticks of a timer make a time, and a down-counting timer's rate measured
 * against the TSC. Pure code.
 */
#ifndef PV_PURE_TICKS_H
#define PV_PURE_TICKS_H

#include <stdint.h>

/*
 * Ticks of a timer running at hz for ms milliseconds, clamped to 1 ..
 * 2^32 - 1 (a 32-bit count; 0 would fire at once or not at all); *got_ms is
 * ms, or, when the count was clamped, the time the clamped count lasts (less
 * than ms at 2^32 - 1, more at 1 tick).
 * hz = 0 (a timer that does not count) gives 2^32 - 1 and *got_ms = ms.
 */
uint32_t ticks_for_ms(uint64_t hz, uint32_t ms, uint32_t *got_ms);

/*
 * The rate in Hz of a timer that counted down by `counted` while the TSC
 * (at tsc_khz) advanced by `tsc_ticks`; 0 when tsc_ticks is 0. Saturates
 * instead of overflowing.
 */
uint64_t timer_hz(uint64_t counted, uint64_t tsc_ticks, uint64_t tsc_khz);

#endif
