/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_SERIAL_SETUP_H
#define PV_KERNEL_SERIAL_SETUP_H

#include "pure/acpi.h"

/* After ACPI: move the serial console to the SPCR port when that is the choice. */
void serial_follow_spcr(const struct acpi_sdt_header *spcr);

#endif
