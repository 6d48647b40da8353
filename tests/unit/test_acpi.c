/* SPDX-License-Identifier: MIT */
/*
 * RSDP search and validation, the RSDT/XSDT choice and table lookup, on fake
 * physical memory: heap blocks of exactly the region's size at fake
 * physical addresses, so the sanitizer build catches a read past a region.
 * One named case per memory layout.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pure/acpi.h"
#include "pure/madt.h"
#include "pure/spcr.h"
#include "lib/bits.h"

/* ---- fake physical memory ------------------------------------------------------ */

#define LOW_BASE    0x0ull              /* BDA, EBDA, BIOS ROM area */
#define LOW_SIZE    0x100000u
#define HIGH_BASE   0x7fe0000ull        /* tables, as firmware puts them near top of RAM */
#define HIGH_SIZE   0x10000u
#define TOP_BASE    0x100000000ull      /* above 4 GiB: reachable through the XSDT only */
#define TOP_SIZE    0x1000u

#define EBDA_SEG    0x9fc0u
#define EBDA        0x9fc00ull
#define ROM_RSDP    0xf6a20ull          /* where the Bochs BIOS leaves it */

#define RSDT        0x7fe0000ull
#define RSDT2       0x7fe0080ull
#define XSDT        0x7fe0100ull
#define FACP        0x7fe0200ull
#define MADT_A      0x7fe1000ull        /* 4 CPUs */
#define MADT_B      0x7fe2000ull        /* 2 CPUs */
#define SPCR        0x7fe3000ull
#define MADT_TOP    0x100000000ull
#define HIGH_END_TABLE 0x7feffd0ull     /* 48 bytes before the end of HIGH */

struct region {
	uint64_t phys;
	size_t len;
	uint8_t *buf;
};

struct world {
	struct region r[3];
	struct acpi_mem mem;
	/* multiboot2 tag copies; use_mb2 selects them over the BIOS scan */
	bool use_mb2;
	uint8_t *mb2_new, *mb2_old;
	size_t mb2_new_len, mb2_old_len;
};

static const void *fake_map(void *ctx, uint64_t phys, size_t len)
{
	struct world *w = ctx;

	for (size_t i = 0; i < ARRAY_SIZE(w->r); i++) {
		const struct region *r = &w->r[i];
		if (phys >= r->phys && len <= r->len && phys - r->phys <= r->len - len)
			return r->buf + (phys - r->phys);
	}
	return NULL;
}

static void world_init(struct world *w)
{
	static const struct { uint64_t phys; size_t len; } layout[] = {
		{ LOW_BASE, LOW_SIZE }, { HIGH_BASE, HIGH_SIZE }, { TOP_BASE, TOP_SIZE },
	};

	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		w->r[i].phys = layout[i].phys;
		w->r[i].len = layout[i].len;
		w->r[i].buf = calloc(1, layout[i].len);
		assert_non_null(w->r[i].buf);
	}
	w->mem.map = fake_map;
	w->mem.ctx = w;
}

static void world_free(struct world *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(w->r); i++)
		free(w->r[i].buf);
	free(w->mb2_new);
	free(w->mb2_old);
	memset(w, 0, sizeof(*w));
}

/* The world of the running test; freed by the teardown even when it fails. */
static struct world cur;

static int teardown_world(void **state)
{
	(void)state;
	world_free(&cur);
	return 0;
}

/* Writable bytes at a fake physical address; the test fails if unmapped. */
static uint8_t *at(struct world *w, uint64_t phys, size_t len)
{
	uint8_t *p = (uint8_t *)fake_map(w, phys, len);

	assert_non_null(p);
	return p;
}

/* ---- table builder ------------------------------------------------------------- */

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* An SDT: header + body, length and checksum filled in. */
static uint8_t *put_sdt(struct world *w, uint64_t phys, const char *sig, uint8_t rev,
			const void *body, size_t body_len)
{
	size_t len = sizeof(struct acpi_sdt_header) + body_len;
	uint8_t *t = at(w, phys, len);

	memset(t, 0, sizeof(struct acpi_sdt_header));
	memcpy(t, sig, 4);
	put_u32(t + 4, (uint32_t)len);
	t[8] = rev;
	memcpy(t + 10, "PVTEST", 6);
	memcpy(t + 16, "PVTABLES", 8);
	if (body_len)
		memcpy(t + 36, body, body_len);
	t[9] = (uint8_t)-sum8(t, len);
	return t;
}

