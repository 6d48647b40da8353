/* SPDX-License-Identifier: MIT */
/*
 * SMBIOS (pure/smbios.c): entry points found through a crafted EFI system
 * table or the BIOS-area scan, structure tables built here, and every
 * malformed case the parser must survive. Each fake memory region is a heap
 * block of exactly its length, so the sanitizer build catches a read past it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pure/smbios.h"

/* ---- fake physical memory ----------------------------------------------------- */

struct region {
	uint64_t phys;
	uint8_t *buf;
	size_t len;
};

struct mem {
	struct region r[6];
	unsigned n;
};

static const void *fake_map(void *ctx, uint64_t phys, size_t len)
{
	struct mem *m = ctx;

	for (unsigned i = 0; i < m->n; i++) {
		struct region *r = &m->r[i];
		if (phys >= r->phys && phys + len <= r->phys + r->len)
			return r->buf + (phys - r->phys);
	}
	return NULL;
}

static uint8_t *add_region(struct mem *m, uint64_t phys, const void *data, size_t len)
{
	struct region *r = &m->r[m->n++];

	assert_true(m->n <= 6);
	r->phys = phys;
	r->len = len;
	r->buf = calloc(1, len ? len : 1);
	assert_non_null(r->buf);
	if (data)
		memcpy(r->buf, data, len);
	return r->buf;
}

static void free_mem(struct mem *m)
{
	for (unsigned i = 0; i < m->n; i++)
		free(m->r[i].buf);
	m->n = 0;
}

static char logbuf[8192];
static struct out_buf logob;

static struct out *log_out(void)
{
	out_buf_init(&logob, logbuf, sizeof(logbuf));
	return &logob.out;
}

/* ---- table builder ------------------------------------------------------------- */

struct tb {
	uint8_t buf[4096];
	size_t len;
};

/* One structure: formatted area f (its first 4 bytes are the header, filled
 * here from type and flen), then the strings (NULL-terminated list), then
 * the set's terminator. */
static void tb_struct(struct tb *t, uint8_t type, const uint8_t *f, size_t flen, ...)
{
	va_list ap;
	const char *s;
	size_t start = t->len;
	int nstr = 0;

	assert_true(flen >= 4 && t->len + flen < sizeof(t->buf));
	memcpy(t->buf + t->len, f, flen);
	t->buf[start] = type;
	t->buf[start + 1] = (uint8_t)flen;
	t->buf[start + 2] = (uint8_t)(t->len);
	t->len += flen;
	va_start(ap, flen);
	while ((s = va_arg(ap, const char *)) != NULL) {
		size_t n = strlen(s) + 1;
		memcpy(t->buf + t->len, s, n);
		t->len += n;
		nstr++;
	}
	va_end(ap);
	if (!nstr)
		t->buf[t->len++] = 0;
	t->buf[t->len++] = 0;
}

static const uint8_t uuid_raw[16] = {
	0x67, 0x45, 0x23, 0x01, 0xab, 0x89, 0xef, 0xcd,
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

static void tb_type0(struct tb *t)
{
	uint8_t f[0x18] = { 0 };
	f[SMBIOS0_VENDOR] = 1;
	f[SMBIOS0_VERSION] = 2;
	f[SMBIOS0_DATE] = 3;
	tb_struct(t, 0, f, sizeof(f), "PicoBIOS", "1.2.3", "12/05/2026", NULL);
}

static void tb_type1(struct tb *t, const uint8_t *uuid)
{
	uint8_t f[0x1b] = { 0 };
	f[SMBIOS1_MANUFACTURER] = 1;
	f[SMBIOS1_PRODUCT] = 2;
	f[SMBIOS1_SERIAL] = 3;
	memcpy(f + SMBIOS1_UUID, uuid, 16);
	tb_struct(t, 1, f, sizeof(f), "Acme", "Rack 7   ", "SN123", NULL);
}

static void tb_type2(struct tb *t)
{
	uint8_t f[0x0f] = { 0 };
	f[SMBIOS2_MANUFACTURER] = 1;
	f[SMBIOS2_PRODUCT] = 2;
	tb_struct(t, 2, f, sizeof(f), "BoardCo", "B-42", NULL);
}

static void tb_type4(struct tb *t, uint8_t status, size_t len)
{
	uint8_t f[0x30] = { 0 };
	f[SMBIOS4_STATUS] = status;
	tb_struct(t, 4, f, len, NULL);
}

static void tb_end(struct tb *t)
{
	uint8_t f[4] = { 0 };
	tb_struct(t, 127, f, 4, NULL);
}

static void tb_full(struct tb *t)
{
	memset(t, 0, sizeof(*t));
	tb_type0(t);
	tb_type1(t, uuid_raw);
	tb_type2(t);
	tb_type4(t, 0x41, 0x30);
	tb_type4(t, 0x00, 0x30);
	tb_end(t);
}

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;
	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)-s;
}

