/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the test_vmx*.c programs (header-only: each test file is
 * its own program). Test data: the .txt files in $PV_TESTDATA/vmx-msrs, PV_TESTDATA
 * defaulting to tests/unit/data (the unit tests run from the repository root).
 */
#ifndef PV_TEST_VMX_COMMON_H
#define PV_TEST_VMX_COMMON_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/out.h"
#include "vmx/pure/caps.h"

#define MAX_MODELS 64

struct model {
	char name[64];
	char path[1024];
};

static inline const char *testdata_dir(void)
{
	const char *d = getenv("PV_TESTDATA");

	return d && *d ? d : "tests/unit/data";
}

static int model_cmp(const void *a, const void *b)
{
	return strcmp(((const struct model *)a)->name, ((const struct model *)b)->name);
}

/* Lists the vmx-msrs .txt files, sorted; returns the count (0 if the dir is missing). */
static inline int list_models(struct model *m, int max)
{
	char dir[400];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/vmx-msrs", testdata_dir());
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		size_t len = strlen(e->d_name);

		if (len < 5 || len - 4 >= sizeof(m[n].name) ||
		    strcmp(e->d_name + len - 4, ".txt"))
			continue;
		memcpy(m[n].name, e->d_name, len - 4);
		m[n].name[len - 4] = '\0';
		if ((size_t)snprintf(m[n].path, sizeof(m[n].path), "%s/%.200s", dir,
				     e->d_name) >= sizeof(m[n].path))
			continue;
		n++;
	}
	closedir(d);
	qsort(m, (size_t)n, sizeof(*m), model_cmp);
	return n;
}

/* Whole file into a malloc'd NUL-terminated buffer, or NULL. */
static inline char *read_file_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = (size_t)n;
	}
	return buf;
}

/* Parses a model file; 0 on success. */
static inline int load_model(const char *path, struct vmx_caps *c)
{
	struct vmx_parse_result r;
	size_t len;
	char *t = read_file_text(path, &len);
	int rc;

	if (!t)
		return -1;
	rc = vmx_caps_parse_text(c, t, len, &r);
	if (rc)
		fprintf(stderr, "%s: %s\n", path, r.msg);
	free(t);
	return rc;
}

/* Finds a model by name in m[0..n). */
static inline const struct model *find_model(const struct model *m, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(m[i].name, name))
			return &m[i];
	return NULL;
}

#endif
