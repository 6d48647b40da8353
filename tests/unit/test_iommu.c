/* SPDX-License-Identifier: MIT */
/*
 * DMAR (Intel VT-d) and IVRS (AMD IOMMU) parsers: one named case per table.
 * Tables are QEMU's own (read by the image under QEMU 7.2) or built here,
 * then copied into a heap block of exactly the length handed to the parser,
 * so the sanitizer build catches any read past it. A parser that loops on a
 * zero length is stopped by alarm().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pure/dmar.h"
#include "pure/ivrs.h"

/* ---- builder (both tables: an SDT header, a fixed part, structures) ------- */

struct tb {
	uint8_t buf[4096];
	size_t len;
	size_t avail;   /* bytes handed to the parser; 0: the table's length */
};

static void tb_raw(struct tb *b, const void *p, size_t n)
{
	assert_true(b->len + n <= sizeof(b->buf));
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void tb_u16(struct tb *b, size_t off, uint16_t v) { memcpy(b->buf + off, &v, 2); }
static void tb_u32(struct tb *b, size_t off, uint32_t v) { memcpy(b->buf + off, &v, 4); }

/* Length and checksum, as firmware leaves them. */
static void tb_finish(struct tb *b)
{
	uint8_t sum = 0;

	tb_u32(b, 4, (uint32_t)b->len);
	b->buf[9] = 0;
	for (size_t i = 0; i < b->len; i++)
		sum += b->buf[i];
	b->buf[9] = (uint8_t)-sum;
}

static void tb_copy(struct tb *b, const uint8_t *p, size_t n)
{
	memset(b, 0, sizeof(*b));
	tb_raw(b, p, n);
}

/* ---- DMAR ------------------------------------------------------------------ */

/* QEMU 7.2, -machine q35 -device intel-iommu: one DRHD at 0xfed90000 with an
 * I/O APIC scope and six endpoint scopes, HAW 39, INTR_REMAP. */
static const uint8_t qemu_dmar[120] = {
	0x44, 0x4d, 0x41, 0x52, 0x78, 0x00, 0x00, 0x00, 0x01, 0x0d, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x26, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd9, 0xfe,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00,
	0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
	0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x1f, 0x00, 0x01, 0x08, 0x00, 0x00,
	0x00, 0x00, 0x1f, 0x02, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x1f, 0x03,
};
#define QEMU_DRHD_OFF   48
#define QEMU_SCOPE0_OFF 64

static void dmar_start(struct tb *b, uint8_t haw_field, uint8_t flags)
{
	struct acpi_dmar d = {
		.h = { .signature = "DMAR", .revision = 1, .oem_id = "PVTEST" },
		.host_address_width = haw_field, .flags = flags,
	};
	memset(b, 0, sizeof(*b));
	tb_raw(b, &d, sizeof(d));
}

/* 8.3.1: an endpoint (type 1) or I/O APIC (type 3) scope with one path entry. */
static void dmar_scope(struct tb *b, uint8_t type, uint8_t bus, uint8_t dev, uint8_t fn)
{
	uint8_t s[8] = { type, 8, 0, 0, 0, bus, dev, fn };
	tb_raw(b, s, sizeof(s));
}

/* A DRHD followed by `nscopes` endpoint scopes. */
static void dmar_drhd(struct tb *b, uint8_t flags, uint16_t seg, uint64_t base,
		      unsigned nscopes)
{
	struct acpi_dmar_drhd d = {
		.type = DMAR_TYPE_DRHD,
		.length = (uint16_t)(sizeof(d) + 8 * nscopes),
		.flags = flags, .segment = seg, .register_base = base,
	};
	tb_raw(b, &d, sizeof(d));
	for (unsigned i = 0; i < nscopes; i++)
		dmar_scope(b, 1, 0, (uint8_t)(2 + i), 0);
}

/* 8.4 RMRR: type, length, reserved, segment, base, limit (+ scopes). */
static void dmar_rmrr(struct tb *b)
{
	uint8_t r[32] = { DMAR_TYPE_RMRR, 0, 32, 0 };
	uint64_t base = 0x7c000000, limit = 0x7c7fffff;

	memcpy(r + 8, &base, 8);
	memcpy(r + 16, &limit, 8);
	r[24] = 1;      /* endpoint scope 00:14.0 */
	r[25] = 8;
	r[29] = 0;
	r[30] = 0x14;
	tb_raw(b, r, sizeof(r));
}

static void d_qemu(struct tb *b) { tb_copy(b, qemu_dmar, sizeof(qemu_dmar)); }

/* A laptop's layout: graphics unit with one scope, then the catch-all unit
 * with I/O APIC and HPET scopes, an RMRR; INTR_REMAP and DMA opt-in. */
static void d_laptop(struct tb *b)
{
	struct acpi_dmar_drhd gfx = {
		.type = DMAR_TYPE_DRHD, .length = 24, .register_base = 0xfed90000,
	};
	struct acpi_dmar_drhd all = {
		.type = DMAR_TYPE_DRHD, .length = 32, .flags = DRHD_FLAG_INCLUDE_PCI_ALL,
		.register_base = 0xfed91000,
	};

	dmar_start(b, 38, DMAR_FLAG_INTR_REMAP | DMAR_FLAG_DMA_CTRL_PLATFORM_OPT_IN);
	tb_raw(b, &gfx, sizeof(gfx));
	dmar_scope(b, 1, 0, 2, 0);
	tb_raw(b, &all, sizeof(all));
	dmar_scope(b, 3, 0xf0, 0x1f, 0);
	dmar_scope(b, 4, 0, 0x1f, 0);
	dmar_rmrr(b);
	tb_finish(b);
}

static void d_header_only(struct tb *b)
{
	dmar_start(b, 47, DMAR_FLAG_X2APIC_OPT_OUT);
	tb_finish(b);
}

static void d_many_units(struct tb *b)
{
	dmar_start(b, 45, 0);
	for (unsigned i = 0; i < 20; i++)
		dmar_drhd(b, 0, (uint16_t)i, 0xe0000000ull + 0x1000ull * i, i % 3);
	tb_finish(b);
}

/* Structure types this parser does not read are counted and stepped over. */
static void d_other_types(struct tb *b)
{
	uint8_t atsr[8] = { DMAR_TYPE_ATSR, 0, 8 };
	uint8_t rhsa[20] = { DMAR_TYPE_RHSA, 0, 20 };
	uint8_t andd[12] = { DMAR_TYPE_ANDD, 0, 12 };
	uint8_t satc[8] = { DMAR_TYPE_SATC, 0, 8 };
	uint8_t future[6] = { 0x42, 0, 6 };

	dmar_start(b, 38, 0);
	tb_raw(b, atsr, sizeof(atsr));
	tb_raw(b, rhsa, sizeof(rhsa));
	tb_raw(b, andd, sizeof(andd));
	tb_raw(b, satc, sizeof(satc));
	tb_raw(b, future, sizeof(future));
	dmar_drhd(b, DRHD_FLAG_INCLUDE_PCI_ALL, 0, 0xfed90000, 0);
	tb_finish(b);
}

static void d_short_buffer(struct tb *b) { d_qemu(b); b->avail = 40; }
static void d_length_past_buffer(struct tb *b) { d_qemu(b); b->avail = b->len - 1; }

static void d_bad_signature(struct tb *b)
{
	d_laptop(b);
	memcpy(b->buf, "DMAX", 4);
	tb_finish(b);
}

static void d_length_below_header(struct tb *b)
{
	d_laptop(b);
	tb_u32(b, 4, 44);
}

static void d_bad_checksum(struct tb *b)
{
	d_qemu(b);
	b->buf[QEMU_DRHD_OFF + 8] ^= 1;     /* the base address, checksum unchanged */
}

/* A zero-length structure: stepping by it would loop forever. */
static void d_entry_len0(struct tb *b)
{
	uint8_t z[16] = { DMAR_TYPE_RMRR, 0, 0, 0 };

	dmar_start(b, 38, 0);
	dmar_drhd(b, 1, 0, 0xfed90000, 0);
	tb_raw(b, z, sizeof(z));
	tb_finish(b);
}

static void d_entry_len2(struct tb *b)
{
	uint8_t e[4] = { 0x42, 0, 2, 0 };

	dmar_start(b, 38, 0);
	tb_raw(b, e, sizeof(e));
	tb_finish(b);
}

static void d_drhd_short(struct tb *b)
{
	uint8_t d[12] = { DMAR_TYPE_DRHD, 0, 12, 0 };

	dmar_start(b, 38, 0);
	tb_raw(b, d, sizeof(d));
	tb_finish(b);
}

static void d_rmrr_short(struct tb *b)
{
	uint8_t r[16] = { DMAR_TYPE_RMRR, 0, 16, 0 };

	dmar_start(b, 38, 0);
	tb_raw(b, r, sizeof(r));
	tb_finish(b);
}

/* The DRHD claims 8 bytes more than the table has. */
static void d_entry_past_end(struct tb *b)
{
	d_qemu(b);
	tb_u16(b, QEMU_DRHD_OFF + 2, 0x50);
	tb_finish(b);
}

static void d_entry_header_cut(struct tb *b)
{
	uint8_t two[2] = { 0, 0 };

	dmar_start(b, 38, 0);
	dmar_drhd(b, 1, 0, 0xfed90000, 1);
	tb_raw(b, two, sizeof(two));
	tb_finish(b);
}

/* A zero-length device scope inside a DRHD: same trap one level down. */
static void d_scope_len0(struct tb *b)
{
	d_qemu(b);
	b->buf[QEMU_SCOPE0_OFF + 1] = 0;
	tb_finish(b);
}

/* The last scope claims to run past its DRHD (into nothing). */
static void d_scope_past_drhd(struct tb *b)
{
	d_qemu(b);
	b->buf[112 + 1] = 10;
	tb_finish(b);
}

/* A DRHD whose length leaves one byte after its last scope. */
static void d_scope_cut(struct tb *b)
{
	uint8_t one = 1;

	dmar_start(b, 38, 0);
	dmar_drhd(b, 0, 0, 0xfed90000, 1);
	tb_raw(b, &one, 1);
	tb_u16(b, sizeof(struct acpi_dmar) + 2, 16 + 8 + 1);
	tb_finish(b);
}

#define BASES(...)  { __VA_ARGS__ }

struct dmar_case {
	const char *name;
	void (*build)(struct tb *b);
	int rc;
	unsigned haw;
	uint8_t flags;
	unsigned ndrhd;
	uint64_t bases[4];              /* first DRHD bases */
	unsigned scopes[4];             /* their device scope counts */
	uint8_t drhd_flags[4];
	unsigned nrmrr, nother;
	const char *log;                /* expected in the messages, or NULL */
};

static const struct dmar_case dmar_cases[] = {
	{ "dmar_qemu_intel_iommu", d_qemu, 0, .haw = 39, .flags = DMAR_FLAG_INTR_REMAP,
	  .ndrhd = 1, .bases = BASES(0xfed90000), .scopes = { 7 } },
	{ "dmar_laptop_two_units_rmrr", d_laptop, 0, .haw = 39,
	  .flags = DMAR_FLAG_INTR_REMAP | DMAR_FLAG_DMA_CTRL_PLATFORM_OPT_IN, .ndrhd = 2,
	  .bases = BASES(0xfed90000, 0xfed91000), .scopes = { 1, 2 },
	  .drhd_flags = { 0, DRHD_FLAG_INCLUDE_PCI_ALL }, .nrmrr = 1 },
	{ "dmar_header_only_no_units", d_header_only, 0, .haw = 48,
	  .flags = DMAR_FLAG_X2APIC_OPT_OUT },
	{ "dmar_twenty_units_sixteen_kept", d_many_units, 0, .haw = 46, .ndrhd = 20,
	  .bases = BASES(0xe0000000, 0xe0001000, 0xe0002000, 0xe0003000),
	  .scopes = { 0, 1, 2, 0 } },
	{ "dmar_other_structure_types", d_other_types, 0, .haw = 39, .ndrhd = 1,
	  .bases = BASES(0xfed90000), .drhd_flags = { DRHD_FLAG_INCLUDE_PCI_ALL },
	  .nother = 1 },
	{ "dmar_buffer_shorter_than_header", d_short_buffer, -1, .log = "dmar: only 40 bytes" },
	{ "dmar_length_past_buffer", d_length_past_buffer, -1,
	  .log = "dmar: bad length 120 (119 bytes available)" },
	{ "dmar_bad_signature", d_bad_signature, -1, .log = "signature is not DMAR" },
	{ "dmar_length_below_header", d_length_below_header, -1, .log = "dmar: bad length 44" },
	{ "dmar_bad_checksum", d_bad_checksum, -1, .log = "dmar: bad checksum (sum 0x01)" },
	{ "dmar_structure_length_0", d_entry_len0, -1,
	  .log = "type 1 structure at offset 64 has bad length 0" },
	{ "dmar_structure_length_2", d_entry_len2, -1, .log = "has bad length 2 (needs 4" },
	{ "dmar_drhd_shorter_than_16", d_drhd_short, -1,
	  .log = "type 0 structure at offset 48 has bad length 12 (needs 16" },
	{ "dmar_rmrr_shorter_than_24", d_rmrr_short, -1, .log = "has bad length 16 (needs 24" },
	{ "dmar_structure_past_end", d_entry_past_end, -1,
	  .log = "type 0 structure at offset 48 has bad length 80 (needs 16, table ends at 120)" },
	{ "dmar_structure_header_cut", d_entry_header_cut, -1,
	  .log = "truncated remapping structure at offset 72" },
	{ "dmar_scope_length_0", d_scope_len0, -1,
	  .log = "device scope at offset 64 has bad length 0" },
	{ "dmar_scope_past_drhd", d_scope_past_drhd, -1,
	  .log = "device scope at offset 112 has bad length 10 (DRHD ends at 120)" },
	{ "dmar_scope_header_cut", d_scope_cut, -1, .log = "truncated device scope at offset 72" },
};

static void run_dmar(void **state)
{
	const struct dmar_case *c = *state;
	static struct tb b;
	static struct dmar_info di;
	char logbuf[1024];
	struct out_buf log;
	size_t avail;
	uint8_t *copy;
	int rc;

	c->build(&b);
	avail = b.avail ? b.avail : b.len;
	copy = malloc(avail);
	assert_non_null(copy);
	memcpy(copy, b.buf, avail);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	memset(&di, 0xa5, sizeof(di));
	rc = dmar_parse(copy, avail, &di, &log.out);
	free(copy);
	if (c->log && !strstr(logbuf, c->log))
		fail_msg("log lacks \"%s\":\n%s", c->log, logbuf);
	if (!c->log && log.len)
		fail_msg("unexpected messages:\n%s", logbuf);
	assert_int_equal(rc, c->rc);
	if (rc)
		return;
	assert_int_equal(di.haw, c->haw);
	assert_int_equal(di.flags, c->flags);
	assert_int_equal(di.ndrhd, c->ndrhd);
	for (unsigned i = 0; i < c->ndrhd && i < ARRAY_SIZE(c->bases); i++) {
		assert_int_equal(di.drhd[i].base, c->bases[i]);
		assert_int_equal(di.drhd[i].nscopes, c->scopes[i]);
		assert_int_equal(di.drhd[i].flags, c->drhd_flags[i]);
	}
	assert_int_equal(di.nrmrr, c->nrmrr);
	assert_int_equal(di.nother, c->nother);
}

/* ---- IVRS ------------------------------------------------------------------ */

/* QEMU 7.2, -machine q35 -device amd-iommu: one IVHD type 10h for the IOMMU at
 * 0xfed80000 (device 00:03.0), select entries and an I/O APIC special entry. */
static const uint8_t qemu_ivrs[108] = {
	0x49, 0x56, 0x52, 0x53, 0x6c, 0x00, 0x00, 0x00, 0x01, 0x19, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0xd1, 0x3c, 0x00, 0x18, 0x00, 0x40, 0x00, 0x00, 0x00, 0xd8, 0xfe,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x44, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x02, 0x10, 0x00, 0x00,
	0x02, 0x18, 0x00, 0x00, 0x02, 0xf8, 0x00, 0x00, 0x02, 0xfa, 0x00, 0x00,
	0x02, 0xfb, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x00, 0x01,
};
#define QEMU_IVHD_OFF   48

static void ivrs_start(struct tb *b, uint32_t iv_info)
{
	struct acpi_ivrs t = {
		.h = { .signature = "IVRS", .revision = 2, .oem_id = "PVTEST" },
		.iv_info = iv_info,
	};
	memset(b, 0, sizeof(*b));
	tb_raw(b, &t, sizeof(t));
}

/* An IVHD of `type` with one 4-byte "all devices" entry after its header. */
static void ivrs_ivhd(struct tb *b, uint8_t type, uint64_t base, uint16_t devid,
		      uint16_t seg)
{
	struct acpi_ivhd_efr h = {
		.ivhd = { .type = type, .flags = 0xb0, .device_id = devid,
			  .capability_offset = 0x40, .base_address = base,
			  .pci_segment = seg },
		.efr_image = 0x246577efa2254afaull,
	};
	size_t hl = type == IVRS_TYPE_IVHD_10 ? sizeof(h.ivhd) : sizeof(h);
	uint8_t all[4] = { 1, 0, 0, 0 };

	h.ivhd.length = (uint16_t)(hl + sizeof(all));
	tb_raw(b, &h, hl);
	tb_raw(b, all, sizeof(all));
}

static void ivrs_ivmd(struct tb *b)
{
	uint8_t m[IVMD_LEN] = { IVRS_TYPE_IVMD_ALL, 0x9, IVMD_LEN, 0 };
	uint64_t start = 0x9d000000, len = 0x100000;

	memcpy(m + 16, &start, 8);
	memcpy(m + 24, &len, 8);
	tb_raw(b, m, sizeof(m));
}

static void i_qemu(struct tb *b) { tb_copy(b, qemu_ivrs, sizeof(qemu_ivrs)); }

/* Firmware of an AMD desktop: the same IOMMU as IVHD 10h, 11h and 40h, an IVMD. */
static void i_desktop(struct tb *b)
{
	ivrs_start(b, 0x00203041);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_10, 0xfd200000, 0x0002, 0);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_11, 0xfd200000, 0x0002, 0);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_40, 0xfd200000, 0x0002, 0);
	ivrs_ivmd(b);
	tb_finish(b);
}

