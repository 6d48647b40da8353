/* SPDX-License-Identifier: MIT */
/*
 * pure/mb2*.c: the multiboot2 information parser on an arbitrary block, then
 * what the kernel does with an accepted one (core/main.c): the summary print,
 * the command line, the memory map queries and the RSDP choice. The input is
 * the information itself (total_size first), as GRUB leaves it in memory.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/acpi.h"
#include "pure/cmdline.h"
#include "pure/mb2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mb2_info mi;
	struct acpi_rsdp_info ri;
	struct options o;
	uint8_t *info = fuzz_copy(data, size);

	memset(&mi, 0x5a, sizeof(mi));
	if (mb2_parse(info, size, &mi, fuzz_out()) == 0) {
		mb2_print(&mi, fuzz_out());
		cmdline_parse(mi.cmdline, &o, fuzz_out());
		memmap_print(&mi.mmap, fuzz_out());
		oprintf(fuzz_out(), "usable %llu top %llx\n",
			(unsigned long long)memmap_usable_bytes(&mi.mmap),
			(unsigned long long)memmap_highest_addr(&mi.mmap));
		(void)memmap_find_low_page(&mi.mmap, NULL, 0);
		(void)acpi_rsdp_from_mb2(mi.rsdp_new.len ? mi.rsdp_new.bytes : NULL, mi.rsdp_new.len,
					 mi.rsdp_old.len ? mi.rsdp_old.bytes : NULL, mi.rsdp_old.len,
					 &ri, fuzz_out());
	}
	free(info);
	return 0;
}
