/* SPDX-License-Identifier: MIT */
/*
 * Table-driven cmocka tests: one named case per row of a table whose rows
 * have a `name` member; the row is the case's initial state.
 * Include after <cmocka.h>.
 */
#ifndef PV_TESTS_UNIT_TABLE_H
#define PV_TESTS_UNIT_TABLE_H

#include "lib/bits.h"

#define ADD_TABLE_CASES(t, n, arr, fn)                                          \
	for (size_t i_ = 0; i_ < ARRAY_SIZE(arr); i_++)                         \
		(t)[(n)++] = (struct CMUnitTest){ .name = (arr)[i_].name,       \
						  .test_func = (fn),            \
						  .initial_state = (void *)&(arr)[i_] }

#endif
