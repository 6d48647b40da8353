/* SPDX-License-Identifier: MIT */
/*
 * vmxdecode: decode VMX capability MSRs on the host, with the same code the
 * kernel runs. Input: a captured picovisor serial log ("vmx: msr 0x480 =
 * 0x...") or "MSR VALUE" lines (tests' testdata), from a file or stdin.
 * Output: the vmxcap block, the extra details, the negotiated config and
 * Linux kvm_intel's verdict; with --json one line {"vmx": {...}, "kvm": {...}}
 * (the report's "vmx" and "kvm" objects, docs/report.md).
 *
 *   build/tools/vmxdecode [--json] [FILE|-]
 *
 * Exit status: 0 ok, 1 bad input or I/O error, 2 usage, 3 the MSRs parse but
 * picovisor's required controls cannot be negotiated (reason printed; not
 * with --json, whose answer says it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/out.h"
#include "vmx/pure/caps.h"
#include "vmx/pure/dump.h"
#include "vmx/pure/kvm_vmx.h"
#include "vmx/pure/negotiate.h"
#include "vmx/pure/vmx_json.h"
#include "vmx/pure/vmxcap.h"

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
	fprintf(stderr, "usage: %s [--json] [FILE|-]  (serial log or 'MSR VALUE' lines)\n", argv0);
	return 2;
}

int main(int argc, char **argv)
{
	struct out o = { .write = file_write };
	const char *path = "-";
	struct vmx_parse_result pr;
	struct vmx_capability cap;
	struct vmcs_config cfg;
	struct kvm_verdict kvm;
	struct vmx_caps caps;
	bool json = false;
	FILE *f = stdin;
	size_t len = 0;
	char *text;
	int rc = 0, i = 1;

	if (i < argc && !strcmp(argv[i], "--json")) {
		json = true;
		i++;
	}
	if (argc - i > 1 || (i < argc && (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))))
		return usage(argv[0]);
	if (i < argc)
		path = argv[i];
	if (strcmp(path, "-") && !(f = fopen(path, "r"))) {
		fprintf(stderr, "vmxdecode: %s: %s\n", path, strerror(errno));
		return 1;
	}
	text = slurp(f, &len);
	if (f != stdin)
		fclose(f);
	if (!text) {
		fprintf(stderr, "vmxdecode: %s: read error\n", path);
		return 1;
	}
	if (json) {
		rc = vmx_decode_json(&o, text, len, &pr);
		free(text);
		if (rc) {
			fprintf(stderr, "vmxdecode: %s: %s\n", path, pr.msg);
			return 1;
		}
		fflush(stdout);
		return 0;
	}
	if (vmx_caps_parse_text(&caps, text, len, &pr)) {
		fprintf(stderr, "vmxdecode: %s: %s\n", path, pr.msg);
		free(text);
		return 1;
	}
	free(text);

	vmxcap_dump(&o, &caps);
	if (setup_vmcs_config(&caps, &cfg, &cap, &o)) {
		oprintf(&o, "vmx: negotiation failed: picovisor cannot run on this CPU\n");
		vmx_dump_extra(&o, &caps, NULL, NULL);
		rc = 3;
	} else {
		vmx_dump_extra(&o, &caps, &cfg, &cap);
	}
	(void)kvm_vmx_evaluate(&caps, &kvm);
	kvm_verdict_print(&o, &kvm);
	fflush(stdout);
	return rc;
}
