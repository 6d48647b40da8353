/* SPDX-License-Identifier: MIT */
#include "pure/ticket.h"

bool ticket_fixup(const struct ticket_windows *w, uint64_t rip, uint64_t rax, uint64_t rflags,
		  struct ticket_slot *slot)
{
	bool drawn;

	if (rip >= w->take_window && rip < w->take_end)
		drawn = true;
	else if (rip == w->try_window)
		drawn = rflags & RFLAGS_ZF;     /* the CMPXCHG ran; the JNE did not */
	else
		drawn = rip > w->try_window && rip < w->try_end;
	if (!drawn)
		return false;
	slot->ticket = (uint32_t)rax;
	slot->have = 1;
	return true;
}

enum ticket_fate ticket_fate(const struct ticket_slot *slot, uint32_t serving)
{
	int32_t ahead;

	if (!slot->have)
		return TICKET_NOT_DRAWN;
	ahead = (int32_t)(slot->ticket - serving);
	if (ahead == 0)
		return TICKET_SERVED_NOW;
	return ahead > 0 ? TICKET_AHEAD : TICKET_GIVEN_BACK;
}

const char *ticket_fate_name(enum ticket_fate f)
{
	switch (f) {
	case TICKET_NOT_DRAWN:
		return "not drawn";
	case TICKET_SERVED_NOW:
		return "served now";
	case TICKET_AHEAD:
		return "ahead";
	case TICKET_GIVEN_BACK:
		return "given back";
	}
	return "?";
}
