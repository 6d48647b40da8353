/* SPDX-License-Identifier: MIT */
/*
 * pure/smbios.c: the whole search and walk over fuzzed memory, then the
 * printers. Input: byte 0 selects the search (bit 0: through an EFI system
 * table at 0xF0000 + the offset in bytes 1-2, else the BIOS-area scan);
 * the rest is physical memory from 0xF0000 on (nothing else is mapped).
 * Entry points at 16-byte boundaries get valid checksums, as a fuzzer would
 * almost never guess them; the structure table is whatever they point at.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/smbios.h"

struct fmem {
	const uint8_t *p;
	size_t n;
};

static const void *fmap(void *ctx, uint64_t phys, size_t len)
{
	struct fmem *m = ctx;

	if (phys < SMBIOS_SCAN_START || phys - SMBIOS_SCAN_START > m->n ||
	    len > m->n - (phys - SMBIOS_SCAN_START))
		return NULL;
	return m->p + (phys - SMBIOS_SCAN_START);
}

static void fix_entries(uint8_t *p, size_t n)
{
	for (size_t o = 0; o + 0x1f <= n; o += 16) {
		if (!memcmp(p + o, "_SM3_", 5) && p[o + 6] <= 0x18 && p[o + 6] >= 6) {
			fuzz_fix_checksum(p + o, p[o + 6], 5);
		} else if (!memcmp(p + o, "_SM_", 4) && p[o + 5] <= 0x1f && p[o + 5] >= 5) {
			fuzz_fix_checksum(p + o + 0x10, 0x0f, 5);
			fuzz_fix_checksum(p + o, p[o + 5], 4);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct smbios_info si;
	static struct json j;
	uint8_t *m;
	uint64_t systab = 0;
	struct fmem fm;
	struct acpi_mem mem = { fmap, &fm };

	if (size < 3)
		return 0;
	m = fuzz_copy(data + 3, size - 3);
	fm.p = m;
	fm.n = size - 3;
	fix_entries(m, fm.n);
	if (data[0] & 1)
		systab = SMBIOS_SCAN_START + (data[1] | (uint32_t)data[2] << 8);
	memset(&si, 0x5a, sizeof(si));
	(void)smbios_discover(&mem, systab, &si, fuzz_out());
	smbios_print(&si, fuzz_out());
	json_init(&j, fuzz_out());
	json_obj_begin(&j, NULL);
	smbios_json(&si, &j);
	json_obj_end(&j);
	/* The walk alone, the input as a table, under a 2.x and a 3.x version. */
	memset(&si, 0, sizeof(si));
	si.major = data[1] & 1 ? 3 : 2;
	si.minor = data[2] & 15;
	smbios_walk(m, fm.n, data[0] >> 1, &si, fuzz_out());
	smbios_print(&si, fuzz_out());
	free(m);
	return 0;
}