static struct smbios21_entry ep21(uint32_t table, uint16_t len, uint16_t n, uint8_t major,
				  uint8_t minor)
{
	struct smbios21_entry e;

	memset(&e, 0, sizeof(e));
	memcpy(e.anchor, "_SM_", 4);
	e.length = 0x1f;
	e.major = major;
	e.minor = minor;
	memcpy(e.ianchor, "_DMI_", 5);
	e.table_length = len;
	e.table_address = table;
	e.nstructs = n;
	fix_sum((uint8_t *)&e + 0x10, 0x0f, 5);
	fix_sum((uint8_t *)&e, 0x1f, 4);
	return e;
}

static struct smbios3_entry ep3(uint64_t table, uint32_t max)
{
	struct smbios3_entry e;

	memset(&e, 0, sizeof(e));
	memcpy(e.anchor, "_SM3_", 5);
	e.length = 0x18;
	e.major = 3;
	e.minor = 0;
	e.ep_revision = 1;
	e.table_max_size = max;
	e.table_address = table;
	fix_sum((uint8_t *)&e, 0x18, 5);
	return e;
}

#define TABLE_PHYS 0x7f000000ull
#define FSEG_PHYS  0xf0000ull
#define SYSTAB     0x7e000000ull
#define CONFTAB    0x7e001000ull

static uint8_t *fseg(struct mem *m)
{
	return add_region(m, FSEG_PHYS, NULL, 0x10000);
}

/* ---- cases --------------------------------------------------------------------- */

