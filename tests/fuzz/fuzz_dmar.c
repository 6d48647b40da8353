/* SPDX-License-Identifier: MIT */
/*
 * pure/dmar.c: the DMAR (Intel VT-d 8.1) parser on an arbitrary
 * table, then its printer when it accepted the table (as the kernel does).
 * The input is the table; its checksum is made valid first.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/dmar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dmar_info info;
	uint8_t *t = fuzz_copy(data, size);

	fuzz_fix_table(t, size);
	memset(&info, 0x5a, sizeof(info));
	if (dmar_parse(t, size, &info, fuzz_out()) == 0)
		dmar_print(&info, fuzz_out());
	free(t);
	return 0;
}
