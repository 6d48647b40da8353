/* SPDX-License-Identifier: MIT */
#ifndef PV_KERNEL_TSC_H
#define PV_KERNEL_TSC_H

#include <stdint.h>

/* Determine the TSC frequency (kHz) once on the boot CPU; logs the source. */
uint64_t tsc_calibrate(void);
uint64_t tsc_khz(void);
void udelay(uint64_t us);
uint64_t tsc_to_us(uint64_t ticks);
uint64_t us_to_tsc(uint64_t us);

#endif