/* Two IOMMUs (a server's two root complexes), each as 10h and 11h. */
static void i_two_iommus(struct tb *b)
{
	ivrs_start(b, 0x00203043);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_10, 0xf3000000, 0x0002, 0);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_10, 0xc8000000, 0x4002, 0);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_11, 0xf3000000, 0x0002, 0);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_11, 0xc8000000, 0x4002, 0);
	tb_finish(b);
}

static void i_unknown_block(struct tb *b)
{
	uint8_t u[12] = { 0x7f, 0, 12, 0 };

	ivrs_start(b, 0);
	tb_raw(b, u, sizeof(u));
	ivrs_ivhd(b, IVRS_TYPE_IVHD_10, 0xfeb80000, 0x0002, 1);
	tb_finish(b);
}

static void i_short_buffer(struct tb *b) { i_qemu(b); b->avail = 47; }
static void i_length_past_buffer(struct tb *b) { i_qemu(b); b->avail = 100; }

static void i_bad_signature(struct tb *b)
{
	i_desktop(b);
	memcpy(b->buf, "IVRT", 4);
	tb_finish(b);
}

static void i_bad_checksum(struct tb *b)
{
	i_qemu(b);
	b->buf[QEMU_IVHD_OFF + 10] ^= 0x80;    /* the IOMMU base */
}

