/* SPDX-License-Identifier: MIT */
/*
 * Kernel side of SMBIOS (pure/smbios.h): the identity-map mapper and the
 * EFI system table the boot loader handed over (multiboot2 tag 12).
 */
#ifndef PV_KERNEL_SMBIOS_DISCOVER_H
#define PV_KERNEL_SMBIOS_DISCOVER_H

#include <stdint.h>
#include "pure/smbios.h"

struct mb2_info;

/*
 * Find and walk the SMBIOS tables (problems printed); `top`: physical memory
 * is identity mapped below it. On the boot CPU, before platform_collect().
 */
void smbios_collect(const struct mb2_info *mbi, uint64_t top);

/* What smbios_collect() found (present false before it or when none). */
const struct smbios_info *smbios_get(void);

#endif
