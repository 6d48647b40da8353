/* SPDX-License-Identifier: MIT */
/*
 * pure/srat.c: the SRAT (ACPI 6.5 5.2.16) parser on an arbitrary table, then
 * its printer and a node lookup when it accepted the table (as the kernel
 * does). The input is the table; its checksum is made valid first. The CPU
 * storage is exactly what srat_cpus_max() asks for, so ASan sees any write
 * past it.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/srat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct srat_info info;
	uint8_t *t = fuzz_copy(data, size);
	unsigned cap = srat_cpus_max(size);
	struct srat_cpu *buf = malloc((size_t)cap * sizeof(*buf) + 1);

	fuzz_fix_table(t, size);
	memset(&info, 0x5a, sizeof(info));
	srat_set_storage(&info, buf, cap);
	if (srat_parse(t, size, &info, fuzz_out()) == 0) {
		srat_print(&info, fuzz_out());
		(void)srat_node(&info, size >= 4 ? fuzz_le32(t) : 0);
	}
	free(buf);
	free(t);
	return 0;
}
