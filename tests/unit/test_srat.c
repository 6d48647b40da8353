/* SPDX-License-Identifier: MIT */
/*
 * The SRAT parser (pure/srat.c) on crafted tables: CPU (type 0) and x2APIC
 * (type 2) affinity entries, memory entries, disabled and unknown entries,
 * bad lengths. Each table is handed over in a buffer of exactly its size.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/table.h"
#include "pure/srat.h"

static uint8_t tbl[8192];
static size_t tlen;

static void put(const void *p, size_t n)
{
	memcpy(tbl + tlen, p, n);
	tlen += n;
}

static void start(void)
{
	struct acpi_srat h = { .table_revision = 1 };

	memcpy(h.h.signature, "SRAT", 4);
	tlen = 0;
	put(&h, sizeof(h));
}

static void finish(void)
{
	struct acpi_srat *h = (struct acpi_srat *)tbl;

	h->h.length = (uint32_t)tlen;
}

static void cpu(uint8_t apic, uint32_t dom, uint32_t flags)
{
	struct acpi_srat_cpu_affinity a = {
		.type = 0, .length = 16, .proximity_lo = (uint8_t)dom, .apic_id = apic,
		.flags = flags, .proximity_hi = { (uint8_t)(dom >> 8), (uint8_t)(dom >> 16),
						  (uint8_t)(dom >> 24) },
	};
	put(&a, sizeof(a));
}

static void x2(uint32_t id, uint32_t dom, uint32_t flags)
{
	struct acpi_srat_x2apic_affinity a = {
		.type = 2, .length = 24, .proximity = dom, .x2apic_id = id, .flags = flags,
	};
	put(&a, sizeof(a));
}

static void mem(uint32_t dom)
{
	struct acpi_srat_mem_affinity m = { .type = 1, .length = 40, .proximity = dom, .flags = 1 };
	put(&m, sizeof(m));
}

static struct srat_info si;
static struct srat_cpu storage[1024];
static char logbuf[1024];

static int parse(void)
{
	struct out_buf log;
	uint8_t *copy = malloc(tlen);
	int rc;

	memcpy(copy, tbl, tlen);
	out_buf_init(&log, logbuf, sizeof(logbuf));
	memset(&si, 0xa5, sizeof(si));
	srat_set_storage(&si, storage, srat_cpus_max(tlen));
	rc = srat_parse(copy, tlen, &si, &log.out);
	free(copy);
	return rc;
}

static void test_two_nodes(void **state)
{
	struct out_buf o;

	(void)state;
	start();
	mem(7);
	for (unsigned i = 0; i < 4; i++)
		cpu((uint8_t)i, 7, 1);
	for (unsigned i = 256; i < 260; i++)
		x2(i, 0x1000, 1);
	cpu(9, 7, 0);                           /* disabled: not counted */
	mem(0x1000);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(si.ncpus, 8);
	assert_int_equal(si.nodes, 2);
	assert_int_equal(si.n_memory, 2);
	assert_int_equal(si.n_disabled, 1);
	assert_int_equal(srat_node(&si, 2), 0);
	assert_int_equal(srat_node(&si, 258), 1);
	assert_int_equal(srat_node(&si, 9), -1);
	assert_int_equal(srat_node(&si, 4), -1);
	out_buf_init(&o, logbuf, sizeof(logbuf));
	srat_print(&si, &o.out);
	assert_string_equal(logbuf, "srat: 2 NUMA nodes (proximity domains 7 4096), 8 CPUs, "
			    "2 memory ranges, 1 disabled entry\n");
}

static void test_high_proximity_bytes(void **state)
{
	(void)state;
	start();
	cpu(1, 0x12345678, 1);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(si.cpus[0].domain, 0x12345678);
}

static void test_unknown_and_long_entries(void **state)
{
	uint8_t gicc[40] = { 3, 40 };
	uint8_t longer[30] = { 2, 30, 0, 0, 3, 0, 0, 0, 5, 0, 0, 0, 1 };

	(void)state;
	start();
	put(gicc, sizeof(gicc));
	put(longer, sizeof(longer));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(si.n_other, 1);
	assert_int_equal(si.ncpus, 1);
	assert_int_equal(si.cpus[0].apic_id, 5);
	assert_int_equal(si.cpus[0].domain, 3);
}

struct bad {
	const char *name;
	unsigned cut;           /* bytes handed over short of the length */
	uint8_t type, len;      /* one entry of this type and length */
	const char *log;
};

static const struct bad bads[] = {
	{ "short_x2apic_entry", 0, 2, 16, "has length 16, needs 24" },
	{ "short_memory_entry", 0, 1, 24, "has length 24, needs 40" },
	{ "zero_length_entry", 0, 0, 0, "bad length 0" },
	{ "entry_past_end", 0, 0, 200, "bad length 200" },
	{ "table_cut", 4, 0, 16, "bad length" },
};

static void run_bad(void **state)
{
	const struct bad *b = *state;
	uint8_t e[64] = { 0 };

	start();
	e[0] = b->type;
	e[1] = b->len;
	put(e, b->len >= 2 && b->len <= 64 ? b->len : 16);
	finish();
	tlen -= b->cut;
	assert_int_equal(parse(), -1);
	if (!strstr(logbuf, b->log))
		fail_msg("log lacks \"%s\": %s", b->log, logbuf);
}

static void test_header_short(void **state)
{
	(void)state;
	tlen = 40;
	memset(tbl, 0, tlen);
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(logbuf, "the header alone is 48"));
}

static void test_storage_overflow(void **state)
{
	struct srat_cpu small[3];
	struct out_buf log;

	(void)state;
	start();
	for (unsigned i = 0; i < 5; i++)
		x2(i, i & 1, 1);
	finish();
	out_buf_init(&log, logbuf, sizeof(logbuf));
	srat_set_storage(&si, small, 2);
	small[2].apic_id = 0xdeadbeef;
	assert_int_equal(srat_parse(tbl, tlen, &si, &log.out), 0);
	assert_int_equal(si.ncpus, 2);
	assert_int_equal(si.n_overflow, 3);
	assert_int_equal(small[2].apic_id, 0xdeadbeef);
	assert_non_null(strstr(logbuf, "3 ignored"));
}

int main(void)
{
	struct CMUnitTest t[ARRAY_SIZE(bads) + 5];
	size_t n = 0;

	ADD_TABLE_CASES(t, n, bads, run_bad);
	t[n++] = (struct CMUnitTest){ .name = "two_nodes", .test_func = test_two_nodes };
	t[n++] = (struct CMUnitTest){ .name = "high_proximity_bytes", .test_func = test_high_proximity_bytes };
	t[n++] = (struct CMUnitTest){ .name = "unknown_and_long", .test_func = test_unknown_and_long_entries };
	t[n++] = (struct CMUnitTest){ .name = "header_short", .test_func = test_header_short };
	t[n++] = (struct CMUnitTest){ .name = "storage_overflow", .test_func = test_storage_overflow };
	return _cmocka_run_group_tests("srat", t, n, NULL, NULL);
}
