/* SPDX-License-Identifier: MIT */
/*
 * Boot-time bump allocator: first fit over sorted free runs, each run bumped
 * upward. Nothing is ever freed. Pure code.
 */
#include <stdint.h>
#include <stdbool.h>
#include "pure/alloc.h"
#include "lib/bits.h"
#include "lib/string.h"

#define U64(x) ((unsigned long long)(x))

static uint64_t page_down(uint64_t x)
{
	return x & ~(BUMP_PAGE - 1);
}

/* Round up to a page, saturating at the top of the address space. */
static uint64_t page_up_sat(uint64_t x)
{
	if (x > UINT64_MAX - (BUMP_PAGE - 1))
		return UINT64_MAX;
	return page_down(x + BUMP_PAGE - 1);
}

static void remove_run(struct bump *b, unsigned i)
{
	for (; i + 1 < b->n; i++)
		b->run[i] = b->run[i + 1];
	b->n--;
}

static void add_run(struct bump *b, uint64_t next, uint64_t end)
{
	if (next >= end)
		return;
	if (b->n >= BUMP_MAX_RUNS) {
		b->truncated = true;
		return;
	}
	b->run[b->n].next = next;
	b->run[b->n].end = end;
	b->n++;
}

/*
 * Remove [lo, hi) from every run. A run split in two needs a slot; without
 * one it keeps its larger piece (losing free memory is safe).
 */
static void subtract(struct bump *b, uint64_t lo, uint64_t hi)
{
	unsigned i = 0;

	while (i < b->n) {
		struct bump_run *r = &b->run[i];
		if (r->end <= lo || r->next >= hi) {
			i++;
			continue;
		}
		uint64_t left_end = lo, right_start = hi;
		bool left = r->next < lo, right = r->end > hi;

		if (!left && !right) {
			remove_run(b, i);
			continue;
		}
		if (left && right) {
			uint64_t old_end = r->end;
			if (b->n < BUMP_MAX_RUNS) {
				r->end = left_end;
				add_run(b, right_start, old_end);
			} else if (left_end - r->next >= old_end - right_start) {
				b->truncated = true;
				r->end = left_end;
			} else {
				b->truncated = true;
				r->next = right_start;
			}
		} else if (left) {
			r->end = left_end;
		} else {
			r->next = right_start;
		}
		i++;
	}
}

static void sort_and_merge(struct bump *b)
{
	for (unsigned i = 1; i < b->n; i++) {
		struct bump_run key = b->run[i];
		unsigned j = i;
		while (j > 0 && b->run[j - 1].next > key.next) {
			b->run[j] = b->run[j - 1];
			j--;
		}
		b->run[j] = key;
	}
	/* Overlapping runs come from overlapping usable entries: take the union. */
	unsigned i = 0;
	while (i + 1 < b->n) {
		if (b->run[i + 1].next <= b->run[i].end) {
			b->run[i].end = MAX(b->run[i].end, b->run[i + 1].end);
			remove_run(b, i + 1);
		} else {
			i++;
		}
	}
}

void bump_init(struct bump *b, const struct memmap *mm,
	       const struct mem_range *exclude, unsigned nexclude)
{
	memset(b, 0, sizeof(*b));

	for (unsigned i = 0; i < mm->n; i++) {
		const struct mem_range *r = &mm->r[i];
		if (r->type != MEM_USABLE || r->len == 0 || r->len > UINT64_MAX - r->base)
			continue;
		add_run(b, page_up_sat(r->base), page_down(r->base + r->len));
	}
	subtract(b, 0, BUMP_LOW_RESERVED);
	/* Non-usable types win over usable ones, even in an unnormalized map. */
	for (unsigned i = 0; i < mm->n; i++) {
		const struct mem_range *r = &mm->r[i];
		if (r->type == MEM_USABLE || r->len == 0)
			continue;
		uint64_t end = r->len > UINT64_MAX - r->base ? UINT64_MAX : r->base + r->len;
		subtract(b, page_down(r->base), page_up_sat(end));
	}
	for (unsigned i = 0; i < nexclude; i++) {
		const struct mem_range *r = &exclude[i];
		if (r->len == 0)
			continue;
		uint64_t end = r->len > UINT64_MAX - r->base ? UINT64_MAX : r->base + r->len;
		subtract(b, page_down(r->base), page_up_sat(end));
	}
	sort_and_merge(b);
	for (unsigned i = 0; i < b->n; i++)
		b->usable += b->run[i].end - b->run[i].next;
}

