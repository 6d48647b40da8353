/* SPDX-License-Identifier: MIT */
/*
 * Kernel side of SMBIOS: under UEFI the entry point is in the EFI
 * configuration table of the system table GRUB passed (multiboot2 tag 12,
 * EFI64; the table stays in runtime memory after ExitBootServices), under
 * BIOS in the 0xF0000-0xFFFFF area (pure/smbios.c searches both).
 */
#include "kernel/console.h"
#include "kernel/paging.h"
#include "kernel/smbios_discover.h"
#include "pure/mb2.h"

static struct smbios_info smbios;
static uint64_t mapped_top;

void smbios_collect(const struct mb2_info *mbi, uint64_t top)
{
	struct acpi_mem mem = { .map = paging_identity_map, .ctx = &mapped_top };

	mapped_top = top;
	(void)smbios_discover(&mem, mbi->has_efi64 ? mbi->efi64_systab : 0, &smbios, con());
}

const struct smbios_info *smbios_get(void)
{
	return &smbios;
}
