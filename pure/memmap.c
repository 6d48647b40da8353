/* SPDX-License-Identifier: MIT */
/*
 * Physical memory map: collect, normalize, query, print. Pure code.
 */
#include <stdint.h>
#include <stdbool.h>
#include "pure/memmap.h"
#include "lib/string.h"

#define U64(x) ((unsigned long long)(x))

#define LOW_PAGE_FIRST  0x1000ULL
#define LOW_PAGE_LAST   0x9F000ULL      /* last page below the EBDA/VGA area */
#define PAGE_4K         0x1000ULL

/* A range stored by a caller that bypassed memmap_add() may be bogus. */
static bool range_valid(const struct mem_range *r)
{
	return r->len != 0 && r->len <= UINT64_MAX - r->base;
}

static uint64_t range_end(const struct mem_range *r)
{
	return r->base + r->len;
}

/* Overlap resolution order: the type with the higher rank wins. */
static unsigned type_rank(uint32_t type)
{
	switch (type) {
	case MEM_USABLE:
		return 0;
	case MEM_ACPI_RECLAIM:
		return 1;
	case MEM_ACPI_NVS:
		return 2;
	case MEM_BAD:
		return 4;
	default:
		return 3;
	}
}

/* Does a beat b? Ties between different types of equal rank: higher number. */
static bool type_beats(uint32_t a, uint32_t b)
{
	if (type_rank(a) != type_rank(b))
		return type_rank(a) > type_rank(b);
	return a > b;
}

const char *memmap_type_name(uint32_t type)
{
	switch (type) {
	case MEM_USABLE:
		return "usable";
	case MEM_RESERVED:
		return "reserved";
	case MEM_ACPI_RECLAIM:
		return "ACPI reclaimable";
	case MEM_ACPI_NVS:
		return "ACPI NVS";
	case MEM_BAD:
		return "bad RAM";
	case MEM_PERSISTENT:
		return "persistent";
	case MEM_EFI_RUNTIME:
		return "EFI runtime";
	case MEM_MMIO:
		return "MMIO";
	default:
		return "unknown";
	}
}

void memmap_init(struct memmap *mm)
{
	memset(mm, 0, sizeof(*mm));
}

static void remove_at(struct memmap *mm, unsigned i)
{
	for (; i + 1 < mm->n; i++)
		mm->r[i] = mm->r[i + 1];
	mm->n--;
}

/*
 * Remove [b, e) from every usable range without using a new slot: a range
 * that would split in two keeps its larger piece (usable memory is lost,
 * which is safe).
 */
static void carve_usable(struct memmap *mm, uint64_t b, uint64_t e)
{
	unsigned i = 0;

	while (i < mm->n) {
		struct mem_range *r = &mm->r[i];
		uint64_t rb = r->base, re = range_end(r);

		if (r->type != MEM_USABLE || re <= b || rb >= e) {
			i++;
			continue;
		}
		uint64_t left = b > rb ? b - rb : 0;
		uint64_t right = re > e ? re - e : 0;
		if (!left && !right) {
			remove_at(mm, i);
			continue;
		}
		if (left >= right) {
			r->len = left;
		} else {
			r->base = e;
			r->len = right;
		}
		i++;
	}
}

int memmap_add(struct memmap *mm, uint64_t base, uint64_t len, uint32_t type,
	       struct out *log)
{
	if (len == 0) {
		oprintf(log, "memmap: zero-length %s range at 0x%llx: ignored\n",
		     memmap_type_name(type), U64(base));
		return -1;
	}
	if (len > UINT64_MAX - base) {
		oprintf(log, "memmap: %s range 0x%llx + 0x%llx wraps past 2^64: ignored\n",
		     memmap_type_name(type), U64(base), U64(len));
		return -1;
	}
	if (mm->n >= MEMMAP_MAX)
		memmap_normalize(mm);
	if (mm->n >= MEMMAP_MAX) {
		mm->truncated = true;
		if (type == MEM_USABLE) {
			oprintf(log, "memmap: full (%u ranges): usable [0x%llx-0x%llx) dropped\n",
			     MEMMAP_MAX, U64(base), U64(base + len));
			return -1;
		}
		carve_usable(mm, base, base + len);
		if (mm->n >= MEMMAP_MAX) {
			oprintf(log, "memmap: full (%u ranges): %s [0x%llx-0x%llx) "
			     "kept out of usable memory but not listed\n",
			     MEMMAP_MAX, memmap_type_name(type), U64(base),
			     U64(base + len));
			return -1;
		}
		oprintf(log, "memmap: full (%u ranges): usable memory under %s "
		     "[0x%llx-0x%llx) dropped to make room\n", MEMMAP_MAX,
		     memmap_type_name(type), U64(base), U64(base + len));
	}
	mm->r[mm->n].base = base;
	mm->r[mm->n].len = len;
	mm->r[mm->n].type = type;
	mm->n++;
	return 0;
}

/* The winning type at address x; false if no range covers x. */
static bool type_at(const struct memmap *mm, uint64_t x, uint32_t *type)
{
	bool found = false;

	for (unsigned i = 0; i < mm->n; i++) {
		const struct mem_range *r = &mm->r[i];
		if (!range_valid(r) || x < r->base || x >= range_end(r))
			continue;
		if (!found || type_beats(r->type, *type))
			*type = r->type;
		found = true;
	}
	return found;
}