static void i_block_len0(struct tb *b)
{
	uint8_t z[8] = { 0x7f, 0, 0, 0 };

	ivrs_start(b, 0);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_10, 0xfeb80000, 0x0002, 0);
	tb_raw(b, z, sizeof(z));
	tb_finish(b);
}

static void i_block_len3(struct tb *b)
{
	uint8_t z[4] = { 0x7f, 0, 3, 0 };

	ivrs_start(b, 0);
	tb_raw(b, z, sizeof(z));
	tb_finish(b);
}

/* Type 11h needs its 40-byte header; 28 bytes would do for type 10h. */
static void i_ivhd11_short(struct tb *b)
{
	ivrs_start(b, 0);
	ivrs_ivhd(b, IVRS_TYPE_IVHD_10, 0xfeb80000, 0x0002, 0);
	b->buf[48] = IVRS_TYPE_IVHD_11;
	tb_finish(b);
}

static void i_ivhd10_short(struct tb *b)
{
	i_qemu(b);
	tb_u16(b, QEMU_IVHD_OFF + 2, 20);
	tb_finish(b);
}

static void i_ivmd_short(struct tb *b)
{
	uint8_t m[24] = { IVRS_TYPE_IVMD_RANGE, 0, 24, 0 };

	ivrs_start(b, 0);
	tb_raw(b, m, sizeof(m));
	tb_finish(b);
}

