/* SPDX-License-Identifier: MIT */
#ifndef PV_CORE_SMP_H
#define PV_CORE_SMP_H

#include <stdint.h>

struct madt_info;
struct memmap;
struct mem_range;

/*
 * Create the per-CPU structures for the MADT's enabled CPUs (boot CPU first),
 * start every AP with INIT-SIPI-SIPI, and wait for all of them with a single
 * deadline. Returns the number of CPUs online (boot CPU included).
 */
unsigned smp_boot(const struct madt_info *mi, const struct memmap *mm,
		  const struct mem_range *exclude, unsigned nexclude);
/* Boot CPU: wait until every online CPU finished cpu_init (or the deadline). */
void smp_wait_done(uint64_t timeout_us);

#endif
