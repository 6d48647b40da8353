/* SPDX-License-Identifier: MIT */
/*
 * The formatter (lib/fmt.c): one named case per conversion/flag/width
 * combination. Where the C library defines the same output, the case is
 * also checked against the host snprintf().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/out.h"
#include "lib/bits.h"

/* Not literals, so that the compiler's format checks stay out of the way. */
static const char *volatile null_str;
static const char *volatile fmt_unknown = "a%qb";
static const char *volatile fmt_trailing = "abc%";
static const char *volatile fmt_trailing_len = "abc%l";
static const char *volatile fmt_huge_width = "%99999999999999d|";
static const char *volatile fmt_left_zero = "%-05d|";
static const char *volatile fmt_plus_u = "%+u";
static const char *volatile fmt_zero_prec = "%05.3d";
static volatile int int_min = INT_MIN;

/*
 * X(name, want, libc, format, args...): libc = 1 if the host snprintf must
 * agree.
 */
#define FMT_CASES(X)                                                            \
	X(literal_only, "hello", 1, "hello")                                    \
	X(percent, "100%", 1, "100%%")                                          \
	X(s_plain, "abc", 1, "%s", "abc")                                       \
	X(s_empty, "[]", 1, "[%s]", "")                                         \
	X(s_width, "  abc", 1, "%5s", "abc")                                    \
	X(s_width_smaller, "abcdef", 1, "%3s", "abcdef")                        \
	X(s_left, "abc  |", 1, "%-5s|", "abc")                                  \
	X(s_precision, "ab", 1, "%.2s", "abcdef")                               \
	X(s_precision_longer, "abc", 1, "%.10s", "abc")                         \
	X(s_precision_zero, "[]", 1, "[%.0s]", "abc")                           \
	X(s_width_precision, "   ab", 1, "%5.2s", "abcdef")                     \
	X(s_star_width, "   ab", 1, "%*s", 5, "ab")                             \
	X(s_star_negative_width_left, "ab   |", 1, "%*s|", -5, "ab")            \
	X(s_star_precision, "ab", 1, "%.*s", 2, "abcdef")                       \
	X(s_star_negative_precision_none, "abcdef", 1, "%.*s", -1, "abcdef")    \
	X(s_unterminated_with_precision, "xy", 1, "%.2s", (const char *)"xyz")  \
	X(s_null, "(null)", 1, "%s", null_str)                                  \
	X(c_char, "x", 1, "%c", 'x')                                            \
	X(c_width, "  x", 1, "%3c", 'x')                                        \
	X(c_left, "x  |", 1, "%-3c|", 'x')                                      \
	X(d_zero, "0", 1, "%d", 0)                                              \
	X(d_positive, "42", 1, "%d", 42)                                        \
	X(d_negative, "-42", 1, "%d", -42)                                      \
	X(i_conversion, "-7", 1, "%i", -7)                                      \
	X(d_width, "  -42", 1, "%5d", -42)                                      \
	X(d_zero_pad_negative, "-0042", 1, "%05d", -42)                         \
	X(d_zero_pad_positive, "00042", 1, "%05d", 42)                          \
	X(d_left, "-42  |", 1, "%-5d|", -42)                                    \
	X(d_left_beats_zero, "42   |", 1, fmt_left_zero, 42)                         \
	X(d_star_width, "   42", 1, "%*d", 5, 42)                               \
	X(d_int_max, "2147483647", 1, "%d", INT_MAX)                            \
	X(d_int_min, "-2147483648", 1, "%d", INT_MIN)                           \
	X(ld_long_min, "-9223372036854775808", 1, "%ld", LONG_MIN)             \
	X(lld_int64_min, "-9223372036854775808", 1, "%lld", (long long)INT64_MIN) \
	X(lld_int64_max, "9223372036854775807", 1, "%lld", (long long)INT64_MAX) \
	X(lld_int64_min_width, " -9223372036854775808", 1, "%21lld", (long long)INT64_MIN) \
	X(zd_negative, "-5", 1, "%zd", (ssize_t)-5)                             \
	X(u_max, "4294967295", 1, "%u", UINT_MAX)                               \
	X(u_negative_int_wraps, "4294967295", 1, "%u", (unsigned)-1)            \
	X(lu_max, "18446744073709551615", 1, "%lu", ULONG_MAX)                  \
	X(llu_max, "18446744073709551615", 1, "%llu", (unsigned long long)UINT64_MAX) \
	X(zu, "123", 1, "%zu", (size_t)123)                                     \
	X(zx, "ff", 1, "%zx", (size_t)255)                                      \
	X(x_lower, "deadbeef", 1, "%x", 0xdeadbeefu)                            \
	X(X_upper, "DEADBEEF", 1, "%X", 0xdeadbeefu)                            \
	X(x_zero, "0", 1, "%x", 0u)                                             \
	X(x_zero_pad, "0000beef", 1, "%08x", 0xbeefu)                           \
	X(x_width, "    beef", 1, "%8x", 0xbeefu)                               \
	X(x_left, "beef    |", 1, "%-8x|", 0xbeefu)                             \
	X(lx_64, "123456789abcdef0", 1, "%lx", 0x123456789abcdef0ul)            \
	X(llx_max, "ffffffffffffffff", 1, "%llx", (unsigned long long)UINT64_MAX) \
	X(llx_zero_pad_16, "00000000fee00000", 1, "%016llx", 0xfee00000ull)     \
	X(x_truncates_to_int, "ffffffff", 1, "%x", (unsigned)UINT64_MAX)        \
	X(p_value, "0x0000000000001234", 0, "%p", (void *)0x1234)               \
	X(p_null, "0x0000000000000000", 0, "%p", (void *)0)                     \
	X(p_high, "0xffff800000000000", 0, "%p", (void *)0xffff800000000000ul)  \
	X(mixed, "cpu3: vmcs 0x0000000000200000 rev 0x4 ok", 0,                 \
	  "cpu%u: %s %p rev 0x%x %s", 3u, "vmcs", (void *)0x200000, 4u, "ok")   \
	X(hhx_byte, "ff 7", 1, "%hhx %d", (unsigned char)0xff, 7)               \
	X(hx_short, "beef 7", 1, "%hx %d", (unsigned short)0xbeef, 7)           \
	X(hhd_negative, "-1 7", 1, "%hhd %d", (signed char)-1, 7)               \
	X(hd_truncates, "-1 7", 1, "%hd %d", 0xffff, 7)                         \
	X(jd_intmax, "-9223372036854775808", 1, "%jd", (intmax_t)INT64_MIN)     \
	X(ju_uintmax, "18446744073709551615", 1, "%ju", (uintmax_t)UINT64_MAX)  \
	X(td_ptrdiff, "-3 7", 1, "%td %d", (ptrdiff_t)-3, 7)                    \
	X(hash_x, "0x1f 7", 1, "%#x %d", 0x1fu, 7)                              \
	X(hash_X, "0X1F", 1, "%#X", 0x1fu)                                      \
	X(hash_x_zero_no_prefix, "0", 1, "%#x", 0u)                             \
	X(hash_x_zero_pad, "0x001f", 1, "%#06x", 0x1fu)                         \
	X(plus_positive, "+5 7", 1, "%+d %d", 5, 7)                             \
	X(plus_negative, "-5", 1, "%+d", -5)                                    \
	X(space_positive, " 5|", 1, "% d|", 5)                                  \
	X(plus_unsigned_ignored, "5", 1, fmt_plus_u, 5u)                             \
	X(o_octal, "755 7", 1, "%o %d", 0755u, 7)                               \
	X(hash_o, "0755", 1, "%#o", 0755u)                                      \
	X(d_precision, "005", 1, "%.3d", 5)                                     \
	X(d_precision_negative, "-005", 1, "%.3d", -5)                          \
	X(d_precision_width, "  005", 1, "%5.3d", 5)                            \
	X(d_precision_zero_flag_ignored, "  005", 1, fmt_zero_prec, 5)               \
	X(d_precision_zero_value_empty, "[]", 1, "[%.0d]", 0)                   \
	X(x_precision, "00ff", 1, "%.4x", 0xffu)                                \
	X(hash_x_precision, "0x00ff", 1, "%#.4x", 0xffu)                        \
	X(unknown_conversion_verbatim, "a%qb", 0, fmt_unknown)                  \
	X(trailing_percent_dropped, "abc", 0, fmt_trailing)                     \
	X(trailing_length_dropped, "abc", 0, fmt_trailing_len)

