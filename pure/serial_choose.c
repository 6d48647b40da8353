/* SPDX-License-Identifier: MIT */
/* The serial console port decision (pure/serial_choose.h). Pure code. */
#include "pure/cmdline.h"
#include "pure/serial_choose.h"

const char *serial_source_name(enum serial_source s)
{
	switch (s) {
	case SERIAL_FROM_CMDLINE:
		return "the command line (serial=)";
	case SERIAL_FROM_SPCR:
		return "the ACPI SPCR table";
	default:
		return "the default (COM1)";
	}
}

void serial_choose(bool given, uint16_t port, uint32_t baud, int spcr_rc,
		   const struct spcr_info *si, struct serial_choice *c)
{
	c->baud = baud;
	c->note = NULL;
	if (given) {
		c->port = port;
		c->source = SERIAL_FROM_CMDLINE;
		if (spcr_rc == 1 && si->base.address != port)
			c->note = "serial= overrides the port in the ACPI SPCR table";
		return;
	}
	if (spcr_rc != 1) {
		c->port = COM1_PORT;
		c->source = SERIAL_FROM_DEFAULT;
		if (spcr_rc == 0)
			c->note = "the SPCR console is not a 16550 at I/O ports";
		else if (spcr_rc != SERIAL_NO_SPCR)
			c->note = "the SPCR table is malformed";
		return;
	}
	c->port = (uint16_t)si->base.address;
	c->source = SERIAL_FROM_SPCR;
	/* baud= on the command line wins; the SPCR rate only replaces the default. */
	if (baud != CMDLINE_BAUD_CLOCK || !si->baud)
		return;
	/* The divisor latch divides the 1.8432 MHz clock / 16 = 115200 Hz. */
	if (CMDLINE_BAUD_CLOCK % si->baud)
		c->note = "the SPCR baud rate is not 115200 / N: keeping 115200";
	else
		c->baud = si->baud;
}