static void full_21_bios_scan(void **state)
{
	struct mem m = { 0 };
	struct tb t;
	struct smbios_info si;
	(void)state;

	tb_full(&t);
	add_region(&m, TABLE_PHYS, t.buf, t.len);
	struct smbios21_entry e = ep21((uint32_t)TABLE_PHYS, (uint16_t)t.len, 6, 2, 8);
	memcpy(fseg(&m) + 0x5270, &e, sizeof(e));
	struct acpi_mem mem = { fake_map, &m };

	assert_int_equal(smbios_discover(&mem, 0, &si, log_out()), 0);
	assert_true(si.present);
	assert_false(si.is64);
	assert_int_equal(si.entry_phys, 0xf5270);
	assert_string_equal(si.source, "BIOS area");
	assert_int_equal(si.major, 2);
	assert_int_equal(si.minor, 8);
	assert_int_equal(si.nstructs, 6);
	assert_int_equal(si.problems, 0);
	assert_string_equal(si.bios_vendor.s, "PicoBIOS");
	assert_string_equal(si.bios_version.s, "1.2.3");
	assert_string_equal(si.bios_date.s, "12/05/2026");
	assert_string_equal(si.sys_vendor.s, "Acme");
	assert_string_equal(si.product_name.s, "Rack 7");     /* trailing blanks dropped */
	assert_string_equal(si.product_serial.s, "SN123");
	assert_string_equal(si.uuid, "01234567-89ab-cdef-0123-456789abcdef");
	assert_string_equal(si.board_vendor.s, "BoardCo");
	assert_string_equal(si.board_name.s, "B-42");
	assert_int_equal(si.sockets, 2);
	assert_int_equal(si.sockets_populated, 1);

	char buf[2048];
	struct out_buf o;
	struct json j;
	out_buf_init(&o, buf, sizeof(buf));
	smbios_print(&si, &o.out);
	assert_non_null(strstr(buf, "smbios: 2.8, \"Acme\" \"Rack 7\", serial \"SN123\", uuid "
				    "01234567-89ab-cdef-0123-456789abcdef, BIOS \"PicoBIOS\" "
				    "\"1.2.3\" \"12/05/2026\", board \"BoardCo\" \"B-42\", "
				    "1/2 sockets populated\n"));
	assert_non_null(strstr(buf, "_SM_ entry point at 0xf5270 (BIOS area), 6 structures"));
	out_buf_init(&o, buf, sizeof(buf));
	json_init(&j, &o.out);
	json_obj_begin(&j, NULL);
	smbios_json(&si, &j);
	json_obj_end(&j);
	assert_string_equal(buf, "{\"smbios\":\"2.8\",\"sys_vendor\":\"Acme\",\"product_name\":"
			    "\"Rack 7\",\"product_serial\":\"SN123\",\"product_uuid\":"
			    "\"01234567-89ab-cdef-0123-456789abcdef\",\"bios_vendor\":\"PicoBIOS\","
			    "\"bios_version\":\"1.2.3\",\"bios_date\":\"12/05/2026\","
			    "\"board_vendor\":\"BoardCo\",\"board_name\":\"B-42\",\"sockets\":2,"
			    "\"sockets_populated\":1}");
	free_mem(&m);
}

/* Both anchors in the BIOS area: _SM3_ wins even when _SM_ comes first. */
static void sm3_preferred_in_scan(void **state)
{
	struct mem m = { 0 };
	struct tb t;
	struct smbios_info si;
	(void)state;

	tb_full(&t);
	add_region(&m, TABLE_PHYS, t.buf, t.len);
	uint8_t *f = fseg(&m);
	struct smbios21_entry e2 = ep21(0x1000, 10, 1, 2, 8);  /* points nowhere */
	struct smbios3_entry e3 = ep3(TABLE_PHYS, (uint32_t)t.len);
	memcpy(f + 0x100, &e2, sizeof(e2));
	memcpy(f + 0x200, &e3, sizeof(e3));
	struct acpi_mem mem = { fake_map, &m };

	assert_int_equal(smbios_discover(&mem, 0, &si, log_out()), 0);
	assert_true(si.is64);
	assert_int_equal(si.entry_phys, 0xf0200);
	assert_int_equal(si.major, 3);
	assert_string_equal(si.sys_vendor.s, "Acme");
	assert_string_equal(si.uuid, "01234567-89ab-cdef-0123-456789abcdef");
	free_mem(&m);
}

/* An anchor off a 16-byte boundary is not an entry point (DSP0134 5.2.1). */
static void scan_needs_paragraph(void **state)
{
	struct mem m = { 0 };
	struct tb t;
	struct smbios_info si;
	(void)state;

	tb_full(&t);
	add_region(&m, TABLE_PHYS, t.buf, t.len);
	struct smbios3_entry e3 = ep3(TABLE_PHYS, (uint32_t)t.len);
	memcpy(fseg(&m) + 0x208, &e3, sizeof(e3));
	struct acpi_mem mem = { fake_map, &m };

	assert_int_equal(smbios_discover(&mem, 0, &si, log_out()), -1);
	assert_false(si.present);
	assert_non_null(strstr(logbuf, "no valid entry point"));
	free_mem(&m);
}

static const uint8_t guid_sm2[16] = { 0x31, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,
				      0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d };
static const uint8_t guid_sm3[16] = { 0x44, 0x15, 0xfd, 0xf2, 0x94, 0x97, 0x2c, 0x4a,
				      0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94 };
static const uint8_t guid_acpi[16] = { 0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
				       0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 };

