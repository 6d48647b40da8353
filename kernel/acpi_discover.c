/* SPDX-License-Identifier: MIT */
/*
 * Kernel side of ACPI: the identity-map mapper and the search order
 * (multiboot2 RSDP tags, then the BIOS areas), over the pure parsers.
 */
#include "kernel/acpi_discover.h"
#include "kernel/console.h"
#include "kernel/paging.h"
#include "kernel/kalloc.h"
#include "pure/mb2.h"
#include "kernel/percpu.h"

static struct acpi acpi;
static struct madt_info madt;
static uint64_t mapped_top;

const struct madt_info *acpi_discover(const struct mb2_info *mbi, uint64_t top,
				      const struct acpi_sdt_header **spcr)
{
	struct acpi_mem mem = { .map = paging_identity_map, .ctx = &mapped_top };
	struct acpi_rsdp_info ri;
	struct out *log = con();

	mapped_top = top;
	*spcr = NULL;
	if (acpi_rsdp_from_mb2(mbi->rsdp_new.len ? mbi->rsdp_new.bytes : NULL, mbi->rsdp_new.len,
			       mbi->rsdp_old.len ? mbi->rsdp_old.bytes : NULL, mbi->rsdp_old.len,
			       &ri, log) < 0 &&
	    acpi_rsdp_scan(&mem, &ri, log) < 0) {
		kprintf("acpi: no valid RSDP from the boot loader or in the BIOS areas\n");
		return NULL;
	}
	if (acpi_init(&acpi, &mem, &ri, log) < 0) {
		kprintf("acpi: neither XSDT nor RSDT is valid\n");
		return NULL;
	}
	kprintf("acpi: RSDP revision %u (OEM \"%s\"), using the %s at 0x%llx, %u tables\n",
		ri.revision, ri.oem_id, acpi.xsdt ? "XSDT" : "RSDT",
		(unsigned long long)acpi.root_phys, acpi.nentries);
	*spcr = acpi_find_table(&acpi, ACPI_SIG_SPCR, 0);
	const struct acpi_sdt_header *h = acpi_find_table(&acpi, ACPI_SIG_MADT, 0);
	if (!h) {
		kprintf("acpi: no valid MADT (signature APIC)\n");
		return NULL;
	}
	/* Storage for as many CPUs as the table can list (kalloc zeroes it). */
	unsigned cap = madt_cpus_max(h->length);
	size_t bytes = 2 * (size_t)cap * sizeof(struct madt_cpu);
	madt_set_storage(&madt, (struct madt_cpu *)(uintptr_t)kalloc_pages(
		ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE, "MADT CPU lists"), cap);
	if (madt_parse(h, h->length, &madt, log) < 0)
		return NULL;
	madt_print(&madt, log);
	return &madt;
}

const struct acpi_sdt_header *acpi_table(const char sig[4])
{
	return acpi_find_table(&acpi, sig, 0);
}