/* Recompute an SDT's checksum after editing it. */
static void fix_sdt(uint8_t *t)
{
	uint32_t len;

	memcpy(&len, t + 4, 4);
	t[9] = 0;
	t[9] = (uint8_t)-sum8(t, len);
}

static void put_rsdt(struct world *w, uint64_t phys, const uint32_t *e, size_t n)
{
	put_sdt(w, phys, "RSDT", 1, e, n * 4);
}

static void put_xsdt(struct world *w, uint64_t phys, const uint64_t *e, size_t n)
{
	put_sdt(w, phys, "XSDT", 1, e, n * 8);
}

static void put_facp(struct world *w, uint64_t phys)
{
	uint8_t body[40] = { 0 };

	put_sdt(w, phys, "FACP", 6, body, sizeof(body));
}

/* Bochs-like MADT: n type-0 entries, an I/O APIC and two overrides. */
static uint8_t *put_madt(struct world *w, uint64_t phys, unsigned n)
{
	uint8_t body[8 + 16 * 8 + 12 + 20] = { 0 };
	size_t len = 8;

	put_u32(body, 0xfee00000);
	put_u32(body + 4, ACPI_MADT_PCAT_COMPAT);
	for (unsigned i = 0; i < n; i++, len += 8) {
		uint8_t e[8] = { ACPI_MADT_TYPE_LOCAL_APIC, 8, (uint8_t)i, (uint8_t)i,
				 ACPI_MADT_ENABLED };
		memcpy(body + len, e, 8);
	}
	uint8_t io[12] = { ACPI_MADT_TYPE_IO_APIC, 12, (uint8_t)n, 0, 0, 0, 0xc0, 0xfe };
	memcpy(body + len, io, 12);
	len += 12;
	uint8_t iso[20] = { ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, 10, 0, 0, 2, 0, 0, 0, 0, 0,
			    ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, 10, 0, 9, 9, 0, 0, 0, 0xd, 0 };
	memcpy(body + len, iso, 20);
	len += 20;
	return put_sdt(w, phys, "APIC", 1, body, len);
}

static void put_spcr(struct world *w, uint64_t phys, uint16_t port)
{
	uint8_t body[80 - 36] = { 0 };

	body[0] = ACPI_DBG2_16550_COMPATIBLE;
	body[4] = ACPI_GAS_SPACE_IO;
	body[5] = 8;
	body[7] = ACPI_GAS_ACCESS_BYTE;
	put_u64(body + 8, port);
	body[22] = SPCR_BAUD_115200;
	put_sdt(w, phys, "SPCR", 2, body, sizeof(body));
}

/* RSDP bytes: revision 0 uses 20 of them, revision 2 all 36. */
static void rsdp_bytes(uint8_t p[36], uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "PVTEST", 6);
	p[15] = rev;
	put_u32(p + 16, rsdt);
	p[8] = (uint8_t)-sum8(p, 20);
	if (rev >= 2) {
		put_u32(p + 20, 36);
		put_u64(p + 24, xsdt);
		p[32] = (uint8_t)-sum8(p, 36);
	}
}

static uint8_t *put_rsdp(struct world *w, uint64_t phys, uint8_t rev, uint32_t rsdt,
			 uint64_t xsdt)
{
	uint8_t tmp[36];
	size_t n = rev >= 2 ? 36 : 20;
	uint8_t *p = at(w, phys, n);

	rsdp_bytes(tmp, rev, rsdt, xsdt);
	memcpy(p, tmp, n);
	return p;
}

