/* SPDX-License-Identifier: MIT */
/*
 * Which UART carries the serial console (docs/console.md): the command line's
 * serial= when given, else the ACPI SPCR table's port when it describes a
 * 16550 in I/O space, else COM1. Pure code; kernel/serial_setup.c applies it.
 */
#ifndef PV_PURE_SERIAL_CHOOSE_H
#define PV_PURE_SERIAL_CHOOSE_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86/platform.h"
#include "pure/spcr.h"

#define SERIAL_NO_SPCR          (-2)    /* spcr_rc when there is no SPCR table */

enum serial_source { SERIAL_FROM_DEFAULT, SERIAL_FROM_CMDLINE, SERIAL_FROM_SPCR };

struct serial_choice {
	uint16_t port;                  /* 0: no serial console (serial=none) */
	uint32_t baud;
	enum serial_source source;
	const char *note;               /* why the SPCR was not followed fully, or NULL */
};

/*
 * given/port/baud: the command line (baud is 115200 unless baud= was given).
 * spcr_rc: spcr_parse()'s return value for the table, or SERIAL_NO_SPCR; si is
 * read only when spcr_rc >= 0.
 */
void serial_choose(bool given, uint16_t port, uint32_t baud, int spcr_rc,
		   const struct spcr_info *si, struct serial_choice *c);
const char *serial_source_name(enum serial_source s);

#endif
