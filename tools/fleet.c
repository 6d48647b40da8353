/* SPDX-License-Identifier: MIT */
/*
 * fleet: one table for many machines (docs/report.md, "Many machines").
 *
 *   build/tools/fleet [--csv|--json] LOG|DIR...
 *
 * Each LOG is a serial log (or a file holding bare report lines); a DIR
 * stands for every regular file in it, in name order. Prints one row per
 * log, then the groups of machines that gave the same answer. Exit status:
 * 0 every machine passed, 1 one did not, 2 a log held no report (the others
 * are still printed), 3 a usage or read error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "pure/fleet.h"

#define FLEET_FILE_MAX (256u << 20)     /* bytes read of one log */

static void stdout_write(struct out *o, const char *s, size_t n)
{
	(void)o;
	fwrite(s, 1, n, stdout);
}

/* The whole file, or NULL (errno set) when unreadable or too large. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf = NULL;

	if (!f)
		return NULL;
	while (n < FLEET_FILE_MAX) {
		char *nb = n == 0 || n == cap ? realloc(buf, n ? (cap *= 2) : cap) : buf;
		size_t got;

		if (!nb)
			break;
		buf = nb;
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				break;
			fclose(f);
			*len = n;
			return buf;
		}
	}
	if (n >= FLEET_FILE_MAX)
		errno = EFBIG;
	free(buf);
	fclose(f);
	return NULL;
}

struct list {
	char **paths;
	size_t n, cap;
};

static int add(struct list *l, const char *path)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **p = realloc(l->paths, cap * sizeof(*p));

		if (!p)
			return -1;
		l->paths = p;
		l->cap = cap;
	}
	l->paths[l->n] = strdup(path);
	return l->paths[l->n++] ? 0 : -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, sorted. */
static int add_dir(struct list *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = l->n;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && add(l, path) < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	qsort(l->paths + first, l->n - first, sizeof(*l->paths), by_name);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: fleet [--csv|--json] LOG|DIR...\n"
		"  one row per serial log (or file of report lines); a directory means every\n"
		"  file in it. Exit 0: all passed, 1: some did not, 2: a log held no report.\n");
	return 3;
}

int main(int argc, char **argv)
{
	enum { TABLE, CSV, JSON } fmt = TABLE;
	struct list l = { 0 };
	struct fleet_machine *ms;
	struct out o = { .write = stdout_write };
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--csv"))
			fmt = CSV;
		else if (!strcmp(argv[i], "--json"))
			fmt = JSON;
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else
			return usage();
	}
	if (i >= argc)
		return usage();
	for (; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "fleet: %s: %s\n", argv[i], strerror(errno));
			return 3;
		}
		if ((S_ISDIR(st.st_mode) ? add_dir(&l, argv[i]) : add(&l, argv[i])) < 0) {
			fprintf(stderr, "fleet: %s: %s\n", argv[i], strerror(errno));
			return 3;
		}
	}
	ms = calloc(l.n ? l.n : 1, sizeof(*ms));
	if (!ms)
		return 3;
	for (size_t k = 0; k < l.n; k++) {
		const char *base = strrchr(l.paths[k], '/');
		size_t len = 0;
		char *text;
		struct jr_node *nodes;

		/* The file name, or dir/file when the name alone says little (com1.txt). */
		snprintf(ms[k].log, sizeof(ms[k].log), "%s", l.paths[k]);
		if (base && strcmp(base + 1, "com1.txt"))
			snprintf(ms[k].log, sizeof(ms[k].log), "%s", base + 1);
		else if (base) {
			const char *p = base;
			while (p > l.paths[k] && p[-1] != '/')
				p--;
			snprintf(ms[k].log, sizeof(ms[k].log), "%s", p);
		}
		if (!(text = slurp(l.paths[k], &len))) {
			fprintf(stderr, "fleet: %s: %s\n", l.paths[k], strerror(errno));
			return 3;
		}
		nodes = malloc(fleet_nodes_for(len) * sizeof(*nodes));
		if (!nodes)
			return 3;
		fleet_read(text, len, nodes, fleet_nodes_for(len), &ms[k]);
		free(nodes);
		free(text);
	}
	fleet_group(ms, l.n);
	if (fmt == CSV)
		fleet_print_csv(ms, l.n, &o);
	else if (fmt == JSON)
		fleet_print_json(ms, l.n, &o);
	else
		fleet_print_table(ms, l.n, &o);
	fflush(stdout);
	return fleet_exit_status(ms, l.n);
}
