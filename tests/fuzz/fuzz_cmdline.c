/* SPDX-License-Identifier: MIT */
/*
 * pure/cmdline.c: the kernel command line parser on an arbitrary string (the
 * input up to its first NUL, as GRUB hands it over), then the printer of the
 * effective options.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o;
	char *s = fuzz_str(data, size);

	memset(&o, 0x5a, sizeof(o));
	cmdline_parse(s, &o, fuzz_out());
	cmdline_print(&o, fuzz_out());
	free(s);
	return 0;
}