/* An EFI system table at SYSTAB listing n configuration tables at CONFTAB. */
static void efi_tables(struct mem *m, uint64_t sig, uint64_t n, const struct efi_config_table64 *ct,
		       unsigned nct)
{
	struct efi_system_table64 st;

	memset(&st, 0, sizeof(st));
	st.signature = sig;
	st.nr_tables = n;
	st.tables = CONFTAB;
	add_region(m, SYSTAB, &st, sizeof(st));
	if (nct)
		add_region(m, CONFTAB, ct, nct * sizeof(*ct));
}

static void efi_sm3_preferred(void **state)
{
	struct mem m = { 0 };
	struct tb t;
	struct smbios_info si;
	(void)state;

	tb_full(&t);
	add_region(&m, TABLE_PHYS, t.buf, t.len);
	struct smbios21_entry e2 = ep21((uint32_t)TABLE_PHYS, (uint16_t)t.len, 6, 2, 8);
	struct smbios3_entry e3 = ep3(TABLE_PHYS, 0x1000 + (uint32_t)t.len);
	add_region(&m, 0x7d000000, &e2, sizeof(e2));
	add_region(&m, 0x7d001000, &e3, sizeof(e3));
	/* The table's maximum size runs past it: map the slack too. */
	m.r[0].buf = realloc(m.r[0].buf, t.len + 0x1000);
	memset(m.r[0].buf + t.len, 0, 0x1000);
	m.r[0].len = t.len + 0x1000;
	struct efi_config_table64 ct[3] = { { .table = 0x12345 } };
	memcpy(ct[0].guid, guid_acpi, 16);
	memcpy(ct[1].guid, guid_sm2, 16);
	ct[1].table = 0x7d000000;
	memcpy(ct[2].guid, guid_sm3, 16);
	ct[2].table = 0x7d001000;
	efi_tables(&m, EFI_SYSTEM_TABLE_SIGNATURE, 3, ct, 3);
	struct acpi_mem mem = { fake_map, &m };

	assert_int_equal(smbios_discover(&mem, SYSTAB, &si, log_out()), 0);
	assert_true(si.is64);
	assert_string_equal(si.source, "EFI");
	assert_int_equal(si.entry_phys, 0x7d001000);
	/* The end-of-table structure stops the walk before the zero slack. */
	assert_int_equal(si.nstructs, 6);
	assert_int_equal(si.problems, 0);
	assert_string_equal(si.board_name.s, "B-42");

	/* Only the 2.x GUID: its entry point is used. */
	uint64_t a, b;
	assert_int_equal(smbios_efi_lookup(&mem, SYSTAB, &a, &b, log_out()), 0);
	assert_int_equal(a, 0x7d001000);
	assert_int_equal(b, 0x7d000000);
	free_mem(&m);
}

static void efi_without_smbios_falls_back(void **state)
{
	struct mem m = { 0 };
	struct tb t;
	struct smbios_info si;
	(void)state;

	tb_full(&t);
	add_region(&m, TABLE_PHYS, t.buf, t.len);
	struct smbios21_entry e = ep21((uint32_t)TABLE_PHYS, (uint16_t)t.len, 6, 2, 8);
	memcpy(fseg(&m) + 0x10, &e, sizeof(e));
	struct efi_config_table64 ct[1] = { { .table = 0x12345 } };
	memcpy(ct[0].guid, guid_acpi, 16);
	efi_tables(&m, EFI_SYSTEM_TABLE_SIGNATURE, 1, ct, 1);
	struct acpi_mem mem = { fake_map, &m };

	assert_int_equal(smbios_discover(&mem, SYSTAB, &si, log_out()), 0);
	assert_string_equal(si.source, "BIOS area");
	assert_string_equal(si.sys_vendor.s, "Acme");
	free_mem(&m);
}

struct efi_bad {
	const char *name;
	uint64_t sig, n;
	unsigned nct;           /* entries actually mapped */
	uint64_t systab;
	const char *msg;
};

