/* SPDX-License-Identifier: MIT */
/*
 * pure/ticket.c: a crashing CPU's ticket-lock slots. ticket_fixup with the
 * addresses laid out as arch/x86/ticket.S lays them out (a trap before the
 * LOCK XADD, on either store after it, after the stores; a try whose
 * CMPXCHG failed or succeeded, on the JNE and on its stores; RAX with high
 * bits set), and ticket_fate around the 2^32 wrap.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "pure/ticket.h"

/*
 * ticket_take:          0x1000 movl $1,%eax (5 bytes); 0x1005 lock xadd (4)
 * ticket_take_window:   0x1009 movl %eax,(%rsi) (2); 0x100b movl $1,4(%rsi) (7)
 * ticket_take_end:      0x1012 ret
 * ticket_try:           0x1020 movl 4(%rdi),%eax; leal; lock cmpxchg
 * ticket_try_window:    0x102a jne (2); 0x102c movl (2); 0x102e movl (7)
 * ticket_try_end:       0x1035 movl $1,%eax; ret; the failure path after
 */
static const struct ticket_windows W = { 0x1009, 0x1012, 0x102a, 0x1035 };

#define ZF      RFLAGS_ZF

struct fixup_case {
	const char *name;
	uint64_t rip, rax, rflags;
	bool drawn;
	uint32_t ticket;
};

static const struct fixup_case fixups[] = {
	{ "take_before_xadd", 0x1005, 7, 0, false, 0 },
	{ "take_first_insn", 0x1000, 7, ZF, false, 0 },
	{ "take_after_xadd", 0x1009, 7, 0, true, 7 },
	{ "take_second_store", 0x100b, 8, 0, true, 8 },
	{ "take_at_ret", 0x1012, 9, 0, false, 0 },
	{ "take_rax_high_bits", 0x1009, 0xdead00000005ull, 0, true, 5 },
	{ "take_wrapped_ticket", 0x1009, 0xffffffffull, 0, true, 0xffffffffu },
	{ "try_before_cmpxchg", 0x1026, 3, ZF, false, 0 },
	{ "try_jne_failed", 0x102a, 3, 0, false, 0 },
	{ "try_jne_succeeded", 0x102a, 3, ZF | 0x2, true, 3 },
	{ "try_first_store", 0x102c, 4, 0, true, 4 },
	{ "try_second_store", 0x102e, 4, 0, true, 4 },
	{ "try_after_stores", 0x1035, 4, ZF, false, 0 },
	{ "try_failure_path", 0x103b, 4, 0, false, 0 },
	{ "elsewhere", 0x200000, 1, ZF, false, 0 },
};

static void run_fixup(void **state)
{
	const struct fixup_case *c = *state;
	struct ticket_slot s = { 0x55, 0 };

	assert_int_equal(ticket_fixup(&W, c->rip, c->rax, c->rflags, &s), c->drawn);
	if (c->drawn) {
		assert_int_equal(s.have, 1);
		assert_int_equal(s.ticket, c->ticket);
	} else {
		assert_int_equal(s.have, 0);
		assert_int_equal(s.ticket, 0x55);       /* untouched */
	}
}

struct fate_case {
	const char *name;
	struct ticket_slot s;
	uint32_t serving;
	enum ticket_fate f;
};

static const struct fate_case fates[] = {
	{ "not_drawn", { 5, 0 }, 5, TICKET_NOT_DRAWN },
	{ "served_now", { 5, 1 }, 5, TICKET_SERVED_NOW },
	{ "ahead_by_one", { 6, 1 }, 5, TICKET_AHEAD },
	{ "ahead_by_many", { 4000, 1 }, 5, TICKET_AHEAD },
	{ "given_back", { 5, 1 }, 6, TICKET_GIVEN_BACK },
	{ "ahead_across_wrap", { 2, 1 }, 0xfffffffeu, TICKET_AHEAD },
	{ "given_back_across_wrap", { 0xffffffffu, 1 }, 1, TICKET_GIVEN_BACK },
	{ "served_at_wrap", { 0xffffffffu, 1 }, 0xffffffffu, TICKET_SERVED_NOW },
};

static void run_fate(void **state)
{
	const struct fate_case *c = *state;

	assert_string_equal(ticket_fate_name(ticket_fate(&c->s, c->serving)),
			    ticket_fate_name(c->f));
	assert_int_equal(ticket_fate(&c->s, c->serving), c->f);
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(fixups) + ARRAY_SIZE(fates)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, fixups, run_fixup);
	ADD_TABLE_CASES(t, n, fates, run_fate);
	return cmocka_run_group_tests_name("ticket", t, NULL, NULL);
}