#define DEF_FN(nm, want, libc, ...)                                            \
	static int fn_##nm(char *b, size_t c) { return snfmt(b, c, __VA_ARGS__); } \
	static int ref_##nm(char *b, size_t c)                                  \
	{                                                                       \
		_Pragma("GCC diagnostic push")                                  \
		_Pragma("GCC diagnostic ignored \"-Wformat\"")                  \
		_Pragma("GCC diagnostic ignored \"-Wformat-extra-args\"")       \
		_Pragma("GCC diagnostic ignored \"-Wformat-security\"")         \
		_Pragma("GCC diagnostic ignored \"-Wformat-truncation\"")       \
		return libc ? snprintf(b, c, __VA_ARGS__) : -1;                 \
		_Pragma("GCC diagnostic pop")                                   \
	}
FMT_CASES(DEF_FN)

struct fmt_case {
	const char *name;
	const char *want;
	int (*fn)(char *, size_t);
	int (*ref)(char *, size_t);
};

#define ROW(nm, want, libc, ...) { #nm, want, fn_##nm, ref_##nm },
static struct fmt_case cases[] = { FMT_CASES(ROW) };

static void run_case(void **state)
{
	const struct fmt_case *c = *state;
	char buf[128], ref[128];

	memset(buf, 'Z', sizeof(buf));
	int n = c->fn(buf, sizeof(buf));
	assert_string_equal(buf, c->want);
	assert_int_equal(n, (int)strlen(c->want));
	if (c->ref(ref, sizeof(ref)) >= 0)
		assert_string_equal(ref, c->want);
}

