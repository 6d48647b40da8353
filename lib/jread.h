/* SPDX-License-Identifier: MIT */
/*
 * A strict, bounded JSON reader (RFC 8259) for host tools that read report
 * lines back (tools/fleet.c). The whole text is validated in one pass into
 * a caller-provided array of nodes in document order; nothing is allocated.
 * Strict: no trailing commas, no leading zeros, no control characters or
 * invalid escapes in strings, no surrogate halves out of pairs, nothing but
 * whitespace after the value, nesting at most JREAD_MAX_DEPTH. Strings stay
 * in the input (raw, escapes included) and are decoded on request.
 */
#ifndef PV_LIB_JREAD_H
#define PV_LIB_JREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JREAD_MAX_DEPTH 64

enum jr_type { JR_NULL, JR_FALSE, JR_TRUE, JR_NUMBER, JR_STRING, JR_ARRAY, JR_OBJECT };

struct jr_node {
	enum jr_type type;
	const char *key;        /* member name, raw (between the quotes); NULL outside objects */
	uint32_t key_len;
	const char *text;       /* number: its text; string: raw contents between the quotes */
	uint32_t len;
	uint32_t nchild;        /* array / object: direct children */
	uint32_t end;           /* index of the first node after this subtree */
};

struct jr_doc {
	const struct jr_node *nodes;
	uint32_t n;
	const char *error;      /* why parsing failed, NULL on success */
	size_t error_at;        /* byte offset of the failure */
};

/*
 * Parse text[0, len) into nodes[0, cap). Returns 0 (doc->n nodes, node 0 is
 * the top-level value) or -1 (doc->error, doc->error_at).
 */
int jr_parse(const char *text, size_t len, struct jr_node *nodes, size_t cap,
	     struct jr_doc *doc);

/* The member `key` of object node i, or -1 (also when i is not an object). */
int jr_get(const struct jr_doc *d, int i, const char *key);
/* A dotted path of members from node i ("cpus.listed"), or -1. */
int jr_path(const struct jr_doc *d, int i, const char *path);
/* The k-th element of array/object node i, or -1. */
int jr_index(const struct jr_doc *d, int i, uint32_t k);
/* The element after element i in its container (call with the first one), or -1. */
int jr_next(const struct jr_doc *d, int container, int i);

/*
 * The string node i decoded (escapes resolved, \u to UTF-8) into buf,
 * NUL-terminated, cut at cap - 1 bytes. Returns the full decoded length,
 * or -1 when i is not a string (buf is then "").
 */
long jr_str(const struct jr_doc *d, int i, char *buf, size_t cap);
/* Node i is a string equal to s. */
bool jr_str_eq(const struct jr_doc *d, int i, const char *s);
/* Node i is a non-negative integer that fits: stores it. Returns 0 or -1. */
int jr_u64(const struct jr_doc *d, int i, uint64_t *v);
/* Node i is true / false: stores it. Returns 0 or -1. */
int jr_bool(const struct jr_doc *d, int i, bool *v);

#endif
