/* SPDX-License-Identifier: MIT */
/*
 * pure/exceptions.c: which vectors push an error code (SDM Vol. 3A table
 * 6-1, APM Vol. 2 8.2), the decode of AMD-V's exception exits relies on
 * it; and the names at the edges (reserved vectors, interrupts).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pure/exceptions.h"

static void test_error_code_vectors(void **state)
{
	static const unsigned with[] = { 8, 10, 11, 12, 13, 14, 17, 21, 29, 30 };
	unsigned n = 0;

	(void)state;
	for (unsigned i = 0; i < sizeof(with) / sizeof(with[0]); i++)
		assert_true(exception_has_error_code(with[i]));
	for (unsigned v = 0; v < 256; v++)
		n += exception_has_error_code(v);
	assert_int_equal(n, sizeof(with) / sizeof(with[0]));
	assert_false(exception_has_error_code(X86_TRAP_UD));
	assert_false(exception_has_error_code(X86_TRAP_BP));
	assert_false(exception_has_error_code(32));
	assert_false(exception_has_error_code(~0u));
}

static void test_names_at_edges(void **state)
{
	(void)state;
	assert_string_equal(exception_mnemonic(X86_TRAP_UD), "#UD");
	assert_string_equal(exception_mnemonic(15), "vector 15");
	assert_false(exception_defined(15));
	assert_true(exception_defined(X86_TRAP_VE));
	assert_string_equal(exception_name(32), "interrupt");
	assert_string_equal(exception_name(22), "reserved vector");
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(test_error_code_vectors),
		cmocka_unit_test(test_names_at_edges),
	};

	return cmocka_run_group_tests_name("exceptions", t, NULL, NULL);
}
