/* SPDX-License-Identifier: MIT */
/*
 * The host decoders' program (tools/vmxdecode.c, tools/svmdecode.c):
 * `TOOL [--json] [FILE|-]`, the whole input read into memory, output
 * through a struct out on stdout, a parse error named on stderr. Each tool
 * supplies its two answers (struct decoder) and calls decode_main().
 * Header-only: each tool is one program built from one .c file and the
 * pure sources.
 */
#ifndef PV_TOOLS_DECODE_CLI_H
#define PV_TOOLS_DECODE_CLI_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/out.h"

struct decode_input {
	bool json;              /* --json given */
	const char *path;       /* "-" for stdin */
	char *text;             /* the whole input (free it) */
	size_t len;
};

static void decode_stdout_write(struct out *o, const char *s, size_t n)
{
	(void)o;
	fwrite(s, 1, n, stdout);
}

static inline struct out decode_stdout(void)
{
	return (struct out){ .write = decode_stdout_write };
}

static char *decode_slurp(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);

	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/*
 * Parses `[--json] [FILE|-]` and reads the input. Returns 0, 2 after a usage
 * message (what: what the input is), or 1 after naming a read error.
 */
static int decode_read_input(const char *tool, const char *what, int argc, char **argv,
			     struct decode_input *in)
{
	FILE *f = stdin;
	int i = 1;

	in->json = false;
	in->path = "-";
	if (i < argc && !strcmp(argv[i], "--json")) {
		in->json = true;
		i++;
	}
	if (argc - i > 1 || (i < argc && (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")))) {
		fprintf(stderr, "usage: %s [--json] [FILE|-]  (%s)\n", argv[0], what);
		return 2;
	}
	if (i < argc)
		in->path = argv[i];
	if (strcmp(in->path, "-") && !(f = fopen(in->path, "r"))) {
		fprintf(stderr, "%s: %s: %s\n", tool, in->path, strerror(errno));
		return 1;
	}
	in->text = decode_slurp(f, &in->len);
	if (f != stdin)
		fclose(f);
	if (!in->text) {
		fprintf(stderr, "%s: %s: read error\n", tool, in->path);
		return 1;
	}
	return 0;
}

/* What the input is decoded into; each returns 0, 3 (decoded: not usable), or -1 with msg. */
struct decoder {
	const char *tool;	/* "vmxdecode" */
	const char *what;	/* the input, for the usage line */
	/* --json: the one-line answer. */
	int (*json)(struct out *o, const char *text, size_t len, char *msg, size_t n);
	/* The text answer. */
	int (*text)(struct out *o, const char *text, size_t len, char *msg, size_t n);
	/*
	 * --entry-check LOG: every VM-entry (VMRUN) rule on each CPU's dump
	 * (docs/entry-rules.md); 0 all hold, 3 one is broken, 1 no dump (printed).
	 */
	int (*entry_check)(struct out *o, const char *text, size_t len);
	const char *entry_what;	/* its input, for the usage line */
};

/* --entry-check LOG (text only). */
static int decode_entry_check(int argc, char **argv, const struct decoder *d)
{
	struct out o = decode_stdout();
	struct decode_input in;
	int rc;

	argv[1] = argv[0];
	rc = decode_read_input(d->tool, d->entry_what, argc - 1, argv + 1, &in);
	if (rc)
		return rc;
	if (in.json) {
		fprintf(stderr, "%s: --entry-check has no --json form\n", d->tool);
		free(in.text);
		return 2;
	}
	rc = d->entry_check(&o, in.text, in.len);
	free(in.text);
	fflush(stdout);
	return rc;
}

/* The whole program: exit status 0 ok, 1 bad input or I/O error, 2 usage, 3 not usable. */
static int decode_main(int argc, char **argv, const struct decoder *d)
{
	struct out o = decode_stdout();
	struct decode_input in;
	char msg[256];
	int rc;

	if (argc > 1 && d->entry_check && !strcmp(argv[1], "--entry-check"))
		return decode_entry_check(argc, argv, d);
	rc = decode_read_input(d->tool, d->what, argc, argv, &in);
	if (rc)
		return rc;
	rc = (in.json ? d->json : d->text)(&o, in.text, in.len, msg, sizeof(msg));
	free(in.text);
	if (rc < 0) {
		fprintf(stderr, "%s: %s: %s\n", d->tool, in.path, msg);
		return 1;
	}
	fflush(stdout);
	return rc;
}

#endif
