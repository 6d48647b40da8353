/* SPDX-License-Identifier: MIT */
/*
 * RSDP search and validation, the RSDT/XSDT walk, table lookup
 * (ACPI 6.5 sections 5.2.5 - 5.2.8). Pure code: memory through struct acpi_mem.
 */
#include <stdint.h>
#include "pure/acpi.h"
#include "lib/string.h"

#define EBDA_SEG_PTR    0x40e           /* BDA word: EBDA real-mode segment */
#define EBDA_SCAN_LEN   1024            /* 5.2.5.1: first 1 KiB of the EBDA */
#define BIOS_ROM_START  0xe0000
#define BIOS_ROM_END    0x100000        /* exclusive */

uint8_t acpi_checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/* map() with the wrap-around of phys + len ruled out. */
static const void *mem_map(const struct acpi_mem *mem, uint64_t phys, size_t len)
{
	if (len == 0 || phys > UINT64_MAX - len)
		return NULL;
	return mem->map(mem->ctx, phys, len);
}

/* A signature made printable for messages. */
static void sig_str(char out[5], const char *sig)
{
	for (int i = 0; i < 4; i++)
		out[i] = sig[i] >= 0x20 && sig[i] < 0x7f ? sig[i] : '?';
	out[4] = '\0';
}

/* The table's common name for messages: "MADT" for "APIC" and so on. */
static const char *table_name(char buf[5], const char *sig)
{
	if (memcmp(sig, ACPI_SIG_MADT, 4) == 0)
		return "MADT";
	if (memcmp(sig, ACPI_SIG_FADT, 4) == 0)
		return "FADT";
	sig_str(buf, sig);
	return buf;
}

static void rsdp_where(struct out *log, const char *src, uint64_t phys)
{
	if (src)
		oprintf(log, "acpi: RSDP from %s: ", src);
	else
		oprintf(log, "acpi: RSDP at 0x%llx: ", (unsigned long long)phys);
}

/*
 * Checks for both sources. `src` names a copy ("multiboot2 new-RSDP tag"),
 * or is NULL for an RSDP found at `phys`.
 */
static int rsdp_check(const void *p, size_t avail, const char *src, uint64_t phys,
		      struct acpi_rsdp_info *ri, struct out *log)
{
	const struct acpi_rsdp *r = p;
	uint8_t sum;

	memset(ri, 0, sizeof(*ri));
	if (avail < ACPI_RSDP_V1_LEN) {
		rsdp_where(log, src, phys);
		oprintf(log, "only %zu bytes\n", avail);
		return -1;
	}
	if (memcmp(r->signature, ACPI_SIG_RSDP, 8) != 0) {
		rsdp_where(log, src, phys);
		oprintf(log, "bad signature\n");
		return -1;
	}
	sum = acpi_checksum(r, ACPI_RSDP_V1_LEN);
	if (sum != 0) {
		rsdp_where(log, src, phys);
		oprintf(log, "bad checksum (sum 0x%02x)\n", sum);
		return -1;
	}
	ri->phys = src ? 0 : phys;
	ri->revision = r->revision;
	memcpy(ri->oem_id, r->oem_id, 6);
	ri->oem_id[6] = '\0';
	ri->rsdt_addr = r->rsdt_address;
	if (r->revision < 2)
		return 0;

	if (avail < sizeof(*r)) {
		rsdp_where(log, src, phys);
		oprintf(log, "revision %u but only %zu bytes, using the RSDT\n",
			r->revision, avail);
		return 0;
	}
	if (r->length < sizeof(*r) || r->length > ACPI_RSDP_MAX_LEN ||
	    r->length > avail) {
		rsdp_where(log, src, phys);
		oprintf(log, "bad length %u (%zu bytes available), using the RSDT\n",
			r->length, avail);
		return 0;
	}
	sum = acpi_checksum(r, r->length);
	if (sum != 0) {
		rsdp_where(log, src, phys);
		oprintf(log, "bad extended checksum (sum 0x%02x), using the RSDT\n",
			sum);
		return 0;
	}
	ri->ext_valid = true;
	ri->xsdt_addr = r->xsdt_address;
	return 0;
}

