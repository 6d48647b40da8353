/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_PAGING_H
#define PV_KERNEL_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Replace the boot page tables with an identity map of [0, top): 2 MiB pages
 * below 4 GiB, 1 GiB pages above when the CPU has them. Only the first 2 MiB
 * (the image's text and the AP trampoline) stays executable when NX exists;
 * the 2 MiB page holding the local APIC is uncached. Returns the new CR3.
 */
uint64_t paging_init(uint64_t top, bool nx, bool gb_pages, uint64_t lapic_base);
uint64_t paging_cr3(void);
/*
 * A mapper for the pure table parsers (struct acpi_mem's map): physical
 * memory is identity mapped below *(const uint64_t *)ctx, the top given to
 * paging_init(); NULL for address 0, a wrap or anything past it.
 */
const void *paging_identity_map(void *ctx, uint64_t phys, size_t len);

#endif