static void i_block_past_end(struct tb *b)
{
	i_qemu(b);
	tb_u16(b, QEMU_IVHD_OFF + 2, 0x3d);
	tb_finish(b);
}

static void i_block_header_cut(struct tb *b)
{
	uint8_t three[3] = { IVRS_TYPE_IVHD_10, 0, 0 };

	ivrs_start(b, 0);
	tb_raw(b, three, sizeof(three));
	tb_finish(b);
}

struct ivrs_case {
	const char *name;
	void (*build)(struct tb *b);
	int rc;
	uint32_t iv_info;
	unsigned nivhd, niommu;
	uint8_t types[4];
	uint64_t bases[4];
	uint16_t devids[4];
	unsigned nivmd, nother;
	const char *log;
};

static const struct ivrs_case ivrs_cases[] = {
	{ "ivrs_qemu_amd_iommu", i_qemu, 0, .iv_info = 0x2800, .nivhd = 1, .niommu = 1,
	  .types = { 0x10 }, .bases = BASES(0xfed80000), .devids = { 0x18 } },
	{ "ivrs_desktop_one_iommu_three_ivhd_types", i_desktop, 0, .iv_info = 0x00203041,
	  .nivhd = 3, .niommu = 1, .types = { 0x10, 0x11, 0x40 },
	  .bases = BASES(0xfd200000, 0xfd200000, 0xfd200000), .devids = { 2, 2, 2 },
	  .nivmd = 1 },
	{ "ivrs_two_iommus", i_two_iommus, 0, .iv_info = 0x00203043, .nivhd = 4, .niommu = 2,
	  .types = { 0x10, 0x10, 0x11, 0x11 },
	  .bases = BASES(0xf3000000, 0xc8000000, 0xf3000000, 0xc8000000),
	  .devids = { 2, 0x4002, 2, 0x4002 } },
	{ "ivrs_unknown_block_type", i_unknown_block, 0, .nivhd = 1, .niommu = 1,
	  .types = { 0x10 }, .bases = BASES(0xfeb80000), .devids = { 2 }, .nother = 1 },
	{ "ivrs_buffer_shorter_than_header", i_short_buffer, -1, .log = "ivrs: only 47 bytes" },
	{ "ivrs_length_past_buffer", i_length_past_buffer, -1,
	  .log = "ivrs: bad length 108 (100 bytes available)" },
	{ "ivrs_bad_signature", i_bad_signature, -1, .log = "signature is not IVRS" },
	{ "ivrs_bad_checksum", i_bad_checksum, -1, .log = "ivrs: bad checksum (sum 0x80)" },
	{ "ivrs_block_length_0", i_block_len0, -1,
	  .log = "type 0x7f block at offset 76 has bad length 0" },
	{ "ivrs_block_length_3", i_block_len3, -1, .log = "has bad length 3 (needs 4" },
	{ "ivrs_ivhd11_shorter_than_40", i_ivhd11_short, -1,
	  .log = "type 0x11 block at offset 48 has bad length 28 (needs 40" },
	{ "ivrs_ivhd10_shorter_than_24", i_ivhd10_short, -1,
	  .log = "has bad length 20 (needs 24" },
	{ "ivrs_ivmd_shorter_than_32", i_ivmd_short, -1, .log = "has bad length 24 (needs 32" },
	{ "ivrs_block_past_end", i_block_past_end, -1,
	  .log = "type 0x10 block at offset 48 has bad length 61 (needs 24, table ends at 108)" },
	{ "ivrs_block_header_cut", i_block_header_cut, -1, .log = "truncated block at offset 48" },
};

