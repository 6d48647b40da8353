/* SPDX-License-Identifier: MIT */
/*
 * svm/pure/permmap.c: the MSR permission map's three vectors (APM Vol. 2
 * 15.11: 0-0x1fff at byte 0, 0xc0000000-0xc0001fff at 0x800,
 * 0xc0010000-0xc0011fff at 0x1000; read bit 2n, write bit 2n + 1) with
 * their edges and the MSRs outside them (always intercepted), and the I/O
 * permission map (15.10.1: one bit per port, multi-byte accesses check
 * every port they touch, also past 0xffff).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include "svm/pure/permmap.h"
#include "svm/pure/svm_defs.h"

struct msr_case {
	const char *name;
	uint32_t msr;
	bool write, inside;
	uint32_t byte;
	unsigned bit;
};

static const struct msr_case msr_cases[] = {
	{ "msr0_read", 0x0, false, true, 0x0, 0 },
	{ "msr0_write", 0x0, true, true, 0x0, 1 },
	{ "sysenter_cs_read", 0x174, false, true, 0x5d, 0 },
	{ "sysenter_esp_read", 0x175, false, true, 0x5d, 2 },
	{ "sysenter_eip_write", 0x176, true, true, 0x5d, 5 },
	{ "low_last_write", 0x1fff, true, true, 0x7ff, 7 },
	{ "low_past_end", 0x2000, false, false, 0, 0 },
	{ "efer_read", 0xc0000080, false, true, 0x820, 0 },
	{ "star_read", 0xc0000081, false, true, 0x820, 2 },
	{ "kernel_gs_base_read", 0xc0000102, false, true, 0x840, 4 },
	{ "second_last_write", 0xc0001fff, true, true, 0xfff, 7 },
	{ "second_past_end", 0xc0002000, true, false, 0, 0 },
	{ "third_first_read", 0xc0010000, false, true, 0x1000, 0 },
	{ "vm_hsave_pa_write", 0xc0010117, true, true, 0x1045, 7 },
	{ "third_last_write", 0xc0011fff, true, true, 0x17ff, 7 },
	{ "third_past_end", 0xc0012000, false, false, 0, 0 },
	{ "hypervisor_range", 0x40000000, false, false, 0, 0 },
	{ "below_second", 0xbfffffff, true, false, 0, 0 },
	{ "top", 0xffffffff, true, false, 0, 0 },
};

static void run_msr(void **state)
{
	const struct msr_case *c = *state;
	static uint8_t map[SVM_MSRPM_SIZE];
	uint32_t byte = 12345;
	unsigned bit = 99;

	assert_int_equal(svm_msrpm_pos(c->msr, c->write, &byte, &bit), c->inside);
	memset(map, 0, sizeof(map));
	if (!c->inside) {
		assert_false(svm_msrpm_set(map, c->msr, c->write, true));
		for (size_t i = 0; i < sizeof(map); i++)
			assert_int_equal(map[i], 0);
		assert_true(svm_msrpm_intercepts(map, c->msr, c->write));	/* always exits */
		return;
	}
	assert_int_equal(byte, c->byte);
	assert_int_equal(bit, c->bit);
	assert_true(byte < SVM_MSRPM_SIZE);
	assert_false(svm_msrpm_intercepts(map, c->msr, c->write));
	assert_true(svm_msrpm_set(map, c->msr, c->write, true));
	assert_int_equal(map[c->byte], 1u << c->bit);
	assert_true(svm_msrpm_intercepts(map, c->msr, c->write));
	assert_false(svm_msrpm_intercepts(map, c->msr, !c->write));	/* the other bit */
	memset(map, 0xff, sizeof(map));
	assert_true(svm_msrpm_set(map, c->msr, c->write, false));
	assert_int_equal(map[c->byte], (uint8_t)~(1u << c->bit));
	assert_false(svm_msrpm_intercepts(map, c->msr, c->write));
	assert_true(svm_msrpm_intercepts(map, c->msr, !c->write));
}

struct io_case {
	const char *name;
	uint32_t clear;		/* the one port whose bit is clear (map otherwise all ones) */
	uint32_t port;
	unsigned size;
	bool exits;
};

static const struct io_case io_cases[] = {
	{ "byte_on_clear_port", 0x80, 0x80, 1, false },
	{ "byte_next_port", 0x80, 0x81, 1, true },
	{ "word_touches_next", 0x80, 0x80, 2, true },
	{ "word_before_clear", 0x80, 0x7f, 2, true },
	{ "dword_all_set", 0x80, 0x8000, 4, true },
	{ "last_port_byte", 0xffff, 0xffff, 1, false },
	/* A word at 0xffff reads bit 0x10000, in the IOPM's third page. */
	{ "last_port_word_wraps_into_page3", 0xffff, 0xffff, 2, true },
};

static void run_io(void **state)
{
	const struct io_case *c = *state;
	static uint8_t map[SVM_IOPM_SIZE];

	memset(map, 0xff, sizeof(map));
	svm_iopm_set(map, c->clear, false);
	assert_int_equal(map[c->clear / 8], (uint8_t)~(1u << (c->clear % 8)));
	assert_int_equal(svm_iopm_intercepts(map, c->port, c->size), c->exits);
	/* All clear: nothing exits, then the one bit set catches every access touching it. */
	memset(map, 0, sizeof(map));
	assert_false(svm_iopm_intercepts(map, c->port, c->size));
	svm_iopm_set(map, c->port + c->size - 1, true);
	assert_true(svm_iopm_intercepts(map, c->port, c->size));
	assert_false(svm_iopm_intercepts(map, c->port + c->size, 1));
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(msr_cases) + ARRAY_SIZE(io_cases)];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, msr_cases, run_msr);
	ADD_TABLE_CASES(t, n, io_cases, run_io);
	return _cmocka_run_group_tests("svm_permmap", t, n, NULL, NULL);
}
