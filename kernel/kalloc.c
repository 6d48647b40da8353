/* SPDX-License-Identifier: MIT */
#include "kernel/kalloc.h"
#include "kernel/panic.h"
#include "kernel/lock.h"
#include "lib/string.h"

struct bump kernel_bump;
/* A CPU that crashes inside the allocator gives it back (kernel/lock.h). */
static struct spinlock kalloc_lock = { .name = "allocator" };

uint64_t kalloc_aligned(size_t npages, size_t align, const char *what)
{
	lock_take(&kalloc_lock);
	uint64_t pa = bump_alloc(&kernel_bump, npages, align, what);
	lock_give(&kalloc_lock);
	if (!pa)
		panic("%s", bump_error(&kernel_bump));
	memset((void *)(uintptr_t)pa, 0, npages * BUMP_PAGE);
	return pa;
}

uint64_t kalloc_pages(size_t npages, const char *what)
{
	return kalloc_aligned(npages, BUMP_PAGE, what);
}

void kalloc_locked_call(void (*fn)(void))
{
	lock_take(&kalloc_lock);
	fn();
	lock_give(&kalloc_lock);
}