int acpi_rsdp_parse(const void *rsdp, size_t avail, struct acpi_rsdp_info *ri,
		    struct out *log)
{
	return rsdp_check(rsdp, avail, "a copy", 0, ri, log);
}

int acpi_rsdp_from_mb2(const void *new_rsdp, size_t new_len,
		       const void *old_rsdp, size_t old_len,
		       struct acpi_rsdp_info *ri, struct out *log)
{
	if (new_rsdp &&
	    rsdp_check(new_rsdp, new_len, "multiboot2 new-RSDP tag", 0, ri, log) == 0)
		return 0;
	if (old_rsdp &&
	    rsdp_check(old_rsdp, old_len, "multiboot2 old-RSDP tag", 0, ri, log) == 0)
		return 0;
	memset(ri, 0, sizeof(*ri));
	return -1;
}

/* Validate a candidate whose signature matched at `phys`. */
static int rsdp_at(const struct acpi_mem *mem, uint64_t phys,
		   struct acpi_rsdp_info *ri, struct out *log)
{
	const struct acpi_rsdp *r = mem_map(mem, phys, ACPI_RSDP_V1_LEN);
	size_t avail = ACPI_RSDP_V1_LEN;

	if (!r)
		return -1;
	if (r->revision >= 2) {
		const struct acpi_rsdp *full = mem_map(mem, phys, sizeof(*full));
		const struct acpi_rsdp *all = NULL;

		if (full) {
			r = full;
			avail = sizeof(*full);
			if (full->length > sizeof(*full) &&
			    full->length <= ACPI_RSDP_MAX_LEN)
				all = mem_map(mem, phys, full->length);
		}
		if (all) {
			r = all;
			avail = all->length;
		}
	}
	return rsdp_check(r, avail, NULL, phys, ri, log);
}

static int scan_area(const struct acpi_mem *mem, uint64_t start, size_t len,
		     struct acpi_rsdp_info *ri, struct out *log)
{
	const char *p = mem_map(mem, start, len);

	if (!p) {
		oprintf(log, "acpi: cannot map 0x%llx-0x%llx for the RSDP search\n",
			(unsigned long long)start,
			(unsigned long long)(start + len - 1));
		return -1;
	}
	for (size_t off = 0; off + ACPI_RSDP_V1_LEN <= len; off += 16) {
		if (memcmp(p + off, ACPI_SIG_RSDP, 8) == 0 &&
		    rsdp_at(mem, start + off, ri, log) == 0)
			return 0;
	}
	return -1;
}

int acpi_rsdp_scan(const struct acpi_mem *mem, struct acpi_rsdp_info *ri,
		   struct out *log)
{
	const uint8_t *bda = mem_map(mem, EBDA_SEG_PTR, 2);

	memset(ri, 0, sizeof(*ri));
	if (bda) {
		uint64_t ebda = (uint64_t)(bda[0] | bda[1] << 8) << 4;
		/* 0 means no EBDA; an address inside the BDA is garbage. */
		if (ebda >= 0x500 && scan_area(mem, ebda, EBDA_SCAN_LEN, ri, log) == 0)
			return 0;
	}
	if (scan_area(mem, BIOS_ROM_START, BIOS_ROM_END - BIOS_ROM_START, ri, log) == 0)
		return 0;
	memset(ri, 0, sizeof(*ri));
	oprintf(log, "acpi: no RSDP found in the EBDA or 0x%x-0x%x\n",
		BIOS_ROM_START, BIOS_ROM_END - 1);
	return -1;
}

const struct acpi_sdt_header *acpi_map_table(const struct acpi_mem *mem,
					     uint64_t phys, const char *sig,
					     struct out *log)
{
	const struct acpi_sdt_header *h = mem_map(mem, phys, sizeof(*h));
	char buf[5];
	const char *name;
	uint8_t sum;