static uint8_t *mb2_copy(uint8_t rev, uint32_t rsdt, uint64_t xsdt, size_t *len)
{
	uint8_t tmp[36];
	uint8_t *p;

	*len = rev >= 2 ? 36 : 20;
	p = malloc(*len);
	assert_non_null(p);
	rsdp_bytes(tmp, rev, rsdt, xsdt);
	memcpy(p, tmp, *len);
	return p;
}

static void set_ebda(struct world *w, uint16_t seg)
{
	uint8_t *bda = at(w, 0x40e, 2);

	bda[0] = (uint8_t)seg;
	bda[1] = (uint8_t)(seg >> 8);
}

/* ---- layouts ---------------------------------------------------------------------- */

/* The Bochs BIOS: RSDP revision 0 in the ROM area, RSDT only, EBDA without RSDP. */
static void l_bochs(struct world *w)
{
	const uint32_t rsdt[] = { FACP, MADT_A };

	set_ebda(w, EBDA_SEG);
	put_rsdp(w, ROM_RSDP, 0, RSDT, 0);
	put_rsdt(w, RSDT, rsdt, ARRAY_SIZE(rsdt));
	put_facp(w, FACP);
	put_madt(w, MADT_A, 4);
}

/* OVMF-like: RSDP revision 2 from the multiboot2 new-RSDP tag, XSDT and RSDT
 * (here listing different MADTs, to tell which root was used), an SPCR. */
static void ovmf_tables(struct world *w)
{
	const uint32_t rsdt[] = { FACP, MADT_B };
	const uint64_t xsdt[] = { FACP, MADT_A, SPCR };

	put_rsdt(w, RSDT, rsdt, ARRAY_SIZE(rsdt));
	put_xsdt(w, XSDT, xsdt, ARRAY_SIZE(xsdt));
	put_facp(w, FACP);
	put_madt(w, MADT_A, 4);
	put_madt(w, MADT_B, 2);
	put_spcr(w, SPCR, 0x2f8);
}

static void l_ovmf(struct world *w)
{
	ovmf_tables(w);
	w->use_mb2 = true;
	w->mb2_new = mb2_copy(2, RSDT, XSDT, &w->mb2_new_len);
	w->mb2_old = mb2_copy(0, RSDT, 0, &w->mb2_old_len);
}

static void l_ovmf_xsdt_bad_checksum(struct world *w)
{
	l_ovmf(w);
	at(w, XSDT, 40)[37] ^= 0x10;
}

static void l_ovmf_xsdt_zero(struct world *w)
{
	ovmf_tables(w);
	w->use_mb2 = true;
	w->mb2_new = mb2_copy(2, RSDT, 0, &w->mb2_new_len);
}

static void l_ovmf_xsdt_wrong_sig(struct world *w)
{
	ovmf_tables(w);
	w->use_mb2 = true;
	w->mb2_new = mb2_copy(2, RSDT, MADT_A, &w->mb2_new_len);
}

static void l_ovmf_xsdt_unmapped(struct world *w)
{
	ovmf_tables(w);
	w->use_mb2 = true;
	w->mb2_new = mb2_copy(2, RSDT, 0x200000000ull, &w->mb2_new_len);
}

static void l_mb2_new_bad_old_ok(struct world *w)
{
	l_ovmf(w);
	w->mb2_new[9] ^= 1;
}

static void l_mb2_old_only(struct world *w)
{
	ovmf_tables(w);
	w->use_mb2 = true;
	w->mb2_old = mb2_copy(0, RSDT, 0, &w->mb2_old_len);
}

static void l_mb2_new_ext_bad(struct world *w)
{
	l_ovmf(w);
	w->mb2_new[33] ^= 1;
}

static void l_mb2_none(struct world *w)
{
	ovmf_tables(w);
	w->use_mb2 = true;
}

static void l_rsdp_ext_bad(struct world *w)
{
	ovmf_tables(w);
	put_rsdp(w, ROM_RSDP, 2, RSDT, XSDT)[32] ^= 0x80;
}

static void l_rsdp_v2_scan(struct world *w)
{
	ovmf_tables(w);
	put_rsdp(w, ROM_RSDP, 2, RSDT, XSDT);
}