/* ---- truncation: snfmt returns the length it would have written --------- */

struct trunc_case {
	const char *name;
	size_t cap;
	const char *want;
};

static struct trunc_case trunc_cases[] = {
	{ "trunc_cap_0", 0, NULL },
	{ "trunc_cap_1_only_nul", 1, "" },
	{ "trunc_cap_5", 5, "val=" },
	{ "trunc_in_padding", 8, "val=   " },
	{ "trunc_exact_fit", 12, "val=   -123" },
	{ "trunc_roomy", 64, "val=   -123|" },
};

static void run_trunc_case(void **state)
{
	const struct trunc_case *c = *state;
	char buf[80];

	memset(buf, 'Z', sizeof(buf));
	int n = snfmt(c->cap ? buf : NULL, c->cap, "val=%7d|", -123);
	assert_int_equal(n, 12);
	if (c->want)
		assert_string_equal(buf, c->want);
	for (size_t i = c->cap; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 'Z');   /* nothing written past cap */
}

static void out_buf_counts_lost(void **state)
{
	char buf[8];
	struct out_buf b;

	(void)state;
	out_buf_init(&b, buf, sizeof(buf));
	oprintf(&b.out, "%s", "0123456789");
	oputs(&b.out, "ab");
	assert_string_equal(buf, "0123456");
	assert_int_equal(b.len, 7);
	assert_int_equal(b.lost, 5);
}

static void huge_width_saturates(void **state)
{
	char buf[16];

	(void)state;
	/* Must not overflow int (UBSan build) nor hang; output is clipped. */
	int n = snfmt(buf, sizeof(buf), fmt_huge_width, 1);
	assert_true(n > 15);
	assert_int_equal(strlen(buf), 15);
}

static void star_width_int_min(void **state)
{
	char buf[16];

	(void)state;
	int n = snfmt(buf, sizeof(buf), "%*d|", int_min, 1);
	assert_true(n > 15);
	assert_int_equal(buf[0], '1');
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(cases) + ARRAY_SIZE(trunc_cases) + 3];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, cases, run_case);
	ADD_TABLE_CASES(t, n, trunc_cases, run_trunc_case);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(out_buf_counts_lost);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(huge_width_saturates);
	t[n++] = (struct CMUnitTest)cmocka_unit_test(star_width_int_min);
	return _cmocka_run_group_tests("fmt", t, n, NULL, NULL);
}
