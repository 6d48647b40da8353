/* SPDX-License-Identifier: MIT */
#include "pure/ticks.h"

uint32_t ticks_for_ms(uint64_t hz, uint32_t ms, uint32_t *got_ms)
{
	uint64_t ticks;

	if (!hz) {
		*got_ms = ms;
		return UINT32_MAX;
	}
	ticks = ms && hz > UINT64_MAX / ms ? UINT64_MAX : hz * ms / 1000;
	if (ticks && ticks <= UINT32_MAX) {
		/* Not clamped: the budget is ms (ticks only rounds it down by < 1 tick). */
		*got_ms = ms;
		return (uint32_t)ticks;
	}
	ticks = ticks ? UINT32_MAX : 1;
	*got_ms = (uint32_t)(ticks * 1000 / hz);	/* what the clamp left */
	return (uint32_t)ticks;
}

uint64_t timer_hz(uint64_t counted, uint64_t tsc_ticks, uint64_t tsc_khz)
{
	uint64_t tsc_hz = tsc_khz * 1000;

	if (!tsc_ticks)
		return 0;
	if (counted && tsc_hz > UINT64_MAX / counted)   /* only for absurd inputs */
		return counted / tsc_ticks > UINT64_MAX / tsc_hz ? UINT64_MAX
		       : counted / tsc_ticks * tsc_hz;
	return counted * tsc_hz / tsc_ticks;
}