static void l_rsdp_bad_length(struct world *w)
{
	uint8_t *p;

	ovmf_tables(w);
	p = put_rsdp(w, ROM_RSDP, 2, RSDT, XSDT);
	put_u32(p + 20, 20);
	p[32] = 0;
	p[32] = (uint8_t)-sum8(p, 36);
}

/* 16 bytes before 1 MiB: its extended part lies beyond the mapped area. */
static void l_rsdp_v2_at_rom_end(struct world *w)
{
	uint8_t tmp[36];

	ovmf_tables(w);
	rsdp_bytes(tmp, 2, RSDT, XSDT);
	memcpy(at(w, 0xffff0, 16), tmp, 16);
}

static void l_rsdp_v2_at_rom_end_20(struct world *w)
{
	uint8_t tmp[36];

	ovmf_tables(w);
	rsdp_bytes(tmp, 2, RSDT, XSDT);
	memcpy(at(w, 0xfffe0, 32), tmp, 32);
}

static void l_rsdp_bad_then_good(struct world *w)
{
	l_bochs(w);
	put_rsdp(w, 0xe0000, 0, RSDT2, 0)[8] += 7;
}

static void l_ebda(struct world *w)
{
	const uint32_t rsdt[] = { MADT_B };
	const uint32_t rsdt2[] = { MADT_A };

	set_ebda(w, EBDA_SEG);
	put_rsdp(w, EBDA + 0x30, 0, RSDT, 0);
	put_rsdp(w, ROM_RSDP, 0, RSDT2, 0);
	put_rsdt(w, RSDT, rsdt, ARRAY_SIZE(rsdt));
	put_rsdt(w, RSDT2, rsdt2, ARRAY_SIZE(rsdt2));
	put_madt(w, MADT_A, 4);
	put_madt(w, MADT_B, 2);
}

/* Only the first KiB of the EBDA is searched. */
static void l_ebda_past_first_kib(struct world *w)
{
	set_ebda(w, EBDA_SEG);
	put_rsdp(w, EBDA + 0x400, 0, RSDT, 0);
}

static void l_nothing(struct world *w)
{
	set_ebda(w, EBDA_SEG);
}

static void l_madt_bad_checksum(struct world *w)
{
	l_bochs(w);
	at(w, MADT_A, 50)[45] ^= 1;
}

static void l_madt_bad_then_good(struct world *w)
{
	const uint32_t rsdt[] = { MADT_A, FACP, MADT_B };

	l_bochs(w);
	put_madt(w, MADT_B, 2);
	put_rsdt(w, RSDT, rsdt, ARRAY_SIZE(rsdt));
	at(w, MADT_A, 50)[45] ^= 1;
}

static void l_madt_past_mapped(struct world *w)
{
	const uint32_t rsdt[] = { FACP, HIGH_END_TABLE };
	uint8_t *t;

	l_bochs(w);
	put_rsdt(w, RSDT, rsdt, ARRAY_SIZE(rsdt));
	t = put_sdt(w, HIGH_END_TABLE, "APIC", 1, "\0\0\xe0\xfe\1\0\0\0", 8);
	put_u32(t + 4, 0x100);
}

static void l_madt_length_short(struct world *w)
{
	uint8_t *t;

	l_bochs(w);
	t = at(w, MADT_A, 36);
	put_u32(t + 4, 20);
	fix_sdt(t);
}

static void l_rsdt_entry_unmapped(struct world *w)
{
	const uint32_t rsdt[] = { 0x30000000, 0, MADT_A };

	l_bochs(w);
	put_rsdt(w, RSDT, rsdt, ARRAY_SIZE(rsdt));
}

static void l_xsdt_above_4g(struct world *w)
{
	const uint64_t xsdt[] = { FACP, MADT_TOP };

	l_ovmf(w);
	put_xsdt(w, XSDT, xsdt, ARRAY_SIZE(xsdt));
	put_madt(w, MADT_TOP, 3);
}

static void l_rsdt_bad_checksum(struct world *w)
{
	l_bochs(w);
	at(w, RSDT, 40)[36] ^= 4;
}