/* The smallest range start or end above x; false if there is none. */
static bool next_boundary(const struct memmap *mm, uint64_t x, uint64_t *next)
{
	bool found = false;

	for (unsigned i = 0; i < mm->n; i++) {
		const struct mem_range *r = &mm->r[i];
		if (!range_valid(r))
			continue;
		uint64_t cand[2] = { r->base, range_end(r) };
		for (unsigned k = 0; k < 2; k++) {
			if (cand[k] > x && (!found || cand[k] < *next)) {
				*next = cand[k];
				found = true;
			}
		}
	}
	return found;
}

/*
 * Sweep the address space from boundary to boundary (every range start and
 * end); each elementary interval takes the winning type of the ranges that
 * cover it. O(n^2) for n <= MEMMAP_MAX: trivial at boot.
 */
void memmap_normalize(struct memmap *mm)
{
	struct mem_range out[MEMMAP_MAX];
	unsigned n = 0;
	bool have = false;
	uint64_t x = 0;

	for (unsigned i = 0; i < mm->n; i++) {
		if (range_valid(&mm->r[i]) && (!have || mm->r[i].base < x)) {
			x = mm->r[i].base;
			have = true;
		}
	}
	while (have) {
		uint32_t type = 0;
		uint64_t next = 0;
		bool covered = type_at(mm, x, &type);

		if (!next_boundary(mm, x, &next))
			break;
		if (covered) {
			if (n && out[n - 1].type == type && range_end(&out[n - 1]) == x) {
				out[n - 1].len += next - x;
			} else if (n < MEMMAP_MAX) {
				out[n].base = x;
				out[n].len = next - x;
				out[n].type = type;
				n++;
			} else {
				/* Drops the top of the map: becomes a hole. */
				mm->truncated = true;
				break;
			}
		}
		x = next;
	}
	memcpy(mm->r, out, n * sizeof(out[0]));
	mm->n = n;
}

uint64_t memmap_usable_bytes(const struct memmap *mm)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < mm->n; i++)
		if (mm->r[i].type == MEM_USABLE && range_valid(&mm->r[i]))
			sum += mm->r[i].len;
	return sum;
}

uint64_t memmap_highest_addr(const struct memmap *mm)
{
	uint64_t top = 0;

	for (unsigned i = 0; i < mm->n; i++)
		if (range_valid(&mm->r[i]) && range_end(&mm->r[i]) > top)
			top = range_end(&mm->r[i]);
	return top;
}

bool memmap_is_usable(const struct memmap *mm, uint64_t base, uint64_t len)
{
	if (len == 0 || len > UINT64_MAX - base)
		return false;
	uint64_t end = base + len;

	for (unsigned i = 0; i < mm->n; i++) {
		const struct mem_range *r = &mm->r[i];
		if (range_valid(r) && r->type != MEM_USABLE &&
		    r->base < end && range_end(r) > base)
			return false;
	}
	/* Walk the cursor through usable ranges; each step moves it forward. */
	uint64_t cur = base;
	while (cur < end) {
		uint64_t reach = cur;
		for (unsigned i = 0; i < mm->n; i++) {
			const struct mem_range *r = &mm->r[i];
			if (range_valid(r) && r->type == MEM_USABLE &&
			    r->base <= cur && range_end(r) > reach)
				reach = range_end(r);
		}
		if (reach == cur)
			return false;
		cur = reach;
	}
	return true;
}

static void print_size(struct out *o, uint64_t bytes)
{
	if (bytes % 1024)
		oprintf(o, "%llu B", U64(bytes));
	else if (bytes >= (1ULL << 20) && bytes % (1ULL << 20) == 0)
		oprintf(o, "%llu MiB", U64(bytes >> 20));
	else
		oprintf(o, "%llu KiB", U64(bytes >> 10));
}

void memmap_print(const struct memmap *mm, struct out *o)
{
	for (unsigned i = 0; i < mm->n; i++) {
		const struct mem_range *r = &mm->r[i];
		oprintf(o, "  [0x%016llx-0x%016llx) %-16s ", U64(r->base),
			U64(r->base + r->len), memmap_type_name(r->type));
		print_size(o, r->len);
		oputs(o, "\n");
	}
	oprintf(o, "  %u range(s), usable ", mm->n);
	print_size(o, memmap_usable_bytes(mm));
	oprintf(o, ", top 0x%llx%s\n", U64(memmap_highest_addr(mm)),
		mm->truncated ? ", TRUNCATED (some ranges dropped)" : "");
}

static bool overlaps_any(uint64_t base, uint64_t len,
			 const struct mem_range *ex, unsigned nex)
{
	for (unsigned i = 0; i < nex; i++) {
		if (!range_valid(&ex[i]))
			continue;
		if (ex[i].base < base + len && range_end(&ex[i]) > base)
			return true;
	}
	return false;
}

uint64_t memmap_find_low_page(const struct memmap *mm,
			      const struct mem_range *exclude, unsigned nexclude)
{
	for (uint64_t p = LOW_PAGE_LAST; p >= LOW_PAGE_FIRST; p -= PAGE_4K) {
		if (memmap_is_usable(mm, p, PAGE_4K) &&
		    !overlaps_any(p, PAGE_4K, exclude, nexclude))
			return p;
	}
	return 0;
}
