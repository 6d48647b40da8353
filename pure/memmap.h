/* SPDX-License-Identifier: MIT */
/*
 * Physical memory map: a fixed-size list of typed ranges, filled from the
 * multiboot2 BIOS (E820-style) or EFI memory map, then normalized.
 *
 * Pure code. Safety rule kept by every function here: only ranges typed
 * MEM_USABLE are ever treated as free memory; a hole (an address no range
 * covers) is not usable. So whenever a limit forces something to be dropped,
 * dropping can only lose usable memory, never make reserved memory usable.
 */
#ifndef PV_PURE_MEMMAP_H
#define PV_PURE_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/out.h"

/*
 * Ranges kept. A BIOS map has ~5-20 entries; an OVMF EFI map ~100
 * descriptors that merge down to ~10-20. memmap_add() compacts a full map by
 * normalizing it before giving up.
 */
#define MEMMAP_MAX 128

/* Types 1-5 match the multiboot2 / ACPI address range types (spec 3.6.8). */
enum mem_type {
	MEM_USABLE       = 1,
	MEM_RESERVED     = 2,
	MEM_ACPI_RECLAIM = 3,   /* ACPI tables; usable once parsed (we never reclaim) */
	MEM_ACPI_NVS     = 4,   /* must be preserved across sleep */
	MEM_BAD          = 5,   /* defective RAM */
	MEM_PERSISTENT   = 7,   /* ACPI type 7: persistent memory (NVDIMM) */
	MEM_EFI_RUNTIME  = 0x100, /* EFI runtime services code/data */
	MEM_MMIO         = 0x101, /* EFI memory-mapped I/O (incl. port space) */
};

struct mem_range {
	uint64_t base;
	uint64_t len;
	uint32_t type;          /* enum mem_type */
};

struct memmap {
	struct mem_range r[MEMMAP_MAX];
	unsigned n;
	bool truncated;         /* something was dropped for lack of room */
};

void memmap_init(struct memmap *mm);

/*
 * Append [base, base+len). Rejects (with a message on log; log may be NULL)
 * zero-length ranges and ranges whose end does not fit in 64 bits.
 * When the map is full it is normalized to make room; if still full, a
 * usable range is dropped and a non-usable one is carved out of the usable
 * ranges it overlaps (then stored if that freed a slot); truncated is set.
 * Returns 0 if stored, -1 if rejected or dropped.
 */
int memmap_add(struct memmap *mm, uint64_t base, uint64_t len, uint32_t type,
	       struct out *log);

/*
 * Sort by base, resolve overlaps (the higher-priority type wins:
 * usable < ACPI reclaim < ACPI NVS < reserved, EFI runtime, MMIO,
 * persistent, unknown < bad), merge adjacent ranges of the same type.
 * Uses MEMMAP_MAX ranges (~3 KiB) of stack. If the result needs more than
 * MEMMAP_MAX ranges the highest ones are dropped and truncated is set.
 */
void memmap_normalize(struct memmap *mm);

/* Sum of usable bytes; exact on a normalized map. */
uint64_t memmap_usable_bytes(const struct memmap *mm);
/* One past the highest byte covered by any range (any type); 0 if empty. */
uint64_t memmap_highest_addr(const struct memmap *mm);
/*
 * True if every byte of [base, base+len) is covered by usable ranges and by
 * no other range (so correct on a map that is not normalized too).
 * False for len == 0 or a range that wraps.
 */
bool memmap_is_usable(const struct memmap *mm, uint64_t base, uint64_t len);

const char *memmap_type_name(uint32_t type);
/* One line per range: "  [0x...-0x...) 123456 KiB usable", then totals. */
void memmap_print(const struct memmap *mm, struct out *o);

/*
 * The highest 4 KiB page with base in [0x1000, 0x9F000] that is fully usable
 * and overlaps none of exclude[0..nexclude); 0 if there is none.
 * For the AP startup trampoline (SIPI vector = page number, below 1 MiB).
 */
uint64_t memmap_find_low_page(const struct memmap *mm,
			      const struct mem_range *exclude, unsigned nexclude);

#endif