static void l_rsdt_odd_length(struct world *w)
{
	uint8_t *t;

	l_bochs(w);
	t = at(w, RSDT, 44);
	put_u32(t + 4, 42);
	fix_sdt(t);
}

static void l_rsdt_past_mapped(struct world *w)
{
	uint8_t *t;

	l_bochs(w);
	t = at(w, RSDT, 44);
	put_u32(t + 4, 0x100000);      /* the checksum is never reached */
}

/* ---- cases ------------------------------------------------------------------------ */

struct acpi_case {
	const char *name;
	void (*layout)(struct world *w);
	int rc_rsdp;
	uint64_t rsdp_phys;
	uint8_t rsdp_rev;
	bool ext_valid;
	int rc_init;
	bool xsdt;
	uint64_t madt;          /* where the first valid MADT is, 0: none */
	unsigned ncpus;
	uint16_t spcr_port;     /* 0: no SPCR */
	const char *log[3];     /* each expected in the output; none: no output */
};

static const struct acpi_case cases[] = {
	{ "bochs_rom_rsdp_rev0_rsdt_only", l_bochs, 0, ROM_RSDP, 0, false, 0, false,
	  MADT_A, 4, .log = { NULL } },
	{ "ovmf_mb2_new_rsdp_prefers_xsdt", l_ovmf, 0, 0, 2, true, 0, true,
	  MADT_A, 4, 0x2f8, .log = { NULL } },
	{ "ovmf_bad_xsdt_checksum_falls_back_to_rsdt", l_ovmf_xsdt_bad_checksum,
	  0, 0, 2, true, 0, false, MADT_B, 2,
	  .log = { "acpi: XSDT at 0x7fe0100 bad checksum (sum 0x10)\n",
		   "acpi: XSDT unusable, falling back to the RSDT\n" } },
	{ "rev2_xsdt_address_zero_uses_rsdt", l_ovmf_xsdt_zero, 0, 0, 2, true, 0,
	  false, MADT_B, 2, .log = { NULL } },
	{ "xsdt_address_points_to_madt", l_ovmf_xsdt_wrong_sig, 0, 0, 2, true, 0,
	  false, MADT_B, 2,
	  .log = { "acpi: expected XSDT at 0x7fe1000, found 'APIC'\n" } },
	{ "xsdt_unmapped", l_ovmf_xsdt_unmapped, 0, 0, 2, true, 0, false, MADT_B, 2,
	  .log = { "acpi: XSDT at 0x200000000 not mapped\n" } },
	{ "mb2_new_rsdp_bad_old_used", l_mb2_new_bad_old_ok, 0, 0, 0, false, 0,
	  false, MADT_B, 2,
	  .log = { "acpi: RSDP from multiboot2 new-RSDP tag: bad checksum (sum 0x01)\n" } },
	{ "mb2_old_rsdp_only", l_mb2_old_only, 0, 0, 0, false, 0, false, MADT_B, 2, .log = { NULL } },
	{ "mb2_new_rsdp_bad_extended_checksum", l_mb2_new_ext_bad, 0, 0, 2, false, 0,
	  false, MADT_B, 2,
	  .log = { "acpi: RSDP from multiboot2 new-RSDP tag: bad extended checksum (sum 0x01), using the RSDT\n" } },
	{ "mb2_no_tags", l_mb2_none, -1, .log = { NULL } },
	{ "scan_rsdp_rev2_xsdt", l_rsdp_v2_scan, 0, ROM_RSDP, 2, true, 0, true,
	  MADT_A, 4, 0x2f8, .log = { NULL } },
	{ "scan_rsdp_bad_extended_checksum", l_rsdp_ext_bad, 0, ROM_RSDP, 2, false,
	  0, false, MADT_B, 2,
	  .log = { "acpi: RSDP at 0xf6a20: bad extended checksum (sum 0x80), using the RSDT\n" } },
	{ "scan_rsdp_bad_length", l_rsdp_bad_length, 0, ROM_RSDP, 2, false, 0, false,
	  MADT_B, 2,
	  .log = { "acpi: RSDP at 0xf6a20: bad length 20 (36 bytes available), using the RSDT\n" } },
	{ "scan_rsdp_cut_at_1mib", l_rsdp_v2_at_rom_end, -1,
	  .log = { "acpi: no RSDP found in the EBDA or 0xe0000-0xfffff\n" } },
	{ "scan_rsdp_rev2_extended_part_unmapped", l_rsdp_v2_at_rom_end_20, 0, 0xfffe0,
	  2, false, 0, false, MADT_B, 2,
	  .log = { "acpi: RSDP at 0xfffe0: revision 2 but only 20 bytes, using the RSDT\n" } },
	{ "scan_skips_rsdp_with_bad_checksum", l_rsdp_bad_then_good, 0, ROM_RSDP, 0,
	  false, 0, false, MADT_A, 4,
	  .log = { "acpi: RSDP at 0xe0000: bad checksum (sum 0x07)\n" } },
	{ "scan_ebda_before_rom", l_ebda, 0, EBDA + 0x30, 0, false, 0, false,
	  MADT_B, 2, .log = { NULL } },
	{ "scan_ebda_only_first_kib", l_ebda_past_first_kib, -1,
	  .log = { "acpi: no RSDP found" } },
	{ "scan_no_rsdp", l_nothing, -1, .log = { "acpi: no RSDP found" } },
	{ "madt_bad_checksum", l_madt_bad_checksum, 0, ROM_RSDP, 0, false, 0, false,
	  0, .log = { "acpi: MADT at 0x7fe1000 bad checksum (sum 0x01)\n" } },
	{ "madt_bad_then_second_madt", l_madt_bad_then_good, 0, ROM_RSDP, 0, false, 0,
	  false, MADT_B, 2,
	  .log = { "acpi: MADT at 0x7fe1000 bad checksum (sum 0x01)\n" } },
	{ "madt_length_past_mapped_memory", l_madt_past_mapped, 0, ROM_RSDP, 0, false,
	  0, false, 0,
	  .log = { "acpi: MADT at 0x7feffd0 runs past mapped memory\n" } },
	{ "madt_length_below_header", l_madt_length_short, 0, ROM_RSDP, 0, false, 0,
	  false, 0, .log = { "acpi: MADT at 0x7fe1000 length 20 too short\n" } },
	{ "rsdt_entry_unmapped_and_null", l_rsdt_entry_unmapped, 0, ROM_RSDP, 0, false,
	  0, false, MADT_A, 4,
	  .log = { "acpi: RSDT entry 0 (0x30000000) not mapped\n" } },
	{ "xsdt_entry_above_4gib", l_xsdt_above_4g, 0, 0, 2, true, 0, true,
	  MADT_TOP, 3, .log = { NULL } },
	{ "rsdt_bad_checksum_no_root", l_rsdt_bad_checksum, 0, ROM_RSDP, 0, false, -1,
	  .log = { "acpi: RSDT at 0x7fe0000 bad checksum (sum 0x04)\n",
		   "acpi: no usable RSDT or XSDT\n" } },
	{ "rsdt_partial_entry", l_rsdt_odd_length, 0, ROM_RSDP, 0, false, 0, false,
	  0, .log = { "acpi: RSDT length 42 is not a whole number of entries\n" } },
	{ "rsdt_length_past_mapped_memory", l_rsdt_past_mapped, 0, ROM_RSDP, 0, false,
	  -1, .log = { "acpi: RSDT at 0x7fe0000 runs past mapped memory\n" } },
};

