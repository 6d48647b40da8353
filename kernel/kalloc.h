/* SPDX-License-Identifier: MIT */
/*
 * The kernel's page allocator: the pure bump allocator (pure/alloc.c) behind
 * a lock, handing out zeroed, identity-mapped pages. Exhaustion panics with
 * a message naming the request.
 */
#ifndef PV_KERNEL_KALLOC_H
#define PV_KERNEL_KALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "pure/alloc.h"

extern struct bump kernel_bump;

uint64_t kalloc_pages(size_t npages, const char *what);
uint64_t kalloc_aligned(size_t npages, size_t align, const char *what);
/* selftest=ap-fault-locked (core/selftest.c): call fn with the allocator lock held. */
void kalloc_locked_call(void (*fn)(void));

#endif
