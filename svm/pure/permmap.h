/* SPDX-License-Identifier: MIT */
/*
 * The SVM permission maps' bit positions (APM Vol. 2 15.10.1 "I/O
 * Permissions Map", 15.11 "MSR Intercepts"): the model the AMD-V checks
 * msrpm and iopm hold the hardware to.
 *
 * MSRPM: 8 KiB, two bits per MSR (bit 2n read, 2n + 1 write) in three
 * 2 KiB vectors: MSRs 0-0x1fff at byte 0, 0xc0000000-0xc0001fff at 0x800,
 * 0xc0010000-0xc0011fff at 0x1000; every other MSR always exits.
 * IOPM: 12 KiB, one bit per port; an access of n bytes exits when any of
 * the n bits from its port is set (the last port's bits run into the third
 * page, so a 4-byte access at 0xffff reads bit 0x10002).
 */
#ifndef PV_SVM_PURE_PERMMAP_H
#define PV_SVM_PURE_PERMMAP_H

#include <stdbool.h>
#include <stdint.h>

/* Byte and bit of msr's read (write = false) or write bit; false outside the three ranges. */
bool svm_msrpm_pos(uint32_t msr, bool write, uint32_t *byte, unsigned *bit);
/* Set or clear one bit; false (map untouched) outside the ranges. */
bool svm_msrpm_set(uint8_t *map, uint32_t msr, bool write, bool intercept);
/* Whether the access exits: its bit, or always outside the ranges. */
bool svm_msrpm_intercepts(const uint8_t *map, uint32_t msr, bool write);

void svm_iopm_set(uint8_t *map, uint32_t port, bool intercept);
/* Whether an access of size bytes (1, 2, 4) at port exits. */
bool svm_iopm_intercepts(const uint8_t *map, uint32_t port, unsigned size);

#endif
