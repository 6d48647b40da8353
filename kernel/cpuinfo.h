/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_CPUINFO_H
#define PV_KERNEL_CPUINFO_H

#include <stdbool.h>
#include <stdint.h>

struct cpuinfo {
	char vendor[13];
	char brand[49];
	uint32_t family, model, stepping;
	uint32_t max_leaf, max_ext_leaf;
	bool vmx, smx, x2apic, nx, pdpe1gb, hypervisor, tsc_invariant;
};

void cpuinfo_read(struct cpuinfo *ci);
extern struct cpuinfo boot_cpuinfo;

#endif
