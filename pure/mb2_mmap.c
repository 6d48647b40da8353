/* SPDX-License-Identifier: MIT */
/*
 * The multiboot2 memory map tags (multiboot2 spec 3.6.8 "Memory map" and
 * 3.6.13 "EFI memory map") into a struct memmap. Pure code; every read is
 * inside the tag, which pure/mb2.c checked against the information's size.
 */
#include <stdint.h>
#include <stdbool.h>
#include "pure/mb2_parser.h"
#include "lib/string.h"

#define EFI_PAGE_SHIFT 12

/* 3.6.8 types; 7 (persistent) as ACPI defines it; any other is reserved. */
static uint32_t bios_type(uint32_t t)
{
	switch (t) {
	case 1:
		return MEM_USABLE;
	case 3:
		return MEM_ACPI_RECLAIM;
	case 4:
		return MEM_ACPI_NVS;
	case 5:
		return MEM_BAD;
	case 7:
		return MEM_PERSISTENT;
	default:
		return MEM_RESERVED;
	}
}

/*
 * GRUB exits boot services before jumping to us (no EFI boot services tag
 * in our header), so boot services code/data and loader code/data are free
 * RAM: the kernel image, this information and the modules are loader data
 * and the caller excludes them explicitly. With tag 18 (boot services still
 * running) boot services memory stays reserved. ACPI reclaim is kept apart
 * (the ACPI tables live there); runtime services, MMIO, PAL code, unusable,
 * persistent and unaccepted memory (needs TDX/SNP acceptance first) are
 * never usable.
 */
static uint32_t efi_type(uint32_t t, bool boot_services_running)
{
	switch (t) {
	case EFI_CONVENTIONAL_MEMORY:
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
		return MEM_USABLE;
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
		return boot_services_running ? MEM_RESERVED : MEM_USABLE;
	case EFI_ACPI_RECLAIM_MEMORY:
		return MEM_ACPI_RECLAIM;
	case EFI_ACPI_MEMORY_NVS:
		return MEM_ACPI_NVS;
	case EFI_RUNTIME_SERVICES_CODE:
	case EFI_RUNTIME_SERVICES_DATA:
		return MEM_EFI_RUNTIME;
	case EFI_MEMORY_MAPPED_IO:
	case EFI_MEMORY_MAPPED_IO_PORT_SPACE:
		return MEM_MMIO;
	case EFI_UNUSABLE_MEMORY:
		return MEM_BAD;
	case EFI_PERSISTENT_MEMORY:
		return MEM_PERSISTENT;
	default:
		return MEM_RESERVED;
	}
}

bool mb2_parse_bios_mmap(struct mb2_parser *p)
{
	struct mb2_info *mi = p->mi;
	struct mb2_tag_mmap h;

	memcpy(&h, p->base + p->mmap_off, sizeof(h));
	if (h.entry_size < sizeof(struct mb2_mmap_entry)) {
		mb2_warn(p, "memory map entry_size %u < %zu: map ignored\n",
		     h.entry_size, sizeof(struct mb2_mmap_entry));
		return false;
	}
	uint32_t bytes = p->mmap_size - (uint32_t)sizeof(h);
	unsigned n = bytes / h.entry_size;
	if (bytes % h.entry_size)
		mb2_warn(p, "memory map: %u trailing bytes after %u entries of %u\n",
		     bytes % h.entry_size, n, h.entry_size);
	for (unsigned i = 0; i < n; i++) {
		struct mb2_mmap_entry e;
		memcpy(&e, p->base + p->mmap_off + sizeof(h) + (size_t)i * h.entry_size,
		       sizeof(e));
		memmap_add(&mi->mmap, e.base_addr, e.length, bios_type(e.type), p->log);
	}
	mi->mmap_source = MB2_MMAP_BIOS;
	mi->mmap_raw_entries = n;
	return true;
}

bool mb2_parse_efi_mmap(struct mb2_parser *p)
{
	struct mb2_info *mi = p->mi;
	struct mb2_tag_efi_mmap h;

	memcpy(&h, p->base + p->efi_mmap_off, sizeof(h));
	mi->efi_descr_size = h.descr_size;
	mi->efi_descr_version = h.descr_vers;
	if (h.descr_size < sizeof(struct efi_memory_descriptor)) {
		mb2_warn(p, "EFI memory map descriptor_size %u < %zu: map ignored\n",
		     h.descr_size, sizeof(struct efi_memory_descriptor));
		return false;
	}
	uint32_t bytes = p->efi_mmap_size - (uint32_t)sizeof(h);
	unsigned n = bytes / h.descr_size;
	if (bytes % h.descr_size)
		mb2_warn(p, "EFI memory map: %u trailing bytes after %u descriptors of %u\n",
		     bytes % h.descr_size, n, h.descr_size);
	for (unsigned i = 0; i < n; i++) {
		struct efi_memory_descriptor d;
		memcpy(&d, p->base + p->efi_mmap_off + sizeof(h) + (size_t)i * h.descr_size,
		       sizeof(d));
		if (d.number_of_pages > (UINT64_MAX >> EFI_PAGE_SHIFT)) {
			mb2_warn(p, "EFI descriptor %u: 0x%llx pages overflow: ignored\n",
			     i, U64(d.number_of_pages));
			continue;
		}
		memmap_add(&mi->mmap, d.physical_start,
			   d.number_of_pages << EFI_PAGE_SHIFT,
			   efi_type(d.type, mi->efi_boot_services), p->log);
	}
	mi->mmap_source = MB2_MMAP_EFI;
	mi->mmap_raw_entries = n;
	return true;
}