static uint64_t run_free_below_limit(const struct bump *b, const struct bump_run *r)
{
	uint64_t end = r->end;

	if (b->limit && end > b->limit)
		end = b->limit;
	return end > r->next ? end - r->next : 0;
}

/*
 * Memory above the limit is never handed out, so it is not usable either:
 * the usable figure becomes what was handed out so far plus what is free
 * below the new limit.
 */
void bump_set_limit(struct bump *b, uint64_t max_phys)
{
	b->limit = page_down(max_phys);
	b->usable = b->allocated;
	for (unsigned i = 0; i < b->n; i++)
		b->usable += run_free_below_limit(b, &b->run[i]);
}

uint64_t bump_free_kib(const struct bump *b)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < b->n; i++)
		sum += run_free_below_limit(b, &b->run[i]);
	return sum >> 10;
}

uint64_t bump_usable_kib(const struct bump *b)
{
	return b->usable >> 10;
}

uint64_t bump_allocated_kib(const struct bump *b)
{
	return b->allocated >> 10;
}

const char *bump_error(const struct bump *b)
{
	return b->err;
}

static void oom(struct bump *b, size_t npages, size_t align, const char *what)
{
	uint64_t largest = 0;
	int k;

	for (unsigned i = 0; i < b->n; i++)
		largest = MAX(largest, run_free_below_limit(b, &b->run[i]));
	k = snfmt(b->err, sizeof(b->err),
		  "out of memory: \"%s\" wanted %zu page(s) aligned %zu; %llu KiB left",
		  what, npages, align, U64(bump_free_kib(b)));
	if (k > 0 && (size_t)k < sizeof(b->err) && b->limit)
		k += snfmt(b->err + k, sizeof(b->err) - (size_t)k, " below 0x%llx",
			   U64(b->limit));
	if (k > 0 && (size_t)k < sizeof(b->err))
		snfmt(b->err + k, sizeof(b->err) - (size_t)k,
		      " (largest free run %llu KiB)", U64(largest >> 10));
}

uint64_t bump_alloc(struct bump *b, size_t npages, size_t align_bytes,
		    const char *what)
{
	if (!what)
		what = "?";
	if (align_bytes == 0)
		align_bytes = BUMP_PAGE;
	if (align_bytes < BUMP_PAGE || (align_bytes & (align_bytes - 1))) {
		snfmt(b->err, sizeof(b->err), "bad request: \"%s\": alignment %zu "
		      "is not a power of two >= 4096", what, align_bytes);
		return 0;
	}
	if (npages == 0 || npages > UINT64_MAX / BUMP_PAGE) {
		snfmt(b->err, sizeof(b->err), "bad request: \"%s\": %zu pages",
		      what, npages);
		return 0;
	}
	uint64_t size = (uint64_t)npages * BUMP_PAGE;
	uint64_t align = align_bytes;

	for (unsigned i = 0; i < b->n; i++) {
		struct bump_run *r = &b->run[i];
		if (r->next > UINT64_MAX - (align - 1))
			continue;
		uint64_t a = ALIGN_UP(r->next, align);
		if (a >= r->end || r->end - a < size)
			continue;
		if (b->limit && (a > b->limit || b->limit - a < size))
			continue;

		/* Keep the alignment gap as its own run if there is a slot. */
		uint64_t gap_start = r->next;
		r->next = a + size;
		if (a > gap_start && b->n < BUMP_MAX_RUNS) {
			for (unsigned j = b->n; j > i; j--)
				b->run[j] = b->run[j - 1];
			b->run[i].next = gap_start;
			b->run[i].end = a;
			b->n++;
			i++;
		}
		if (b->run[i].next == b->run[i].end)
			remove_run(b, i);
		b->allocated += size;
		return a;
	}
	oom(b, npages, align_bytes, what);
	return 0;
}
