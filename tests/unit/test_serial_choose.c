/* SPDX-License-Identifier: MIT */
/*
 * Serial console port choice: command line, ACPI SPCR, COM1. One named case
 * per situation; the SPCR cases go through spcr_parse() on a real table so
 * the parser and the decision are tested together.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/unit/table.h"

#include <string.h>

#include "pure/spcr.h"
#include "lib/bits.h"
#include "pure/serial_choose.h"

enum spcr_kind { NO_SPCR, SPCR_IO, SPCR_MMIO, SPCR_PL011, SPCR_DISABLED, SPCR_BROKEN };

struct sc_case {
	const char *name;
	bool given;             /* serial= on the command line */
	uint16_t cmd_port;
	uint32_t cmd_baud;
	enum spcr_kind kind;
	uint16_t spcr_port;
	uint8_t spcr_baud;      /* SPCR_BAUD_* code */
	uint16_t port;          /* expected */
	uint32_t baud;
	enum serial_source source;
	const char *note;       /* substring of the note, or NULL: none */
};

static const struct sc_case cases[] = {
	{ "no_spcr_com1", false, 0, 115200, NO_SPCR, 0, 0, 0x3f8, 115200,
	  SERIAL_FROM_DEFAULT, NULL },
	{ "spcr_com2_followed", false, 0, 115200, SPCR_IO, 0x2f8, SPCR_BAUD_115200, 0x2f8,
	  115200, SERIAL_FROM_SPCR, NULL },
	{ "spcr_com1_same_port", false, 0, 115200, SPCR_IO, 0x3f8, SPCR_BAUD_115200, 0x3f8,
	  115200, SERIAL_FROM_SPCR, NULL },
	{ "spcr_baud_9600_used", false, 0, 115200, SPCR_IO, 0x2f8, SPCR_BAUD_9600, 0x2f8, 9600,
	  SERIAL_FROM_SPCR, NULL },
	{ "spcr_baud_as_is_keeps_115200", false, 0, 115200, SPCR_IO, 0x2e8, SPCR_BAUD_AS_IS,
	  0x2e8, 115200, SERIAL_FROM_SPCR, NULL },
	{ "cmdline_baud_beats_spcr_baud", false, 0, 57600, SPCR_IO, 0x2f8, SPCR_BAUD_9600, 0x2f8,
	  57600, SERIAL_FROM_SPCR, NULL },
	{ "cmdline_port_beats_spcr", true, 0x3f8, 115200, SPCR_IO, 0x2f8, SPCR_BAUD_115200, 0x3f8,
	  115200, SERIAL_FROM_CMDLINE, "serial= overrides" },
	{ "cmdline_same_port_as_spcr", true, 0x2f8, 115200, SPCR_IO, 0x2f8, SPCR_BAUD_115200,
	  0x2f8, 115200, SERIAL_FROM_CMDLINE, NULL },
	{ "cmdline_none_beats_spcr", true, 0, 115200, SPCR_IO, 0x2f8, SPCR_BAUD_115200, 0, 115200,
	  SERIAL_FROM_CMDLINE, "serial= overrides" },
	{ "cmdline_without_spcr", true, 0x2e8, 19200, NO_SPCR, 0, 0, 0x2e8, 19200,
	  SERIAL_FROM_CMDLINE, NULL },
	{ "spcr_mmio_uart_com1", false, 0, 115200, SPCR_MMIO, 0, SPCR_BAUD_115200, 0x3f8, 115200,
	  SERIAL_FROM_DEFAULT, "not a 16550 at I/O ports" },
	{ "spcr_pl011_com1", false, 0, 115200, SPCR_PL011, 0, SPCR_BAUD_115200, 0x3f8, 115200,
	  SERIAL_FROM_DEFAULT, "not a 16550 at I/O ports" },
	{ "spcr_disabled_com1", false, 0, 115200, SPCR_DISABLED, 0, SPCR_BAUD_115200, 0x3f8,
	  115200, SERIAL_FROM_DEFAULT, "not a 16550 at I/O ports" },
	{ "spcr_malformed_com1", false, 0, 115200, SPCR_BROKEN, 0x2f8, SPCR_BAUD_115200, 0x3f8,
	  115200, SERIAL_FROM_DEFAULT, "malformed" },
};

/* An 80-byte SPCR revision 2 table for the case. */
static void build(const struct sc_case *c, struct acpi_spcr *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->h.signature, "SPCR", 4);
	s->h.length = sizeof(*s);
	s->h.revision = 2;
	s->interface_type = ACPI_DBG2_16550_COMPATIBLE;
	s->base.space_id = ACPI_GAS_SPACE_IO;
	s->base.bit_width = 8;
	s->base.access_size = ACPI_GAS_ACCESS_BYTE;
	s->base.address = c->spcr_port;
	s->baud_rate = c->spcr_baud;
	s->pci_device_id = 0xffff;
	switch (c->kind) {
	case SPCR_MMIO:
		s->interface_type = ACPI_DBG2_16550_WITH_GAS;
		s->base.space_id = ACPI_GAS_SPACE_MEMORY;
		s->base.access_size = ACPI_GAS_ACCESS_DWORD;
		s->base.address = 0xfe032000;
		break;
	case SPCR_PL011:
		s->interface_type = ACPI_DBG2_ARM_PL011;
		s->base.space_id = ACPI_GAS_SPACE_MEMORY;
		s->base.address = 0x9000000;
		break;
	case SPCR_DISABLED:
		s->base.address = 0;
		break;
	case SPCR_BROKEN:
		s->h.length = 40;       /* shorter than the fixed part */
		break;
	default:
		break;
	}
}

static void run_case(void **state)
{
	const struct sc_case *c = *state;
	struct acpi_spcr table;
	struct spcr_info si;
	struct serial_choice ch;
	int rc = SERIAL_NO_SPCR;

	if (c->kind != NO_SPCR) {
		build(c, &table);
		rc = spcr_parse(&table, sizeof(table), &si, NULL);
	}
	memset(&ch, 0xa5, sizeof(ch));
	serial_choose(c->given, c->cmd_port, c->cmd_baud, rc, &si, &ch);
	assert_int_equal(ch.port, c->port);
	assert_int_equal(ch.baud, c->baud);
	assert_int_equal(ch.source, c->source);
	if (c->note) {
		assert_non_null(ch.note);
		if (!strstr(ch.note, c->note))
			fail_msg("note \"%s\" lacks \"%s\"", ch.note, c->note);
	} else if (ch.note) {
		fail_msg("unexpected note \"%s\"", ch.note);
	}
	assert_non_null(serial_source_name(ch.source));
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(cases)];
	size_t n = 0;

	ADD_TABLE_CASES(tests, n, cases, run_case);
	return _cmocka_run_group_tests("serial_choose", tests, n, NULL, NULL);
}
