/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_ACPI_DISCOVER_H
#define PV_KERNEL_ACPI_DISCOVER_H

#include "pure/acpi.h"
#include "pure/madt.h"

struct mb2_info;

/*
 * Find and validate the ACPI tables; returns the parsed MADT or NULL (the
 * reason printed). `top`: physical memory is identity mapped below it.
 * *spcr is set to the validated SPCR table when there is one.
 */
const struct madt_info *acpi_discover(const struct mb2_info *mbi, uint64_t top,
				      const struct acpi_sdt_header **spcr);

/*
 * After acpi_discover(): the first valid table with signature `sig` (whole
 * length mapped, checksum checked), or NULL (also when no root table).
 */
const struct acpi_sdt_header *acpi_table(const char sig[4]);

#endif
