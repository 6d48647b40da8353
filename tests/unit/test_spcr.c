/* SPDX-License-Identifier: MIT */
/*
 * SPCR parser: one named case per table, each handed over in a heap block of
 * exactly the given length (the sanitizer build catches reads past it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <stdlib.h>
#include <string.h>

#include "pure/spcr.h"
#include "lib/bits.h"

/* ---- builder ---------------------------------------------------------------- */

struct sb {
	uint8_t buf[128];
	size_t len;
	size_t avail;   /* bytes handed to spcr_parse(); 0: the table's length */
};

static struct acpi_spcr *sb_start(struct sb *b, uint8_t rev, uint8_t type,
				  uint8_t space, uint8_t width, uint64_t addr,
				  uint8_t baud)
{
	struct acpi_spcr *s = (struct acpi_spcr *)b->buf;

	memset(b, 0, sizeof(*b));
	memcpy(s->h.signature, "SPCR", 4);
	s->h.revision = rev;
	s->interface_type = type;
	s->base.space_id = space;
	s->base.bit_width = width;
	s->base.access_size = space == ACPI_GAS_SPACE_IO ? ACPI_GAS_ACCESS_BYTE
							 : ACPI_GAS_ACCESS_DWORD;
	s->base.address = addr;
	s->interrupt_type = SPCR_IRQ_PCAT | SPCR_IRQ_IOAPIC;
	s->pc_irq = 3;
	s->gsi = 3;
	s->baud_rate = baud;
	s->stop_bits = 1;
	s->flow_control = SPCR_FLOW_RTS_CTS;
	s->terminal_type = 2;
	s->pci_device_id = 0xffff;
	s->pci_vendor_id = 0xffff;
	b->len = sizeof(*s);
	return s;
}

static void sb_finish(struct sb *b)
{
	struct acpi_spcr *s = (struct acpi_spcr *)b->buf;
	uint8_t sum = 0;

	s->h.length = (uint32_t)b->len;
	s->h.checksum = 0;
	for (size_t i = 0; i < b->len; i++)
		sum += b->buf[i];
	s->h.checksum = (uint8_t)-sum;
}

/* ---- tables -------------------------------------------------------------- */

static void t_io_2f8(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_16550_COMPATIBLE, ACPI_GAS_SPACE_IO, 8, 0x2f8,
		 SPCR_BAUD_115200);
	sb_finish(b);
}

static void t_io_3f8_16450_rev1(struct sb *b)
{
	sb_start(b, 1, ACPI_DBG2_16550_SUBSET, ACPI_GAS_SPACE_IO, 0, 0x3f8,
		 SPCR_BAUD_9600);
	sb_finish(b);
}

static void t_io_gas_type(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_16550_WITH_GAS, ACPI_GAS_SPACE_IO, 8, 0x3e8,
		 SPCR_BAUD_57600);
	sb_finish(b);
}

static void t_mmio(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_16550_WITH_GAS, ACPI_GAS_SPACE_MEMORY, 32,
		 0xfe032000, SPCR_BAUD_115200);
	sb_finish(b);
}

static void t_pl011(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_ARM_PL011, ACPI_GAS_SPACE_MEMORY, 32, 0x9000000,
		 SPCR_BAUD_115200);
	sb_finish(b);
}

static void t_disabled(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_16550_COMPATIBLE, ACPI_GAS_SPACE_IO, 8, 0,
		 SPCR_BAUD_AS_IS);
	sb_finish(b);
}

static void t_io_wide_regs(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_16550_WITH_GAS, ACPI_GAS_SPACE_IO, 32, 0x2f8,
		 SPCR_BAUD_115200);
	sb_finish(b);
}

static void t_io_top(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_16550_COMPATIBLE, ACPI_GAS_SPACE_IO, 8, 0xfffc,
		 SPCR_BAUD_115200);
	sb_finish(b);
}

static void t_pci_cfg_space(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_16550_COMPATIBLE, ACPI_GAS_SPACE_PCI_CFG, 8, 0x10,
		 SPCR_BAUD_115200);
	sb_finish(b);
}

static void t_baud_reserved(struct sb *b)
{
	sb_start(b, 2, ACPI_DBG2_16550_COMPATIBLE, ACPI_GAS_SPACE_IO, 8, 0x3f8, 5);
	sb_finish(b);
}

/* Revision 4: precise baud rate at offset 80, then the namespace fields. */
static void t_rev4_precise(struct sb *b)
{
	struct acpi_spcr *s = sb_start(b, 4, ACPI_DBG2_16550_COMPATIBLE,
				       ACPI_GAS_SPACE_IO, 8, 0x3f8, SPCR_BAUD_9600);
	uint32_t precise = 1500000;
	uint16_t ns_len = 2, ns_off = 88;

	s->uart_clock = 1843200;
	memcpy(b->buf + 80, &precise, 4);
	memcpy(b->buf + 84, &ns_len, 2);
	memcpy(b->buf + 86, &ns_off, 2);
	memcpy(b->buf + 88, ".", 2);
	b->len = 90;
	sb_finish(b);
}

/* Revision 4 but only 80 bytes: no precise baud rate to read. */
static void t_rev4_short(struct sb *b)
{
	sb_start(b, 4, ACPI_DBG2_16550_COMPATIBLE, ACPI_GAS_SPACE_IO, 8, 0x3f8,
		 SPCR_BAUD_19200);
	sb_finish(b);
}

