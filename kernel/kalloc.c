/* SPDX-License-Identifier: MIT */
#include "kernel/kalloc.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "lib/string.h"

struct bump kernel_bump;
static struct spinlock kalloc_lock;

uint64_t kalloc_aligned(size_t npages, size_t align, const char *what)
{
	spin_lock(&kalloc_lock);
	uint64_t pa = bump_alloc(&kernel_bump, npages, align, what);
	spin_unlock(&kalloc_lock);
	if (!pa)
		panic("%s", bump_error(&kernel_bump));
	memset((void *)(uintptr_t)pa, 0, npages * BUMP_PAGE);
	return pa;
}

uint64_t kalloc_pages(size_t npages, const char *what)
{
	return kalloc_aligned(npages, BUMP_PAGE, what);
}