static void run_ivrs(void **state)
{
	const struct ivrs_case *c = *state;
	static struct tb b;
	static struct ivrs_info ii;
	char logbuf[1024];
	struct out_buf log;
	size_t avail;
	uint8_t *copy;
	int rc;

	c->build(&b);
	avail = b.avail ? b.avail : b.len;
	copy = malloc(avail);
	assert_non_null(copy);
	memcpy(copy, b.buf, avail);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	memset(&ii, 0xa5, sizeof(ii));
	rc = ivrs_parse(copy, avail, &ii, &log.out);
	free(copy);
	if (c->log && !strstr(logbuf, c->log))
		fail_msg("log lacks \"%s\":\n%s", c->log, logbuf);
	if (!c->log && log.len)
		fail_msg("unexpected messages:\n%s", logbuf);
	assert_int_equal(rc, c->rc);
	if (rc)
		return;
	assert_int_equal(ii.iv_info, c->iv_info);
	assert_int_equal(ii.nivhd, c->nivhd);
	assert_int_equal(ii.niommu, c->niommu);
	for (unsigned i = 0; i < c->nivhd && i < ARRAY_SIZE(c->bases); i++) {
		assert_int_equal(ii.ivhd[i].type, c->types[i]);
		assert_int_equal(ii.ivhd[i].base, c->bases[i]);
		assert_int_equal(ii.ivhd[i].device_id, c->devids[i]);
	}
	assert_int_equal(ii.nivmd, c->nivmd);
	assert_int_equal(ii.nother, c->nother);
}