	if (!h) {
		oprintf(log, "acpi: %s at 0x%llx not mapped\n", sig ? sig : "table",
			(unsigned long long)phys);
		return NULL;
	}
	if (sig && memcmp(h->signature, sig, 4) != 0) {
		sig_str(buf, h->signature);
		oprintf(log, "acpi: expected %s at 0x%llx, found '%s'\n", sig,
			(unsigned long long)phys, buf);
		return NULL;
	}
	name = table_name(buf, h->signature);
	if (h->length < sizeof(*h)) {
		oprintf(log, "acpi: %s at 0x%llx length %u too short\n", name,
			(unsigned long long)phys, h->length);
		return NULL;
	}
	h = mem_map(mem, phys, h->length);
	if (!h) {
		oprintf(log, "acpi: %s at 0x%llx runs past mapped memory\n", name,
			(unsigned long long)phys);
		return NULL;
	}
	sum = acpi_checksum(h, h->length);
	if (sum != 0) {
		oprintf(log, "acpi: %s at 0x%llx bad checksum (sum 0x%02x)\n", name,
			(unsigned long long)phys, sum);
		return NULL;
	}
	return h;
}

int acpi_init(struct acpi *a, const struct acpi_mem *mem,
	      const struct acpi_rsdp_info *ri, struct out *log)
{
	const struct acpi_sdt_header *h = NULL;
	size_t esize, body;

	memset(a, 0, sizeof(*a));
	a->mem = *mem;
	a->log = log;
	a->rsdp = *ri;

	if (ri->ext_valid && ri->xsdt_addr) {
		h = acpi_map_table(mem, ri->xsdt_addr, ACPI_SIG_XSDT, log);
		if (h) {
			a->xsdt = true;
			a->root_phys = ri->xsdt_addr;
		} else {
			oprintf(log, "acpi: XSDT unusable, falling back to the RSDT\n");
		}
	}
	if (!h && ri->rsdt_addr) {
		h = acpi_map_table(mem, ri->rsdt_addr, ACPI_SIG_RSDT, log);
		a->root_phys = ri->rsdt_addr;
	}
	if (!h) {
		oprintf(log, "acpi: no usable RSDT or XSDT\n");
		a->root_phys = 0;
		return -1;
	}
	a->root = h;
	esize = a->xsdt ? 8 : 4;
	body = h->length - sizeof(*h);
	a->nentries = (unsigned)(body / esize);
	if (body % esize)
		oprintf(log, "acpi: %s length %u is not a whole number of entries\n",
			a->xsdt ? ACPI_SIG_XSDT : ACPI_SIG_RSDT, h->length);
	return 0;
}

static uint64_t root_entry(const struct acpi *a, unsigned i)
{
	if (a->xsdt)
		return ((const struct acpi_xsdt *)a->root)->entry[i];
	return ((const struct acpi_rsdt *)a->root)->entry[i];
}

const struct acpi_sdt_header *acpi_find_table(const struct acpi *a,
					      const char sig[4], int instance)
{
	if (!a->root || instance < 0)
		return NULL;
	for (unsigned i = 0; i < a->nentries; i++) {
		uint64_t phys = root_entry(a, i);
		const struct acpi_sdt_header *h;

		if (phys == 0)
			continue;
		h = mem_map(&a->mem, phys, sizeof(*h));
		if (!h) {
			oprintf(a->log, "acpi: %s entry %u (0x%llx) not mapped\n",
				a->xsdt ? ACPI_SIG_XSDT : ACPI_SIG_RSDT, i,
				(unsigned long long)phys);
			continue;
		}
		if (memcmp(h->signature, sig, 4) != 0)
			continue;
		h = acpi_map_table(&a->mem, phys, NULL, a->log);
		if (h && instance-- == 0)
			return h;
	}
	return NULL;
}
