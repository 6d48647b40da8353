/* SPDX-License-Identifier: MIT */
/*
 * pure/acpi.c with pure/madt.c, spcr.c, dmar.c, ivrs.c: the kernel's ACPI
 * path (kernel/acpi_discover.c) over fuzzed memory. RSDP from the multiboot2
 * tags (else the BIOS-area scan), XSDT or RSDT, then every table picovisor
 * reads, through acpi_find_table() and its parser.
 *
 * Input: 36 bytes of RSDP (the new-RSDP tag; its first 20 bytes are also the
 * old-RSDP tag), a little-endian u64 physical base, then the bytes of
 * physical memory from that base on (the window; nothing else is mapped).
 * Before the run the harness makes the checksums valid: both RSDP sums, the
 * root tables the RSDP names and each table their entries name, where those
 * lie in the window. Corpus: tables dumped from QEMU (tests/fuzz/mkcorpus.py).
 */
#include "tests/fuzz/fuzz.h"
#include "pure/acpi.h"
#include "pure/dmar.h"
#include "pure/ivrs.h"
#include "pure/madt.h"
#include "pure/spcr.h"
#include "pure/srat.h"

#define RSDP_LEN        36
#define HDR_LEN         (RSDP_LEN + 8)

struct window {
	uint64_t base;
	uint8_t *mem;
	size_t len;
};

static const void *map(void *ctx, uint64_t phys, size_t len)
{
	const struct window *w = ctx;

	if (phys < w->base || phys - w->base > w->len || len > w->len - (phys - w->base))
		return NULL;
	return w->mem + (phys - w->base);
}

/* Pointer into the window for a table at phys, with the bytes left after it. */
static uint8_t *in_window(const struct window *w, uint64_t phys, size_t *left)
{
	if (phys < w->base || phys - w->base >= w->len)
		return NULL;
	*left = w->len - (size_t)(phys - w->base);
	return w->mem + (phys - w->base);
}

static void fix_root(const struct window *w, uint64_t phys, unsigned esize)
{
	size_t left, len;
	uint8_t *t = in_window(w, phys, &left);

	if (!t || left < 36)
		return;
	len = fuzz_le32(t + 4);
	len = len < left ? len : left;
	for (size_t off = 36; off + esize <= len; off += esize) {
		uint64_t e = esize == 8 ? fuzz_le64(t + off) : fuzz_le32(t + off);
		size_t eleft;
		uint8_t *et = in_window(w, e, &eleft);

		if (et && et != t)
			fuzz_fix_table(et, eleft);
	}
	fuzz_fix_table(t, left);
}

static void tables(const struct acpi *a, struct out *log)
{
	static struct madt_info madt;
	static struct dmar_info dmar;
	static struct ivrs_info ivrs;
	struct spcr_info spcr;
	const struct acpi_sdt_header *h;

	if ((h = acpi_find_table(a, ACPI_SIG_SPCR, 0)))
		(void)spcr_parse(h, h->length, &spcr, log);
	if ((h = acpi_find_table(a, ACPI_SIG_MADT, 0))) {
		unsigned cap = madt_cpus_max(h->length);
		struct madt_cpu *buf = malloc(2 * (size_t)cap * sizeof(*buf) + 1);

		madt_set_storage(&madt, buf, cap);
		if (madt_parse(h, h->length, &madt, log) == 0)
			madt_print(&madt, log);
		free(buf);
	}
	if ((h = acpi_find_table(a, ACPI_SIG_SRAT, 0))) {
		static struct srat_info srat;
		unsigned cap = srat_cpus_max(h->length);
		struct srat_cpu *buf = malloc((size_t)cap * sizeof(*buf) + 1);

		srat_set_storage(&srat, buf, cap);
		if (srat_parse(h, h->length, &srat, log) == 0)
			srat_print(&srat, log);
		free(buf);
	}
	if ((h = acpi_find_table(a, ACPI_SIG_DMAR, 0)) && dmar_parse(h, h->length, &dmar, log) == 0)
		dmar_print(&dmar, log);
	if ((h = acpi_find_table(a, ACPI_SIG_IVRS, 0)) && ivrs_parse(h, h->length, &ivrs, log) == 0)
		ivrs_print(&ivrs, log);
	/* A second instance: the walk past the first one. */
	(void)acpi_find_table(a, ACPI_SIG_MADT, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_mem mem = { .map = map };
	struct acpi_rsdp_info ri;
	struct window w;
	struct acpi a;
	uint8_t *rsdp;
	struct out *log = fuzz_out();

	if (size < HDR_LEN)
		return 0;
	rsdp = fuzz_copy(data, RSDP_LEN);
	w.base = fuzz_le64(data + RSDP_LEN);
	w.len = size - HDR_LEN;
	w.mem = fuzz_copy(data + HDR_LEN, w.len);
	mem.ctx = &w;

	fuzz_fix_checksum(rsdp, 20, 8);
	fuzz_fix_checksum(rsdp, RSDP_LEN, 32);
	fix_root(&w, fuzz_le64(rsdp + 24), 8);
	fix_root(&w, fuzz_le32(rsdp + 16), 4);

	if (acpi_rsdp_from_mb2(rsdp[15] >= 2 ? rsdp : NULL, RSDP_LEN, rsdp, 20, &ri, log) == 0 ||
	    acpi_rsdp_scan(&mem, &ri, log) == 0) {
		if (acpi_init(&a, &mem, &ri, log) == 0)
			tables(&a, log);
	}
	free(w.mem);
	free(rsdp);
	return 0;
}
