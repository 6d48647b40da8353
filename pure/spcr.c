/* SPDX-License-Identifier: MIT */
/*
 * SPCR parser: is the firmware's console a legacy I/O-port 16550? Pure code.
 */
#include <stdint.h>
#include "pure/spcr.h"
#include "arch/x86/platform.h"
#include "lib/string.h"


static const char *type_name(uint8_t type)
{
	switch (type) {
	case ACPI_DBG2_16550_COMPATIBLE:
		return "16550";
	case ACPI_DBG2_16550_SUBSET:
		return "16450";
	case ACPI_DBG2_ARM_PL011:
		return "PL011";
	case ACPI_DBG2_ARM_SBSA_GENERIC:
		return "SBSA";
	case ACPI_DBG2_16550_WITH_GAS:
		return "16550 (GAS)";
	default:
		return "other";
	}
}

static uint32_t baud_from_code(uint8_t code, struct out *log)
{
	switch (code) {
	case SPCR_BAUD_AS_IS:
		return 0;
	case SPCR_BAUD_9600:
		return 9600;
	case SPCR_BAUD_19200:
		return 19200;
	case SPCR_BAUD_57600:
		return 57600;
	case SPCR_BAUD_115200:
		return 115200;
	default:
		oprintf(log, "spcr: reserved baud rate code %u, keeping the current rate\n",
			code);
		return 0;
	}
}

/* NULL when the UART is a 16550 at I/O ports, else why not. */
static const char *not_legacy(const struct spcr_info *info)
{
	const struct acpi_gas *g = &info->base;

	if (info->interface_type != ACPI_DBG2_16550_COMPATIBLE &&
	    info->interface_type != ACPI_DBG2_16550_SUBSET &&
	    info->interface_type != ACPI_DBG2_16550_WITH_GAS)
		return "not a 16550-compatible interface";
	if (g->address == 0)
		return "console redirection disabled (base address 0)";
	if (g->space_id == ACPI_GAS_SPACE_MEMORY)
		return "MMIO registers";
	if (g->space_id != ACPI_GAS_SPACE_IO)
		return "registers neither in I/O nor memory space";
	if (g->address > 0x10000 - UART_NPORTS)
		return "I/O base beyond port 0xfff8";
	if ((g->bit_width != 0 && g->bit_width != 8) || g->bit_offset != 0)
		return "registers not byte-wide";
	return NULL;
}

int spcr_parse(const void *spcr, size_t len, struct spcr_info *info, struct out *log)
{
	const struct acpi_spcr *s = spcr;
	const uint8_t *p = spcr;
	size_t tlen;

	memset(info, 0, sizeof(*info));
	if (len < sizeof(*s)) {
		oprintf(log, "spcr: only %zu bytes, need %zu\n", len, sizeof(*s));
		return -1;
	}
	tlen = s->h.length;
	if (tlen < sizeof(*s) || tlen > len) {
		oprintf(log, "spcr: bad length %zu (%zu bytes available)\n", tlen, len);
		return -1;
	}
	info->revision = s->h.revision;
	info->interface_type = s->interface_type;
	info->type_name = type_name(s->interface_type);
	info->base = s->base;
	info->interrupt_type = s->interrupt_type;
	info->pc_irq = s->pc_irq;
	info->gsi = s->gsi;
	info->parity = s->parity;
	info->stop_bits = s->stop_bits;
	info->flow_control = s->flow_control;
	info->terminal_type = s->terminal_type;
	info->uart_clock = s->h.revision >= 3 ? s->uart_clock : 0;
	info->baud = baud_from_code(s->baud_rate, log);
	if (s->h.revision >= SPCR_REV_PRECISE_BAUD &&
	    tlen >= SPCR_PRECISE_BAUD_OFF + sizeof(uint32_t)) {
		uint32_t precise;

		memcpy(&precise, p + SPCR_PRECISE_BAUD_OFF, sizeof(precise));
		if (precise)
			info->baud = precise;
	}

	info->why = not_legacy(info);
	info->legacy_io = info->why == NULL;
	if (!info->legacy_io) {
		oprintf(log, "spcr: %s UART (type 0x%x) at %s 0x%llx: %s\n",
			info->type_name, info->interface_type,
			info->base.space_id == ACPI_GAS_SPACE_IO ? "port" : "address",
			(unsigned long long)info->base.address, info->why);
		return 0;
	}
	return 1;
}
