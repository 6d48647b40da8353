/* SPDX-License-Identifier: MIT */
/*
 * pure/madt.c: the MADT (ACPI 6.5 5.2.12) parser on an arbitrary
 * table, then its printer when it accepted the table (as the kernel does).
 * The input is the table; its checksum is made valid first.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/madt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct madt_info info;
	uint8_t *t = fuzz_copy(data, size);

	fuzz_fix_table(t, size);
	unsigned cap = madt_cpus_max(size);
	struct madt_cpu *buf = malloc(2 * (size_t)cap * sizeof(*buf) + 1);

	memset(&info, 0x5a, sizeof(info));
	madt_set_storage(&info, buf, cap);
	if (madt_parse(t, size, &info, fuzz_out()) == 0)
		madt_print(&info, fuzz_out());
	free(buf);
	free(t);
	return 0;
}
