/* SPDX-License-Identifier: MIT */
/*
 * A streaming JSON writer over struct out (pure code). Keys are given with
 * each value; pass key = NULL inside arrays and for the top-level value.
 * Commas are placed automatically. Strings are escaped (RFC 8259 section 7).
 */
#ifndef PV_LIB_JSON_H
#define PV_LIB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/out.h"

#define JSON_MAX_DEPTH 16

struct json {
	struct out *o;
	int depth;
	bool first[JSON_MAX_DEPTH];
	bool overflow;          /* nesting deeper than JSON_MAX_DEPTH was attempted */
	int excess;             /* levels open beyond JSON_MAX_DEPTH (their commas are lost) */
};

void json_init(struct json *j, struct out *o);
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
/*
 * A string written piece by piece: json_str_begin writes the separator, key
 * and opening quote; the caller then writes characters that need no escape
 * (digits, ',', '-', '*') to j->o; json_str_end closes it.
 */
void json_str_begin(struct json *j, const char *key);
/* A value already written as JSON (one whole value, e.g. an object from json_*). */
void json_raw(struct json *j, const char *key, const char *text, size_t len);
void json_str_end(struct json *j);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);
/* The JSON literal null: a value that is known to be absent or unreadable. */
void json_null(struct json *j, const char *key);
/* Raw register/MSR values: the string "0x..." (64-bit safe for any reader). */
void json_hex(struct json *j, const char *key, uint64_t v);

#endif
