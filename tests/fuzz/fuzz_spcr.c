/* SPDX-License-Identifier: MIT */
/*
 * pure/spcr.c and pure/serial_choose.c: the SPCR (Microsoft SPCR, ACPI
 * 5.2.6 header) parser on an arbitrary table, and the serial port decision
 * the kernel takes from its result. Input: one byte for the command line's
 * side (bit 0 serial= given, bit 1 port none) then the table, whose checksum
 * is made valid first.
 */
#include "tests/fuzz/fuzz.h"
#include "pure/serial_choose.h"
#include "pure/spcr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spcr_info info;
	struct serial_choice c;
	uint8_t *t;
	int rc;

	if (size < 1)
		return 0;
	t = fuzz_copy(data + 1, size - 1);
	fuzz_fix_table(t, size - 1);
	memset(&info, 0x5a, sizeof(info));
	rc = spcr_parse(t, size - 1, &info, fuzz_out());
	serial_choose(data[0] & 1, data[0] & 2 ? 0 : 0x3f8, 115200, rc, &info, &c);
	oprintf(fuzz_out(), "serial: port 0x%x baud %u source %s note %s\n", c.port, c.baud,
		serial_source_name(c.source), c.note ? c.note : "-");
	free(t);
	return 0;
}
