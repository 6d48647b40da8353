/* SPDX-License-Identifier: MIT */
#ifndef PV_CORE_STAGES_H
#define PV_CORE_STAGES_H

struct mb2_info;

/* The stages after the boot foundation: ACPI + SMP, VMX, guests. */
void stages_run(const struct mb2_info *mbi);

#endif