/* ---- console summaries ------------------------------------------------------- */

static void expect_lines(const char *text, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strstr(text, lines[i]))
			fail_msg("output lacks \"%s\":\n%s", lines[i], text);
}

static void test_print(void **state)
{
	static struct tb b;
	static struct dmar_info di;
	static struct ivrs_info ii;
	char buf[4096];
	struct out_buf o;
	static const char *const dmar_lines[] = {
		"platform: IOMMU: Intel VT-d (ACPI DMAR rev 1), host address width 39 bits, flags 0x5 INTR_REMAP DMA_CTRL_PLATFORM_OPT_IN, 2 DRHD units\n",
		"platform: DRHD 0: registers at 0xfed90000, segment 0, 1 device scope\n",
		"platform: DRHD 1: registers at 0xfed91000, segment 0, 2 device scopes, INCLUDE_PCI_ALL\n",
		"platform: DMAR also lists 1 RMRR, 0 ATSR, 0 RHSA, 0 ANDD, 0 SATC, 0 other\n",
	};
	static const char *const many_lines[] = {
		"platform: DRHD 15: registers at 0xe000f000, segment 15, 0 device scopes\n",
		"platform: 4 more DRHD units not listed\n",
	};
	static const char *const ivrs_lines[] = {
		"platform: IOMMU: AMD-Vi (ACPI IVRS rev 2), IVinfo 0x203041 (PA 48 bits, VA 64 bits, GVA size code 2, EFRSup), 3 IVHD blocks for 1 IOMMU\n",
		"platform: IVHD 0 (type 0x10): IOMMU at 0xfd200000, segment 0, device 00:00.2\n",
		"platform: IVHD 2 (type 0x40): IOMMU at 0xfd200000, segment 0, device 00:00.2\n",
		"platform: IVRS also lists 1 IVMD, 0 other blocks\n",
	};

	(void)state;
	d_laptop(&b);
	assert_int_equal(dmar_parse(b.buf, b.len, &di, NULL), 0);
	out_buf_init(&o, buf, sizeof(buf));
	dmar_print(&di, &o.out);
	expect_lines(buf, dmar_lines, ARRAY_SIZE(dmar_lines));

	d_many_units(&b);
	assert_int_equal(dmar_parse(b.buf, b.len, &di, NULL), 0);
	out_buf_init(&o, buf, sizeof(buf));
	dmar_print(&di, &o.out);
	expect_lines(buf, many_lines, ARRAY_SIZE(many_lines));
	assert_null(strstr(buf, "DRHD 16"));

	i_desktop(&b);
	assert_int_equal(ivrs_parse(b.buf, b.len, &ii, NULL), 0);
	out_buf_init(&o, buf, sizeof(buf));
	ivrs_print(&ii, &o.out);
	expect_lines(buf, ivrs_lines, ARRAY_SIZE(ivrs_lines));
	/* Every line belongs to the console's platform section. */
	for (const char *l = buf; *l; l = strchr(l, '\n') + 1)
		assert_int_equal(strncmp(l, "platform: ", 10), 0);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(dmar_cases) + ARRAY_SIZE(ivrs_cases) + 1];
	size_t n = 0;

	alarm(20);      /* a parser looping on a zero length fails instead of hanging */
	ADD_TABLE_CASES(tests, n, dmar_cases, run_dmar);
	ADD_TABLE_CASES(tests, n, ivrs_cases, run_ivrs);
	tests[n++] = (struct CMUnitTest){ .name = "print", .test_func = test_print };
	return _cmocka_run_group_tests("iommu", tests, n, NULL, NULL);
}
