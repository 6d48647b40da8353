/* SPDX-License-Identifier: MIT */
/*
 * MADT parser: one named case per table. Each table is built by a small
 * builder, then copied into a heap block of exactly the length handed to
 * madt_parse(), so the sanitizer build catches any read past it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <stdlib.h>
#include <string.h>

#include "pure/madt.h"

/* ---- builder ---------------------------------------------------------------- */

struct mb {
	uint8_t buf[32768];
	size_t len;
	size_t avail;   /* bytes handed to madt_parse(); 0: the table's length */
};

static void mb_start(struct mb *b, uint8_t rev, uint32_t lapic, uint32_t flags)
{
	struct acpi_madt m = {
		.h = { .signature = "APIC", .revision = rev, .oem_id = "PVTEST" },
		.lapic_address = lapic,
		.flags = flags,
	};
	memset(b, 0, sizeof(*b));
	memcpy(b->buf, &m, sizeof(m));
	b->len = sizeof(m);
}

static void mb_raw(struct mb *b, const void *p, size_t n)
{
	assert_true(b->len + n <= sizeof(b->buf));
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void mb_lapic(struct mb *b, uint8_t uid, uint8_t id, uint32_t flags)
{
	struct acpi_madt_local_apic e = {
		.type = ACPI_MADT_TYPE_LOCAL_APIC, .length = sizeof(e),
		.processor_uid = uid, .apic_id = id, .flags = flags,
	};
	mb_raw(b, &e, sizeof(e));
}

static void mb_x2apic(struct mb *b, uint32_t id, uint32_t flags, uint32_t uid)
{
	struct acpi_madt_local_x2apic e = {
		.type = ACPI_MADT_TYPE_LOCAL_X2APIC, .length = sizeof(e),
		.x2apic_id = id, .flags = flags, .processor_uid = uid,
	};
	mb_raw(b, &e, sizeof(e));
}

static void mb_override(struct mb *b, uint64_t addr)
{
	struct acpi_madt_lapic_override e = {
		.type = ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE, .length = sizeof(e),
		.address = addr,
	};
	mb_raw(b, &e, sizeof(e));
}

/* 5.2.12.3 I/O APIC: type 1, length 12. */
static void mb_ioapic(struct mb *b, uint8_t id, uint32_t addr, uint32_t gsi_base)
{
	uint8_t e[12] = { ACPI_MADT_TYPE_IO_APIC, 12, id, 0 };
	memcpy(e + 4, &addr, 4);
	memcpy(e + 8, &gsi_base, 4);
	mb_raw(b, e, sizeof(e));
}

/* 5.2.12.5 Interrupt Source Override: type 2, length 10. */
static void mb_iso(struct mb *b, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	uint8_t e[10] = { ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, 10, 0, irq };
	memcpy(e + 4, &gsi, 4);
	memcpy(e + 8, &flags, 2);
	mb_raw(b, e, sizeof(e));
}

/* 5.2.12.7 Local APIC NMI: type 4, length 6. */
static void mb_lapic_nmi(struct mb *b)
{
	uint8_t e[6] = { ACPI_MADT_TYPE_LOCAL_APIC_NMI, 6, 0xff, 5, 0, 1 };
	mb_raw(b, e, sizeof(e));
}

/* Set the length and checksum: the table as firmware would leave it. */
static void mb_finish(struct mb *b)
{
	struct acpi_sdt_header *h = (struct acpi_sdt_header *)b->buf;
	uint32_t len = (uint32_t)b->len;
	uint8_t sum = 0;

	memcpy(&h->length, &len, 4);
	h->checksum = 0;
	for (size_t i = 0; i < b->len; i++)
		sum += b->buf[i];
	h->checksum = (uint8_t)-sum;
}

static void set_u32(struct mb *b, size_t off, uint32_t v)
{
	memcpy(b->buf + off, &v, 4);
}

/* ---- tables -------------------------------------------------------------- */

#define LAPIC_DEFAULT   0xfee00000u
#define EN              ACPI_MADT_ENABLED
#define OC              ACPI_MADT_ONLINE_CAPABLE

/* The Bochs BIOS: one type-0 entry per CPU, an I/O APIC, overrides, an NMI. */
static void t_bochs(struct mb *b)
{
	mb_start(b, 1, LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	for (uint8_t i = 0; i < 4; i++)
		mb_lapic(b, i, i, EN);
	mb_ioapic(b, 4, 0xfec00000, 0);
	mb_iso(b, 0, 2, 0);
	mb_iso(b, 9, 9, 0xd);
	mb_lapic_nmi(b);
	mb_finish(b);
}

/* A Firecracker VM's MADT (revision 6), read from /sys/firmware/acpi/tables/APIC. */
static const uint8_t firecracker_madt[72] = {
	0x41, 0x50, 0x49, 0x43, 0x48, 0x00, 0x00, 0x00, 0x06, 0x56, 0x46, 0x49,
	0x52, 0x45, 0x43, 0x4b, 0x46, 0x43, 0x56, 0x4d, 0x4d, 0x41, 0x44, 0x54,
	0x00, 0x00, 0x00, 0x00, 0x46, 0x43, 0x41, 0x54, 0x19, 0x01, 0x24, 0x20,
	0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x00, 0x00,
	0x00, 0x00, 0xc0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00,
};

static void t_firecracker(struct mb *b)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->buf, firecracker_madt, sizeof(firecracker_madt));
	b->len = sizeof(firecracker_madt);
}

