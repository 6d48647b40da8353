/* SPDX-License-Identifier: MIT */
/*
 * Platform facts (pure/platform_facts.h): hypervisor, microcode revision,
 * IA32_FEATURE_CONTROL's SMX/SGX/LMCE state, the IOMMU described by ACPI.
 */
#ifndef PV_KERNEL_PLATFORM_H
#define PV_KERNEL_PLATFORM_H

#include "lib/json.h"

/*
 * On the boot CPU, after acpi_discover() and before any code writes
 * IA32_FEATURE_CONTROL (the VMX per-CPU set-up), so the firmware's value is
 * what is reported. Malformed IOMMU tables are reported here.
 */
void platform_collect(void);
/* The console section (lines starting "platform: "); nothing before collect. */
void platform_print(void);
/* The report's "platform" object; absent before collect. */
void platform_json(struct json *j);

#endif
