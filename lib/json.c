/* SPDX-License-Identifier: MIT */
#include "lib/json.h"
#include "lib/string.h"

void json_init(struct json *j, struct out *o)
{
	j->o = o;
	j->depth = 0;
	j->first[0] = true;
	j->overflow = false;
	j->excess = 0;
}

static void put_escaped(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	o->write(o, "\"", 1);
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			o->write(o, e, 2);
		} else if (c == '\n') {
			o->write(o, "\\n", 2);
		} else if (c == '\t') {
			o->write(o, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f) {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			o->write(o, e, 6);
		} else {
			o->write(o, (const char *)p, 1);
		}
	}
	o->write(o, "\"", 1);
}

/* Separator and key before a value at the current level. */
static void prefix(struct json *j, const char *key)
{
	if (!j->excess) {
		if (!j->first[j->depth])
			j->o->write(j->o, ",", 1);
		j->first[j->depth] = false;
	}
	if (key) {
		put_escaped(j->o, key);
		j->o->write(j->o, ":", 1);
	}
}

static void json_open(struct json *j, const char *key, char c)
{
	prefix(j, key);
	j->o->write(j->o, &c, 1);
	if (j->excess || j->depth + 1 >= JSON_MAX_DEPTH) {
		j->overflow = true;
		j->excess++;
		return;
	}
	j->first[++j->depth] = true;
}

static void json_close(struct json *j, char c)
{
	if (j->excess)
		j->excess--;
	else if (j->depth > 0)
		j->depth--;
	j->o->write(j->o, &c, 1);
}

void json_obj_begin(struct json *j, const char *key) { json_open(j, key, '{'); }
void json_obj_end(struct json *j) { json_close(j, '}'); }
void json_arr_begin(struct json *j, const char *key) { json_open(j, key, '['); }
void json_arr_end(struct json *j) { json_close(j, ']'); }

void json_str_begin(struct json *j, const char *key)
{
	prefix(j, key);
	j->o->write(j->o, "\"", 1);
}

void json_raw(struct json *j, const char *key, const char *text, size_t len)
{
	prefix(j, key);
	j->o->write(j->o, text, len);
}

void json_str_end(struct json *j)
{
	j->o->write(j->o, "\"", 1);
}

void json_str(struct json *j, const char *key, const char *val)
{
	prefix(j, key);
	put_escaped(j->o, val ? val : "");
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	prefix(j, key);
	oprintf(j->o, "%llu", (unsigned long long)v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	prefix(j, key);
	oputs(j->o, v ? "true" : "false");
}

void json_null(struct json *j, const char *key)
{
	prefix(j, key);
	oputs(j->o, "null");
}

void json_hex(struct json *j, const char *key, uint64_t v)
{
	prefix(j, key);
	oprintf(j->o, "\"0x%llx\"", (unsigned long long)v);
}
