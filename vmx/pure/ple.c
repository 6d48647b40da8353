/* SPDX-License-Identifier: MIT */
/* Judging a PAUSE-loop exit against PLE_Gap and PLE_Window (ple.h). */
#include "vmx/pure/ple.h"

enum ple_verdict ple_judge(const struct ple_times *t, uint32_t *ticks_exit, uint32_t *ticks_last)
{
	uint32_t begin = (int32_t)(t->entry - t->start) > 0 ? t->entry : t->start;
	uint32_t to_exit = t->at_exit - begin;
	int32_t to_last = (int32_t)(t->last - begin);
	uint64_t late = (uint64_t)t->window + 2 * (uint64_t)t->gap;

	if (ticks_exit)
		*ticks_exit = to_exit;
	if (ticks_last)
		*ticks_last = to_last > 0 ? (uint32_t)to_last : 0;
	if (to_exit <= t->window)
		return PLE_EARLY;
	if (to_last > 0 && (uint64_t)to_last > late)
		return PLE_LATE;
	return PLE_IN_TIME;
}
