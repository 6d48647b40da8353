/* SPDX-License-Identifier: MIT */
#ifndef PV_CORE_STAGES_H
#define PV_CORE_STAGES_H

#include <stdint.h>

struct mb2_info;

/* The stages after the boot foundation: ACPI and SMP, VMX, guests.
 * `mapped_top`: physical memory is identity mapped below it. */
void stages_run(const struct mb2_info *mbi, uint64_t mapped_top);

#endif
