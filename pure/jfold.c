/* SPDX-License-Identifier: MIT */
/* The report's per-CPU records, read for folding (pure/jfold.h). */
#include <stdbool.h>
#include "pure/jfold.h"

#define FNV_OFFSET      0xcbf29ce484222325ULL
#define FNV_PRIME       0x100000001b3ULL

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the string token at s[i] (the opening quote), quotes included. */
static size_t string_len(const char *s, size_t len, size_t i)
{
	size_t k = i + 1;

	while (k < len && s[k] != '"')
		k += s[k] == '\\' ? 2 : 1;
	return (k < len ? k + 1 : len) - i;
}

/* A number token starts here: a digit after a separator (not inside a word like true). */
static bool number_at(const char *s, size_t i)
{
	return digit(s[i]) && (i == 0 || s[i - 1] == ':' || s[i - 1] == ',' || s[i - 1] == '[');
}

void jfold_read(const char *s, size_t len, struct jfold_rec *r)
{
	uint64_t h = FNV_OFFSET;

	r->n = 0;
	for (size_t i = 0; i < len;) {
		if (s[i] == '"') {
			size_t n = string_len(s, len, i);
			for (size_t k = i; k < i + n; k++)
				h = (h ^ (uint8_t)s[k]) * FNV_PRIME;
			i += n;
			continue;
		}
		if (number_at(s, i)) {
			size_t k = i;
			uint64_t v = 0;
			bool ok = true;

			while (k < len && digit(s[k])) {
				uint64_t d = (uint64_t)(s[k] - '0');
				if (v > (UINT64_MAX - d) / 10)
					ok = false;
				v = v * 10 + d;
				k++;
			}
			/* Only plain unsigned integers that fit, and not too many of them. */
			if (ok && r->n < JFOLD_MAX_NUMS && (k == len || s[k] == ',' || s[k] == '}' ||
							    s[k] == ']') && !(s[i] == '0' && k > i + 1)) {
				r->v[r->n] = v;
				r->off[r->n] = (uint32_t)i;
				r->n++;
				h = (h ^ '#') * FNV_PRIME;
				i = k;
				continue;
			}
			for (; i < k; i++)
				h = (h ^ (uint8_t)s[i]) * FNV_PRIME;
			continue;
		}
		h = (h ^ (uint8_t)s[i]) * FNV_PRIME;
		i++;
	}
	r->shape = h;
}

#define DEPTH 16

void jfold_path(const char *s, size_t len, uint32_t off, struct out *o)
{
	struct {
		bool array;
		unsigned index;
		const char *key;
		size_t key_len;
	} st[DEPTH];
	int d = -1;
	bool want_key = false;

	for (size_t i = 0; i < len && i < off;) {
		char c = s[i];

		if (c == '"') {
			size_t n = string_len(s, len, i);
			if (want_key && d >= 0 && d < DEPTH) {
				st[d].key = s + i + 1;
				st[d].key_len = n >= 2 ? n - 2 : 0;
				want_key = false;
			}
			i += n;
			continue;
		}
		if (c == '{' || c == '[') {
			d++;
			if (d < DEPTH)
				st[d].array = c == '[', st[d].index = 0, st[d].key = NULL,
				st[d].key_len = 0;
			want_key = c == '{';
		} else if (c == '}' || c == ']') {
			d--;
		} else if (c == ',' && d >= 0 && d < DEPTH) {
			if (st[d].array)
				st[d].index++;
			else
				want_key = true;
		}
		i++;
	}
	/* Level 0 is the record itself: its keys start the path. */
	for (int k = 0; k <= d && k < DEPTH; k++) {
		if (st[k].array)
			oprintf(o, "[%u]", st[k].index);
		else if (st[k].key)
			oprintf(o, "%s%.*s", k ? "." : "", (int)st[k].key_len, st[k].key);
	}
}