static const struct efi_bad efi_bad_cases[] = {
	{ "efi_bad_signature", 0x1122334455667788ull, 1, 1, SYSTAB, "no EFI system table signature" },
	{ "efi_too_many_tables", EFI_SYSTEM_TABLE_SIGNATURE, 100000, 1, SYSTAB,
	  "100000 configuration tables" },
	{ "efi_tables_unmapped", EFI_SYSTEM_TABLE_SIGNATURE, 4, 1, SYSTAB,
	  "configuration table at 0x7e001000 not mapped" },
	{ "efi_systab_unmapped", EFI_SYSTEM_TABLE_SIGNATURE, 1, 1, 0x5000,
	  "system table at 0x5000 not mapped" },
};

static void efi_bad(void **state)
{
	const struct efi_bad *c = *state;
	struct mem m = { 0 };
	struct smbios_info si;
	struct efi_config_table64 ct[1] = { { .table = 0x7d000000 } };

	memcpy(ct[0].guid, guid_sm2, 16);
	efi_tables(&m, c->sig, c->n, ct, c->nct);
	struct acpi_mem mem = { fake_map, &m };
	assert_int_equal(smbios_discover(&mem, c->systab, &si, log_out()), -1);
	assert_false(si.present);
	assert_non_null(strstr(logbuf, c->msg));
	free_mem(&m);
}

/* Entry points the parser must refuse. */
struct ep_bad {
	const char *name;
	int what;
	const char *msg;
};

enum { EP_SUM21, EP_DMI_SUM, EP_DMI_ANCHOR, EP_LEN21, EP_SUM3, EP_LEN3, EP_TABLE_UNMAPPED,
       EP_TABLE_ZERO };

static const struct ep_bad ep_bad_cases[] = {
	{ "ep21_bad_checksum", EP_SUM21, "_SM_ entry point checksum is wrong" },
	{ "ep21_bad_dmi_checksum", EP_DMI_SUM, "bad _DMI_ anchor or checksum" },
	{ "ep21_bad_dmi_anchor", EP_DMI_ANCHOR, "bad _DMI_ anchor or checksum" },
	{ "ep21_bad_length", EP_LEN21, "_SM_ entry point length 200" },
	{ "ep3_bad_checksum", EP_SUM3, "_SM3_ entry point checksum is wrong" },
	{ "ep3_bad_length", EP_LEN3, "_SM3_ entry point length 16" },
	{ "ep_table_unmapped", EP_TABLE_UNMAPPED, "not mapped" },
	{ "ep_table_at_zero", EP_TABLE_ZERO, "structure table at 0x0" },
};

static void ep_bad(void **state)
{
	const struct ep_bad *c = *state;
	struct mem m = { 0 };
	struct tb t;
	struct smbios_info si;

	tb_full(&t);
	add_region(&m, TABLE_PHYS, t.buf, t.len);
	uint8_t *f = fseg(&m);
	struct smbios21_entry e2 = ep21((uint32_t)TABLE_PHYS, (uint16_t)t.len, 6, 2, 8);
	struct smbios3_entry e3 = ep3(TABLE_PHYS, (uint32_t)t.len);
	switch (c->what) {
	case EP_SUM21: e2.checksum ^= 1; break;
	case EP_DMI_SUM: e2.ichecksum ^= 1; fix_sum((uint8_t *)&e2, 0x1f, 4); break;
	case EP_DMI_ANCHOR: e2.ianchor[0] = 'X'; fix_sum((uint8_t *)&e2 + 0x10, 0x0f, 5);
		fix_sum((uint8_t *)&e2, 0x1f, 4); break;
	case EP_LEN21: e2.length = 200; fix_sum((uint8_t *)&e2, 0x1f, 4); break;
	case EP_SUM3: e3.checksum ^= 1; break;
	case EP_LEN3: e3.length = 16; fix_sum((uint8_t *)&e3, 16, 5); break;
	case EP_TABLE_UNMAPPED: e3.table_address = TABLE_PHYS + 16;
		fix_sum((uint8_t *)&e3, 0x18, 5); break;
	case EP_TABLE_ZERO: e3.table_address = 0; fix_sum((uint8_t *)&e3, 0x18, 5); break;
	}
	if (c->what <= EP_LEN21)
		memcpy(f + 0x40, &e2, sizeof(e2));
	else
		memcpy(f + 0xfff0 - 16, &e3, sizeof(e3));
	struct acpi_mem mem = { fake_map, &m };
	assert_int_equal(smbios_discover(&mem, 0, &si, log_out()), -1);
	assert_false(si.present);
	assert_non_null(strstr(logbuf, c->msg));
	free_mem(&m);
}