static void t_buffer_short(struct sb *b)
{
	t_io_2f8(b);
	b->avail = 60;
}

static void t_length_past_buffer(struct sb *b)
{
	t_io_2f8(b);
	b->len = 100;
	sb_finish(b);
	b->avail = 80;
}

static void t_length_below_80(struct sb *b)
{
	t_io_2f8(b);
	((struct acpi_spcr *)b->buf)->h.length = 76;
}

/* ---- cases ------------------------------------------------------------------- */

struct spcr_case {
	const char *name;
	void (*build)(struct sb *b);
	int rc;
	uint8_t type;
	const char *type_name;
	uint8_t space;
	uint64_t addr;
	uint32_t baud;
	uint32_t uart_clock;
	const char *log;        /* expected in the output, or NULL: no output */
};

static const struct spcr_case cases[] = {
	{ "io_2f8_16550_115200", t_io_2f8, 1, 0, "16550", ACPI_GAS_SPACE_IO, 0x2f8,
	  115200, 0, NULL },
	{ "io_3f8_16450_rev1_9600", t_io_3f8_16450_rev1, 1, 1, "16450",
	  ACPI_GAS_SPACE_IO, 0x3f8, 9600, 0, NULL },
	{ "io_16550_gas_type_57600", t_io_gas_type, 1, 0x12, "16550 (GAS)",
	  ACPI_GAS_SPACE_IO, 0x3e8, 57600, 0, NULL },
	{ "mmio_16550", t_mmio, 0, 0x12, "16550 (GAS)", ACPI_GAS_SPACE_MEMORY,
	  0xfe032000, 115200, 0,
	  "spcr: 16550 (GAS) UART (type 0x12) at address 0xfe032000: MMIO registers\n" },
	{ "pl011", t_pl011, 0, 3, "PL011", ACPI_GAS_SPACE_MEMORY, 0x9000000, 115200,
	  0, "not a 16550-compatible interface" },
	{ "redirection_disabled", t_disabled, 0, 0, "16550", ACPI_GAS_SPACE_IO, 0, 0,
	  0, "console redirection disabled" },
	{ "io_32bit_registers", t_io_wide_regs, 0, 0x12, "16550 (GAS)",
	  ACPI_GAS_SPACE_IO, 0x2f8, 115200, 0, "registers not byte-wide" },
	{ "io_base_at_top", t_io_top, 0, 0, "16550", ACPI_GAS_SPACE_IO, 0xfffc,
	  115200, 0, "I/O base beyond port 0xfff8" },
	{ "pci_config_space", t_pci_cfg_space, 0, 0, "16550", ACPI_GAS_SPACE_PCI_CFG,
	  0x10, 115200, 0, "neither in I/O nor memory space" },
	{ "baud_code_reserved", t_baud_reserved, 1, 0, "16550", ACPI_GAS_SPACE_IO,
	  0x3f8, 0, 0, "reserved baud rate code 5" },
	{ "rev4_precise_baud", t_rev4_precise, 1, 0, "16550", ACPI_GAS_SPACE_IO,
	  0x3f8, 1500000, 1843200, NULL },
	{ "rev4_without_precise_field", t_rev4_short, 1, 0, "16550",
	  ACPI_GAS_SPACE_IO, 0x3f8, 19200, 0, NULL },
	{ "buffer_shorter_than_table", t_buffer_short, -1, .log = "spcr: only 60 bytes, need 80" },
	{ "length_past_buffer", t_length_past_buffer, -1,
	  .log = "spcr: bad length 100 (80 bytes available)" },
	{ "length_below_80", t_length_below_80, -1, .log = "spcr: bad length 76" },
};

static void run_case(void **state)
{
	const struct spcr_case *c = *state;
	static struct sb b;
	struct spcr_info info;
	char logbuf[512];
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

	rc = spcr_parse(copy, avail, &info, &log.out);
	free(copy);
	if (c->log && !strstr(logbuf, c->log))
		fail_msg("log lacks \"%s\":\n%s", c->log, logbuf);
	if (!c->log && log.len)
		fail_msg("unexpected messages:\n%s", logbuf);
	assert_int_equal(rc, c->rc);
	if (rc < 0)
		return;

	assert_int_equal(info.legacy_io, rc == 1);
	assert_int_equal(info.why == NULL, rc == 1);
	assert_int_equal(info.interface_type, c->type);
	assert_string_equal(info.type_name, c->type_name);
	assert_int_equal(info.base.space_id, c->space);
	assert_int_equal(info.base.address, c->addr);
	assert_int_equal(info.baud, c->baud);
	assert_int_equal(info.uart_clock, c->uart_clock);
	assert_int_equal(info.interrupt_type, SPCR_IRQ_PCAT | SPCR_IRQ_IOAPIC);
	assert_int_equal(info.pc_irq, 3);
	assert_int_equal(info.gsi, 3);
	assert_int_equal(info.stop_bits, 1);
	assert_int_equal(info.flow_control, SPCR_FLOW_RTS_CTS);
	assert_int_equal(info.terminal_type, 2);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(cases)];
	size_t n = 0;

	ADD_TABLE_CASES(tests, n, cases, run_case);
	return _cmocka_run_group_tests("spcr", tests, n, NULL, NULL);
}