/* x2APIC IDs above 255 after the xAPIC ones (large systems). */
static void t_x2apic(struct mb *b)
{
	mb_start(b, 5, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_lapic(b, 1, 1, EN);
	mb_x2apic(b, 256, EN, 2);
	mb_x2apic(b, 300, EN, 3);
	mb_finish(b);
}

/* x2APIC ID 0xff is an ordinary ID (only the xAPIC entry reserves it). */
static void t_x2apic_ff(struct mb *b)
{
	mb_start(b, 5, LAPIC_DEFAULT, 0);
	mb_x2apic(b, 0, EN, 0);
	mb_x2apic(b, 0xff, EN, 1);
	mb_x2apic(b, 0xffffffff, EN, 2);
	mb_finish(b);
}

static void t_disabled(struct mb *b)
{
	mb_start(b, 3, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_lapic(b, 1, 1, 0);
	mb_lapic(b, 2, 2, EN);
	mb_x2apic(b, 3, 0, 3);
	mb_finish(b);
}

static void t_online_capable(struct mb *b)
{
	mb_start(b, 5, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_lapic(b, 1, 1, OC);
	mb_lapic(b, 2, 2, 0);
	mb_x2apic(b, 400, OC, 3);
	mb_lapic(b, 4, 4, EN | OC);     /* OC reserved when enabled: still enabled */
	mb_finish(b);
}

/* Before revision 5 bit 1 is reserved: a disabled entry stays disabled. */
static void t_online_capable_rev4(struct mb *b)
{
	mb_start(b, 4, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_lapic(b, 1, 1, OC);
	mb_finish(b);
}

/* Each CPU listed as type 0 and again as type 9; one listed twice as type 0. */
static void t_duplicates(struct mb *b)
{
	mb_start(b, 5, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_lapic(b, 1, 1, EN);
	mb_x2apic(b, 0, EN, 0);
	mb_x2apic(b, 1, EN, 1);
	mb_lapic(b, 2, 1, EN);
	mb_lapic(b, 3, 3, OC);
	mb_x2apic(b, 3, EN, 3);         /* already listed as online capable */
	mb_finish(b);
}

static void t_apic_id_ff(struct mb *b)
{
	mb_start(b, 1, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_lapic(b, 1, 0xff, EN);
	mb_finish(b);
}

static void t_override(struct mb *b)
{
	mb_start(b, 3, LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	mb_lapic(b, 0, 0, EN);
	mb_override(b, 0x1fee00000ull);
	mb_override(b, 0xfed00000ull);  /* a second one is ignored */
	mb_finish(b);
}

static void t_override_zero(struct mb *b)
{
	mb_start(b, 3, LAPIC_DEFAULT, 0);
	mb_override(b, 0);
	mb_lapic(b, 0, 0, EN);
	mb_finish(b);
}

static void t_too_many(struct mb *b)
{
	mb_start(b, 5, LAPIC_DEFAULT, 0);
	for (uint32_t i = 0; i < 300; i++)
		mb_x2apic(b, i, EN, i);
	mb_finish(b);
}

/* 1000 CPUs (x2APIC IDs 0-999), the largest the test storage holds with room to spare. */
static void t_thousand(struct mb *b)
{
	mb_start(b, 5, LAPIC_DEFAULT, 0);
	for (uint32_t i = 0; i < 1000; i++)
		mb_x2apic(b, i, EN, i);
	mb_finish(b);
}

static void t_header_only(struct mb *b)
{
	mb_start(b, 1, LAPIC_DEFAULT, 0);
	mb_finish(b);
}

/* Unknown types and longer-than-known entries are stepped over by length. */
static void t_unknown_types(struct mb *b)
{
	uint8_t unknown[20] = { 0x7f, 20 };
	uint8_t long_lapic[10] = { ACPI_MADT_TYPE_LOCAL_APIC, 10, 7, 7, EN };

	mb_start(b, 6, LAPIC_DEFAULT, 0);
	mb_raw(b, unknown, sizeof(unknown));
	mb_raw(b, long_lapic, sizeof(long_lapic));
	mb_finish(b);
}

static void t_short_buffer(struct mb *b)
{
	t_bochs(b);
	b->avail = 40;
}

static void t_length_past_buffer(struct mb *b)
{
	t_bochs(b);
	b->avail = b->len - 4;
}

static void t_length_below_header(struct mb *b)
{
	t_bochs(b);
	set_u32(b, 4, 40);
}

static void t_entry_len0(struct mb *b)
{
	uint8_t e[8] = { ACPI_MADT_TYPE_LOCAL_APIC, 0 };

	mb_start(b, 1, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_raw(b, e, sizeof(e));
	mb_finish(b);
}

static void t_entry_len1(struct mb *b)
{
	uint8_t e[2] = { 0x42, 1 };

	mb_start(b, 1, LAPIC_DEFAULT, 0);
	mb_raw(b, e, sizeof(e));
	mb_finish(b);
}

static void t_entry_past_end(struct mb *b)
{
	mb_start(b, 1, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_x2apic(b, 1, EN, 1);
	mb_finish(b);
	set_u32(b, 4, (uint32_t)b->len - 4);   /* cuts the x2APIC entry */
	b->len -= 4;
}

static void t_entry_header_cut(struct mb *b)
{
	uint8_t one = ACPI_MADT_TYPE_LOCAL_APIC;

	mb_start(b, 1, LAPIC_DEFAULT, 0);
	mb_lapic(b, 0, 0, EN);
	mb_raw(b, &one, 1);
	mb_finish(b);
}

static void t_lapic_short(struct mb *b)
{
	uint8_t e[6] = { ACPI_MADT_TYPE_LOCAL_APIC, 6, 0, 0, EN };

	mb_start(b, 1, LAPIC_DEFAULT, 0);
	mb_raw(b, e, sizeof(e));
	mb_finish(b);
}

static void t_x2apic_short(struct mb *b)
{
	uint8_t e[12] = { ACPI_MADT_TYPE_LOCAL_X2APIC, 12 };

	mb_start(b, 5, LAPIC_DEFAULT, 0);
	mb_raw(b, e, sizeof(e));
	mb_finish(b);
}

static void t_override_short(struct mb *b)
{
	uint8_t e[8] = { ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE, 8 };

	mb_start(b, 3, LAPIC_DEFAULT, 0);
	mb_raw(b, e, sizeof(e));
	mb_finish(b);
}

/* ---- cases ------------------------------------------------------------------- */

#define IDS(...)    { __VA_ARGS__ }

struct madt_case {
	const char *name;
	void (*build)(struct mb *b);
	int rc;
	uint64_t lapic_addr;
	bool has_override;
	uint32_t flags;
	unsigned ncpus;
	uint32_t ids[8];                /* first APIC IDs of cpus[] */
	unsigned n_oc;
	uint32_t oc_ids[4];
	unsigned n_disabled, n_duplicates, n_ignored, n_overflow, n_other;
	bool needs_x2apic;
	const char *log;                /* expected in the output, or NULL */
};

static const struct madt_case cases[] = {
	{ "bochs_4cpu_ioapic_overrides", t_bochs, 0, LAPIC_DEFAULT, false,
	  ACPI_MADT_PCAT_COMPAT, 4, IDS(0, 1, 2, 3), .n_other = 4 },
	{ "firecracker_2cpu_rev6", t_firecracker, 0, LAPIC_DEFAULT, false, 0,
	  2, IDS(0, 1), .n_other = 1 },
	{ "x2apic_ids_above_255", t_x2apic, 0, LAPIC_DEFAULT, false, 0,
	  4, IDS(0, 1, 256, 300), .needs_x2apic = true },
	{ "x2apic_id_ff_valid_ffffffff_not", t_x2apic_ff, 0, LAPIC_DEFAULT, false, 0,
	  2, IDS(0, 0xff), .n_ignored = 1, .needs_x2apic = true,
	  .log = "invalid APIC ID 0xffffffff" },
	{ "disabled_entries", t_disabled, 0, LAPIC_DEFAULT, false, 0,
	  2, IDS(0, 2), .n_disabled = 2 },
	{ "online_capable_rev5", t_online_capable, 0, LAPIC_DEFAULT, false, 0,
	  2, IDS(0, 4), 2, IDS(1, 400), .n_disabled = 1, .needs_x2apic = true },
	{ "online_capable_bit_before_rev5", t_online_capable_rev4, 0, LAPIC_DEFAULT,
	  false, 0, 1, IDS(0), .n_disabled = 1 },
	{ "duplicates_type0_and_type9", t_duplicates, 0, LAPIC_DEFAULT, false, 0,
	  2, IDS(0, 1), 1, IDS(3), .n_duplicates = 4,
	  .log = "APIC ID 1 listed again (type 0 entry at offset 92)" },
	{ "apic_id_ff_in_type0", t_apic_id_ff, 0, LAPIC_DEFAULT, false, 0,
	  1, IDS(0), .n_ignored = 1, .log = "invalid APIC ID 0xff" },
	{ "lapic_override_wins", t_override, 0, 0x1fee00000ull, true,
	  ACPI_MADT_PCAT_COMPAT, 1, IDS(0), .n_other = 0,
	  .log = "second LAPIC address override (0xfed00000" },
	{ "lapic_override_zero_ignored", t_override_zero, 0, LAPIC_DEFAULT, false, 0,
	  1, IDS(0), .log = "override of 0 ignored" },
	{ "more_than_256_cpus", t_too_many, 0, LAPIC_DEFAULT, false, 0,
	  300, IDS(0, 1, 2, 3, 4, 5, 6, 7), .needs_x2apic = true },
	{ "thousand_cpus", t_thousand, 0, LAPIC_DEFAULT, false, 0,
	  1000, IDS(0, 1, 2, 3, 4, 5, 6, 7), .needs_x2apic = true },
	{ "header_only", t_header_only, 0, LAPIC_DEFAULT, false, 0, .ncpus = 0 },
	{ "unknown_types_and_long_entries", t_unknown_types, 0, LAPIC_DEFAULT, false,
	  0, 1, IDS(7), .n_other = 1 },
	{ "buffer_shorter_than_header", t_short_buffer, -1,
	  .log = "madt: only 40 bytes" },
	{ "length_past_buffer", t_length_past_buffer, -1, .log = "madt: bad length" },
	{ "length_below_header", t_length_below_header, -1,
	  .log = "madt: bad length 40" },
	{ "entry_length_0", t_entry_len0, -1,
	  .log = "type 0 entry at offset 52 has bad length 0" },
	{ "entry_length_1", t_entry_len1, -1, .log = "has bad length 1" },
	{ "entry_past_end", t_entry_past_end, -1,
	  .log = "type 9 entry at offset 52 has bad length 16 (table ends at 64)" },
	{ "entry_header_cut", t_entry_header_cut, -1,
	  .log = "truncated entry at offset 52" },
	{ "type0_entry_short", t_lapic_short, -1, .log = "has length 6, needs 8" },
	{ "type9_entry_short", t_x2apic_short, -1, .log = "has length 12, needs 16" },
	{ "type5_entry_short", t_override_short, -1, .log = "has length 8, needs 12" },
};

static struct madt_info mi;
static struct madt_cpu storage[2 * 1024];

static void run_case(void **state)
{
	const struct madt_case *c = *state;
	static struct mb b;
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

	memset(&mi, 0xa5, sizeof(mi));
	madt_set_storage(&mi, storage, 1024);
	rc = madt_parse(copy, avail, &mi, &log.out);
	free(copy);
	if (c->log && !strstr(logbuf, c->log))
		fail_msg("log lacks \"%s\":\n%s", c->log, logbuf);
	if (!c->log && c->rc == 0 && log.len)
		fail_msg("unexpected messages:\n%s", logbuf);
	assert_int_equal(rc, c->rc);
	if (rc)
		return;

	assert_int_equal(mi.lapic_addr, c->lapic_addr);
	assert_int_equal(mi.lapic_addr32, LAPIC_DEFAULT);
	assert_int_equal(mi.has_override, c->has_override);
	assert_int_equal(mi.flags, c->flags);
	assert_int_equal(mi.ncpus, c->ncpus);
	for (unsigned i = 0; i < c->ncpus && i < ARRAY_SIZE(c->ids); i++) {
		assert_int_equal(mi.cpus[i].apic_id, c->ids[i]);
		assert_true(mi.cpus[i].enabled);
		assert_false(mi.cpus[i].online_capable);
	}
	assert_int_equal(mi.n_online_capable, c->n_oc);
	for (unsigned i = 0; i < c->n_oc; i++) {
		assert_int_equal(mi.online_capable[i].apic_id, c->oc_ids[i]);
		assert_false(mi.online_capable[i].enabled);
		assert_true(mi.online_capable[i].online_capable);
	}
	assert_int_equal(mi.n_disabled, c->n_disabled);
	assert_int_equal(mi.n_duplicates, c->n_duplicates);
	assert_int_equal(mi.n_ignored, c->n_ignored);
	assert_int_equal(mi.n_overflow, c->n_overflow);
	assert_int_equal(mi.n_other, c->n_other);
	assert_int_equal(mi.needs_x2apic, c->needs_x2apic);
}

/* Storage smaller than the table: the rest counted, named, never written. */
static void test_storage_overflow(void **state)
{
	static struct mb b;
	static struct madt_cpu small[2 * 256 + 1];
	char logbuf[1024];
	struct out_buf log;

	(void)state;
	t_too_many(&b);
	small[2 * 256].apic_id = 0xdeadbeef;
	out_buf_init(&log, logbuf, sizeof(logbuf));
	madt_set_storage(&mi, small, 256);
	assert_int_equal(madt_parse(b.buf, b.len, &mi, &log.out), 0);
	assert_int_equal(mi.ncpus, 256);
	assert_int_equal(mi.n_overflow, 44);
	assert_int_equal(small[2 * 256].apic_id, 0xdeadbeef);
	assert_non_null(strstr(logbuf, "more than 256 CPUs in a list (the storage given), 44 ignored"));
	assert_true(madt_cpus_max(b.len) >= 300);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	madt_print(&mi, &log.out);
	assert_non_null(strstr(logbuf, "madt: 256 CPUs enabled, APIC IDs: 0-255\n"));
}

/* UIDs and entry types are carried through; the summary names what it saw. */
static void test_fields_and_print(void **state)
{
	static struct mb b;
	char logbuf[1024];
	struct out_buf log;

	(void)state;
	t_online_capable(&b);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	madt_set_storage(&mi, storage, 1024);
	assert_int_equal(madt_parse(b.buf, b.len, &mi, &log.out), 0);
	assert_int_equal(mi.cpus[1].uid, 4);
	assert_int_equal(mi.cpus[1].type, ACPI_MADT_TYPE_LOCAL_APIC);
	assert_int_equal(mi.online_capable[1].uid, 3);
	assert_int_equal(mi.online_capable[1].type, ACPI_MADT_TYPE_LOCAL_X2APIC);

	madt_print(&mi, &log.out);
	assert_non_null(strstr(logbuf, "madt: rev 5, LAPIC 0xfee00000 (header 0xfee00000), flags 0x0\n"));
	assert_non_null(strstr(logbuf, "madt: 2 CPUs enabled, APIC IDs: 0 4\n"));
	assert_non_null(strstr(logbuf, "madt: 2 online-capable, APIC IDs: 1 400\n"));
	assert_non_null(strstr(logbuf, "madt: skipped 1 disabled, 0 duplicate, 0 invalid, 0 over the limit\n"));

	t_override(&b);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	madt_set_storage(&mi, storage, 1024);
	assert_int_equal(madt_parse(b.buf, b.len, &mi, &log.out), 0);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	madt_print(&mi, &log.out);
	assert_non_null(strstr(logbuf, "LAPIC 0x1fee00000 (header 0xfee00000, override 0x1fee00000), flags 0x1 PCAT_COMPAT\n"));
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(cases) + 2];
	size_t n = 0;

	ADD_TABLE_CASES(tests, n, cases, run_case);
	tests[n++] = (struct CMUnitTest){
		.name = "fields_and_print", .test_func = test_fields_and_print,
	};
	tests[n++] = (struct CMUnitTest){
		.name = "storage_overflow", .test_func = test_storage_overflow,
	};
	return _cmocka_run_group_tests("madt", tests, n, NULL, NULL);
}