static void run_case(void **state)
{
	const struct acpi_case *c = *state;
	static struct madt_info mi;
	static struct madt_cpu storage[2 * 256];
	struct world *w = &cur;
	struct acpi_rsdp_info ri;
	struct acpi a;
	const struct acpi_sdt_header *h;
	char logbuf[2048];
	struct out_buf log;
	int rc;

	world_init(w);
	c->layout(w);
	out_buf_init(&log, logbuf, sizeof(logbuf));

	if (w->use_mb2)
		rc = acpi_rsdp_from_mb2(w->mb2_new, w->mb2_new_len, w->mb2_old,
					w->mb2_old_len, &ri, &log.out);
	else
		rc = acpi_rsdp_scan(&w->mem, &ri, &log.out);
	assert_int_equal(rc, c->rc_rsdp);
	if (rc == 0) {
		assert_int_equal(ri.phys, c->rsdp_phys);
		assert_int_equal(ri.revision, c->rsdp_rev);
		assert_int_equal(ri.ext_valid, c->ext_valid);
		assert_string_equal(ri.oem_id, "PVTEST");

		rc = acpi_init(&a, &w->mem, &ri, &log.out);
		assert_int_equal(rc, c->rc_init);
	}
	if (c->rc_rsdp == 0 && c->rc_init == 0) {
		assert_int_equal(a.xsdt, c->xsdt);
		assert_int_equal(a.root_phys, c->xsdt ? XSDT : ri.rsdt_addr);

		h = acpi_find_table(&a, ACPI_SIG_MADT, 0);
		if (c->madt) {
			assert_ptr_equal(h, at(w, c->madt, 36));
			madt_set_storage(&mi, storage, 256);
			assert_int_equal(madt_parse(h, h->length, &mi, &log.out), 0);
			assert_int_equal(mi.ncpus, c->ncpus);
			assert_int_equal(mi.n_other, 3);
		} else {
			assert_null(h);
		}

		h = acpi_find_table(&a, ACPI_SIG_SPCR, 0);
		if (c->spcr_port) {
			struct spcr_info si;

			assert_non_null(h);
			assert_int_equal(spcr_parse(h, h->length, &si, &log.out), 1);
			assert_int_equal(si.base.address, c->spcr_port);
		} else {
			assert_null(h);
		}
	}

	for (size_t i = 0; i < ARRAY_SIZE(c->log) && c->log[i]; i++)
		if (!strstr(logbuf, c->log[i]))
			fail_msg("log lacks \"%s\":\n%s", c->log[i], logbuf);
	if (!c->log[0] && log.len)
		fail_msg("unexpected messages:\n%s", logbuf);
}