/* SMBIOS 3.x structure table maximum beyond SMBIOS_TABLE_MAX: clipped, not trusted. */
static void table_len_clipped(void **state)
{
	struct mem m = { 0 };
	struct smbios_info si;
	(void)state;

	add_region(&m, TABLE_PHYS, NULL, SMBIOS_TABLE_MAX);
	struct tb t;
	tb_full(&t);
	memcpy(m.r[0].buf, t.buf, t.len);
	struct smbios3_entry e3 = ep3(TABLE_PHYS, 0xffffffffu);
	memcpy(fseg(&m), &e3, sizeof(e3));
	struct acpi_mem mem = { fake_map, &m };
	assert_int_equal(smbios_discover(&mem, 0, &si, log_out()), 0);
	assert_int_equal(si.table_len, SMBIOS_TABLE_MAX);
	assert_int_equal(si.problems, 1);
	assert_non_null(strstr(logbuf, "clipped"));
	assert_string_equal(si.product_serial.s, "SN123");
	free_mem(&m);
}

/* ---- the walk on its own, malformed tables ------------------------------------- */

static struct smbios_info walk(const struct tb *t, size_t len, unsigned max, uint8_t major,
			       uint8_t minor)
{
	struct smbios_info si;
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, t->buf, len);
	memset(&si, 0, sizeof(si));
	si.major = major;
	si.minor = minor;
	smbios_walk(p, len, max, &si, log_out());
	free(p);
	return si;
}

static void uuid_byte_order(void **state)
{
	struct tb t = { 0 };
	struct smbios_info si;
	(void)state;

	tb_type1(&t, uuid_raw);
	/* Before 2.6 the bytes are taken in wire order. */
	si = walk(&t, t.len, 0, 2, 5);
	assert_string_equal(si.uuid, "67452301-ab89-efcd-0123-456789abcdef");
	si = walk(&t, t.len, 0, 2, 6);
	assert_string_equal(si.uuid, "01234567-89ab-cdef-0123-456789abcdef");
	si = walk(&t, t.len, 0, 3, 0);
	assert_string_equal(si.uuid, "01234567-89ab-cdef-0123-456789abcdef");

	uint8_t ff[16], zero[16] = { 0 };
	memset(ff, 0xff, 16);
	memset(&t, 0, sizeof(t));
	tb_type1(&t, ff);
	si = walk(&t, t.len, 0, 3, 0);
	assert_string_equal(si.uuid, "");       /* 7.2.1: not present but settable */
	memset(&t, 0, sizeof(t));
	tb_type1(&t, zero);
	si = walk(&t, t.len, 0, 3, 0);
	assert_string_equal(si.uuid, "");
	assert_true(si.has_system);

	/* An SMBIOS 2.0 type 1 (length 8) has no UUID. */
	uint8_t f[8] = { 0, 0, 0, 0, 1, 0, 0, 0 };
	memset(&t, 0, sizeof(t));
	tb_struct(&t, 1, f, sizeof(f), "Old", NULL);
	si = walk(&t, t.len, 0, 2, 0);
	assert_string_equal(si.sys_vendor.s, "Old");
	assert_string_equal(si.uuid, "");
}

