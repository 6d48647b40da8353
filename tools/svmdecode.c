/* SPDX-License-Identifier: MIT */
/*
 * svmdecode: decode AMD-V capabilities on the host, with the same code the
 * kernel runs. Input: a captured picovisor serial log (its raw "svm: cpuid
 * 0x8000000a = eax .. ebx .. ecx .. edx .." and "svm: msr 0xc0010114 = .."
 * lines), from a file or stdin. Output: the SVMCAP block (the Debian cpuid
 * tool's layout), the Linux flag names, picovisor's decision (VM_CR,
 * EFER.SVME) and Linux kvm_amd's verdict; with --json one line
 * {"svm": {...}, "kvm": {...}} (the report's "svm" and "kvm" objects).
 *
 *   build/tools/svmdecode [--json] [FILE|-]
 *
 * Exit status: 0 ok, 1 bad input or I/O error, 2 usage, 3 the log parses
 * but SVM is not usable on that CPU (reason printed; not with --json, whose
 * answer says it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/out.h"
#include "svm/pure/kvm_svm.h"
#include "svm/pure/svm_caps.h"
#include "svm/pure/svm_json.h"
#include "svm/pure/svmcap.h"

static void file_write(struct out *o, const char *s, size_t n)
{
	(void)o;
	fwrite(s, 1, n, stdout);
}

static char *slurp(FILE *f, size_t *len)
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

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [--json] [FILE|-]  (picovisor serial log with 'svm:' lines)\n",
		argv0);
	return 2;
}

int main(int argc, char **argv)
{
	struct out o = { .write = file_write };
	const char *path = "-";
	struct svm_parse_result pr;
	struct svm_decision d;
	struct kvm_verdict kvm;
	struct svm_caps caps;
	bool json = false;
	FILE *f = stdin;
	size_t len = 0;
	char *text;
	int rc, i = 1;

	if (i < argc && !strcmp(argv[i], "--json")) {
		json = true;
		i++;
	}
	if (argc - i > 1 || (i < argc && (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))))
		return usage(argv[0]);
	if (i < argc)
		path = argv[i];
	if (strcmp(path, "-") && !(f = fopen(path, "r"))) {
		fprintf(stderr, "svmdecode: %s: %s\n", path, strerror(errno));
		return 1;
	}
	text = slurp(f, &len);
	if (f != stdin)
		fclose(f);
	if (!text) {
		fprintf(stderr, "svmdecode: %s: read error\n", path);
		return 1;
	}
	rc = json ? svm_decode_json(&o, text, len, &pr) : svm_caps_parse_text(&caps, text, len, &pr);
	free(text);
	if (rc) {
		fprintf(stderr, "svmdecode: %s: %s\n", path, pr.msg);
		return 1;
	}
	if (json) {
		fflush(stdout);
		return 0;
	}
	svmcap_dump(&o, &caps);
	if (svm_decide(&caps, &d) == SVM_OK)
		oputs(&o, "svm: usable: SVM can be enabled on this CPU\n");
	else
		oprintf(&o, "svm: %s: %s\n", d.state, d.reason);
	if (d.note[0])
		oprintf(&o, "svm: note: %s\n", d.note);
	(void)kvm_svm_evaluate(&caps, &kvm);
	kvm_verdict_print(&o, &kvm);
	fflush(stdout);
	return d.support == SVM_OK ? 0 : 3;
}