/* ---- single-purpose tests --------------------------------------------------------- */

static void test_checksum(void **state)
{
	const uint8_t b[] = { 0x10, 0x20, 0xd0, 0x01 };

	(void)state;
	assert_int_equal(acpi_checksum(b, 3), 0);
	assert_int_equal(acpi_checksum(b, 4), 1);
	assert_int_equal(acpi_checksum(b, 0), 0);
}

/* Instances count valid tables only, in root table order. */
static void test_find_instances(void **state)
{
	const uint32_t rsdt[] = { 0x7fe4000, FACP, 0x7fe4100, 0x7fe4200, 0x7fe4300 };
	struct world *w = &cur;
	struct acpi_rsdp_info ri;
	struct acpi a;
	char logbuf[512];
	struct out_buf log;

	(void)state;
	world_init(w);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	l_bochs(w);
	put_rsdt(w, RSDT, rsdt, ARRAY_SIZE(rsdt));
	put_sdt(w, 0x7fe4000, "SSDT", 2, "one", 3);
	put_sdt(w, 0x7fe4100, "SSDT", 2, "two", 3);
	put_sdt(w, 0x7fe4200, "SSDT", 2, "bad", 3)[36] = 'B';
	put_sdt(w, 0x7fe4300, "SSDT", 2, "three", 5);

	assert_int_equal(acpi_rsdp_scan(&w->mem, &ri, &log.out), 0);
	assert_int_equal(acpi_init(&a, &w->mem, &ri, &log.out), 0);
	assert_int_equal(a.nentries, 5);
	assert_ptr_equal(acpi_find_table(&a, "SSDT", 0), at(w, 0x7fe4000, 39));
	assert_ptr_equal(acpi_find_table(&a, "SSDT", 1), at(w, 0x7fe4100, 39));
	assert_ptr_equal(acpi_find_table(&a, "SSDT", 2), at(w, 0x7fe4300, 41));
	assert_null(acpi_find_table(&a, "SSDT", 3));
	assert_null(acpi_find_table(&a, "SSDT", -1));
	assert_ptr_equal(acpi_find_table(&a, ACPI_SIG_FADT, 0), at(w, FACP, 76));
	assert_null(acpi_find_table(&a, "HPET", 0));
	assert_non_null(strstr(logbuf, "acpi: SSDT at 0x7fe4200 bad checksum (sum 0x"));
}