static void string_index_past_set(void **state)
{
	struct tb t = { 0 };
	struct smbios_info si;
	uint8_t f[0x18] = { 0 };
	(void)state;

	f[SMBIOS0_VENDOR] = 1;
	f[SMBIOS0_VERSION] = 3;         /* only two strings */
	f[SMBIOS0_DATE] = 200;
	tb_struct(&t, 0, f, sizeof(f), "V", "x", NULL);
	tb_end(&t);
	si = walk(&t, t.len, 0, 3, 0);
	assert_string_equal(si.bios_vendor.s, "V");
	assert_string_equal(si.bios_version.s, "");
	assert_string_equal(si.bios_date.s, "");
	assert_int_equal(si.problems, 2);
	assert_non_null(strstr(logbuf, "names string 200, past its strings"));
	assert_int_equal(si.nstructs, 2);

	/* A string number in a structure with no strings at all. */
	memset(&t, 0, sizeof(t));
	tb_struct(&t, 0, f, sizeof(f), NULL);
	si = walk(&t, t.len, 0, 3, 0);
	assert_string_equal(si.bios_vendor.s, "");
	assert_int_equal(si.problems, 3);
}

static void strings_cleaned(void **state)
{
	struct tb t = { 0 };
	struct smbios_info si;
	uint8_t f[0x0f] = { 0 };
	char longs[200];
	(void)state;

	memset(longs, 'L', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = 0;
	f[SMBIOS2_MANUFACTURER] = 1;
	f[SMBIOS2_PRODUCT] = 2;
	tb_struct(&t, 2, f, sizeof(f), "Tab\there\x80\"q\"  ", longs, NULL);
	si = walk(&t, t.len, 0, 3, 0);
	assert_string_equal(si.board_vendor.s, "Tab?here?\"q\"");
	assert_int_equal(strlen(si.board_name.s), SMBIOS_STR_MAX);
}

/* A formatted area shorter than the fields: they are "not given". */
static void short_formatted_area(void **state)
{
	struct tb t = { 0 };
	struct smbios_info si;
	uint8_t f[6] = { 0, 0, 0, 0, 1, 1 };    /* vendor and version only */
	(void)state;

	tb_struct(&t, 0, f, sizeof(f), "V", NULL);
	si = walk(&t, t.len, 0, 3, 0);
	assert_string_equal(si.bios_vendor.s, "V");
	assert_string_equal(si.bios_version.s, "V");
	assert_string_equal(si.bios_date.s, "");
	assert_int_equal(si.problems, 0);
	tb_type4(&t, 0x41, 0x18);       /* status byte just outside */
	si = walk(&t, t.len, 0, 3, 0);
	assert_int_equal(si.sockets, 1);
	assert_int_equal(si.sockets_populated, 0);
}

struct walk_bad {
	const char *name;
	int what;
	unsigned nstructs;
	const char *msg;
};

enum { WB_LEN_SHORT, WB_LEN_PAST, WB_NO_TERM, WB_TRUNC_HEADER, WB_COUNT, WB_AFTER_END,
       WB_ONE_BYTE_TERM, WB_EMPTY };

static const struct walk_bad walk_bad_cases[] = {
	{ "walk_length_below_header", WB_LEN_SHORT, 1, "(type 1, length 3) runs past" },
	{ "walk_length_past_table", WB_LEN_PAST, 1, "(type 1, length 250) runs past" },
	{ "walk_no_string_terminator", WB_NO_TERM, 1, "has no string-set terminator" },
	{ "walk_whole_table", WB_TRUNC_HEADER, 6, NULL },
	{ "walk_stops_at_count", WB_COUNT, 2, NULL },
	{ "walk_stops_at_end_type", WB_AFTER_END, 6, NULL },
	{ "walk_single_nul_at_end", WB_ONE_BYTE_TERM, 0, "has no string-set terminator" },
	{ "walk_empty_table", WB_EMPTY, 0, NULL },
};

static void walk_bad(void **state)
{
	const struct walk_bad *c = *state;
	struct tb t = { 0 };
	struct smbios_info si;
	size_t len;
	unsigned max = 0;

	tb_full(&t);
	len = t.len;
	size_t t1 = 0x18 + strlen("PicoBIOS") + strlen("1.2.3") + strlen("12/05/2026") + 4;
	switch (c->what) {
	case WB_LEN_SHORT: t.buf[t1 + 1] = 3; break;
	case WB_LEN_PAST: t.buf[t1 + 1] = 250; len = t1 + 100; break;
	case WB_NO_TERM: len = t1 + 0x1b + 6; break;   /* into the type-1 strings */
	case WB_TRUNC_HEADER: break;
	case WB_COUNT: max = 2; break;
	case WB_AFTER_END: {
		/* Garbage after the end-of-table structure is never read. */
		memset(t.buf + t.len, 0xee, 32);
		len = t.len + 32;
		break;
	}
	case WB_ONE_BYTE_TERM: {
		uint8_t f[4] = { 7, 4, 0, 0 };
		memset(&t, 0, sizeof(t));
		memcpy(t.buf, f, 4);
		len = 5;        /* one NUL: no room for the terminator */
		break;
	}
	case WB_EMPTY: len = 3; break;
	}
	si = walk(&t, len, max, 3, 0);
	assert_int_equal(si.nstructs, c->nstructs);
	if (c->msg) {
		assert_true(si.truncated);
		assert_non_null(strstr(logbuf, c->msg));
	} else {
		assert_false(si.truncated);
		assert_int_equal(si.problems, 0);
	}
	if (c->nstructs >= 1)
		assert_string_equal(si.bios_vendor.s, "PicoBIOS");
}

/* A table without an end structure, cut in a structure's header: the walk ends. */
static void walk_cut_header(void **state)
{
	struct tb t = { 0 };
	struct smbios_info si;
	(void)state;

	tb_type0(&t);
	tb_type2(&t);
	si = walk(&t, t.len + 2, 0, 3, 0);      /* 2 zero bytes: less than a header */
	assert_int_equal(si.nstructs, 2);
	assert_string_equal(si.board_name.s, "B-42");
}

static void absent_json(void **state)
{
	struct smbios_info si;
	char buf[512];
	struct out_buf o;
	struct json j;
	(void)state;

	memset(&si, 0, sizeof(si));
	out_buf_init(&o, buf, sizeof(buf));
	smbios_print(&si, &o.out);
	assert_string_equal(buf, "smbios: none (no valid SMBIOS entry point)\n");
	out_buf_init(&o, buf, sizeof(buf));
	json_init(&j, &o.out);
	json_obj_begin(&j, NULL);
	smbios_json(&si, &j);
	json_obj_end(&j);
	assert_string_equal(buf, "{\"smbios\":null,\"sys_vendor\":null,\"product_name\":null,"
			    "\"product_serial\":null,\"product_uuid\":null,\"bios_vendor\":null,"
			    "\"bios_version\":null,\"bios_date\":null,\"board_vendor\":null,"
			    "\"board_name\":null,\"sockets\":null,\"sockets_populated\":null}");
}

#define TABLE_CASES(arr, fn)                                                           \
	for (size_t i_ = 0; i_ < sizeof(arr) / sizeof((arr)[0]); i_++)                 \
		tests[n++] = (struct CMUnitTest){ .name = (arr)[i_].name, .test_func = (fn), \
						  .initial_state = (void *)&(arr)[i_] }

int main(void)
{
	struct CMUnitTest tests[64];
	size_t n = 0;

	tests[n++] = (struct CMUnitTest)cmocka_unit_test(full_21_bios_scan);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(sm3_preferred_in_scan);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(scan_needs_paragraph);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(efi_sm3_preferred);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(efi_without_smbios_falls_back);
	TABLE_CASES(efi_bad_cases, efi_bad);
	TABLE_CASES(ep_bad_cases, ep_bad);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(table_len_clipped);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(uuid_byte_order);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(string_index_past_set);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(strings_cleaned);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(short_formatted_area);
	TABLE_CASES(walk_bad_cases, walk_bad);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(walk_cut_header);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(absent_json);
	return _cmocka_run_group_tests("smbios", tests, n, NULL, NULL);
}
