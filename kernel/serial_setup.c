/* SPDX-License-Identifier: MIT */
/*
 * Moving the serial console to the port the firmware names. kmain starts on
 * COM1 (or serial=) before ACPI is parsed; once the SPCR table is known the
 * console follows it unless serial= was given (pure/serial_choose.c). The new
 * port is probed first: a port without a UART leaves the console where it was.
 */
#include "pure/spcr.h"
#include "arch/x86/serial.h"
#include "kernel/console.h"
#include "kernel/kopts.h"
#include "pure/serial_choose.h"
#include "kernel/serial_setup.h"

void serial_follow_spcr(const struct acpi_sdt_header *spcr)
{
	struct spcr_info si;
	struct serial_choice c;
	int rc = spcr ? spcr_parse(spcr, spcr->length, &si, con()) : SERIAL_NO_SPCR;
	uint16_t old = serial_port();

	if (rc == 1)
		kprintf("spcr: %s UART at %s 0x%llx, %u baud%s\n", si.type_name,
			si.base.space_id == ACPI_GAS_SPACE_IO ? "port" : "address",
			(unsigned long long)si.base.address, si.baud,
			si.baud ? "" : " (as set by the firmware)");
	serial_choose(kopts.serial_given, kopts.serial_port, kopts.baud, rc, &si, &c);
	if (c.note)
		kprintf("serial: %s\n", c.note);
	if (c.source != SERIAL_FROM_SPCR || (c.port == old && c.baud == kopts.baud))
		return;
	kprintf("serial: moving the console to port 0x%x, %u baud, from %s\n", c.port, c.baud,
		serial_source_name(c.source));
	console_flush();
	if (!serial_init(c.port, c.baud)) {
		if (old)
			serial_init(old, kopts.baud);
		kprintf("serial: no UART answers at the SPCR port 0x%x; staying on 0x%x\n",
			c.port, old);
		return;
	}
	kprintf("serial: console on port 0x%x (%u baud) from %s; it was on 0x%x\n", c.port,
		c.baud, serial_source_name(c.source), old);
}