static void test_find_without_root(void **state)
{
	struct acpi a;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_null(acpi_find_table(&a, ACPI_SIG_MADT, 0));
}

static void test_map_table(void **state)
{
	struct world *w = &cur;
	char logbuf[512];
	struct out_buf log;

	(void)state;
	world_init(w);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	put_madt(w, MADT_A, 1);
	put_sdt(w, 0x7fe5000, "\x01SD\xff", 1, NULL, 0)[24] ^= 1;

	assert_ptr_equal(acpi_map_table(&w->mem, MADT_A, NULL, &log.out),
			 at(w, MADT_A, 36));
	assert_ptr_equal(acpi_map_table(&w->mem, MADT_A, ACPI_SIG_MADT, &log.out),
			 at(w, MADT_A, 36));
	assert_int_equal(log.len, 0);
	assert_null(acpi_map_table(&w->mem, 0xfffffffffffffff0ull, NULL, &log.out));
	assert_non_null(strstr(logbuf, "acpi: table at 0xfffffffffffffff0 not mapped\n"));
	assert_null(acpi_map_table(&w->mem, 0x7fe5000, NULL, &log.out));
	assert_non_null(strstr(logbuf, "acpi: ?SD? at 0x7fe5000 bad checksum (sum 0x01)\n"));
}

/* A copy shorter than 20 bytes, or not an RSDP at all. */
static void test_rsdp_parse_short(void **state)
{
	uint8_t tmp[36];
	uint8_t *p = malloc(19);
	struct acpi_rsdp_info ri;
	char logbuf[256];
	struct out_buf log;

	(void)state;
	assert_non_null(p);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	rsdp_bytes(tmp, 0, RSDT, 0);
	memcpy(p, tmp, 19);
	assert_int_equal(acpi_rsdp_parse(p, 19, &ri, &log.out), -1);
	assert_non_null(strstr(logbuf, "acpi: RSDP from a copy: only 19 bytes\n"));
	free(p);

	tmp[7] = 'X';
	assert_int_equal(acpi_rsdp_parse(tmp, 20, &ri, &log.out), -1);
	assert_non_null(strstr(logbuf, "acpi: RSDP from a copy: bad signature\n"));

	/* revision 2 but only the 20-byte tag: RSDT only */
	rsdp_bytes(tmp, 2, RSDT, XSDT);
	assert_int_equal(acpi_rsdp_parse(tmp, 20, &ri, &log.out), 0);
	assert_false(ri.ext_valid);
	assert_int_equal(ri.xsdt_addr, 0);
	assert_int_equal(ri.rsdt_addr, RSDT);
}

int main(void)
{
	static const struct CMUnitTest extra[] = {
		cmocka_unit_test(test_checksum),
		cmocka_unit_test_teardown(test_find_instances, teardown_world),
		cmocka_unit_test(test_find_without_root),
		cmocka_unit_test_teardown(test_map_table, teardown_world),
		cmocka_unit_test(test_rsdp_parse_short),
	};
	struct CMUnitTest tests[ARRAY_SIZE(cases) + ARRAY_SIZE(extra)];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		tests[i] = (struct CMUnitTest){
			.name = cases[i].name, .test_func = run_case,
			.initial_state = (void *)&cases[i],
			.teardown_func = teardown_world,
		};
	for (size_t i = 0; i < ARRAY_SIZE(extra); i++)
		tests[ARRAY_SIZE(cases) + i] = extra[i];
	return _cmocka_run_group_tests("acpi", tests, ARRAY_SIZE(tests), NULL, NULL);
}
