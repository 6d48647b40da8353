/* SPDX-License-Identifier: MIT */
/*
 * SPCR: Serial Port Console Redirection table (Microsoft SPCR specification,
 * revisions 1-4; interface types from the DBG2 specification). Pure parser.
 */
#ifndef PV_PURE_SPCR_H
#define PV_PURE_SPCR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pure/acpi.h"
#include "lib/out.h"

/* The SPCR table through revision 3 (80 bytes). */
struct acpi_spcr {
	struct acpi_sdt_header h;
	uint8_t interface_type;     /* 36 ACPI_DBG2_* */
	uint8_t reserved0[3];       /* 37 */
	struct acpi_gas base;       /* 40 register block; address 0: disabled */
	uint8_t interrupt_type;     /* 52 SPCR_IRQ_* bits */
	uint8_t pc_irq;             /* 53 PC-AT IRQ */
	uint32_t gsi;               /* 54 global system interrupt */
	uint8_t baud_rate;          /* 58 SPCR_BAUD_* code */
	uint8_t parity;             /* 59 0: none */
	uint8_t stop_bits;          /* 60 1: one */
	uint8_t flow_control;       /* 61 SPCR_FLOW_* bits */
	uint8_t terminal_type;      /* 62 0 VT100, 1 VT100+, 2 VT-UTF8, 3 ANSI */
	uint8_t language;           /* 63 */
	uint16_t pci_device_id;     /* 64 0xffff: not a PCI device */
	uint16_t pci_vendor_id;     /* 66 */
	uint8_t pci_bus;            /* 68 */
	uint8_t pci_device;         /* 69 */
	uint8_t pci_function;       /* 70 */
	uint32_t pci_flags;         /* 71 */
	uint8_t pci_segment;        /* 75 */
	uint32_t uart_clock;        /* 76 revision >= 3, else reserved; 0: unknown */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_spcr) == 80, "SPCR revision 1-3 is 80 bytes");

/* Revision 4 appends these from offset 80. */
#define SPCR_PRECISE_BAUD_OFF   80      /* uint32_t; non-zero overrides baud_rate */
#define SPCR_REV_PRECISE_BAUD   4

/* Interface types: DBG2 serial port subtypes (SPCR revision 2+; 0 and 1 in all). */
#define ACPI_DBG2_16550_COMPATIBLE  0x00    /* full 16550 */
#define ACPI_DBG2_16550_SUBSET      0x01    /* full 16450 (accepts FCR writes) */
#define ACPI_DBG2_ARM_PL011         0x03
#define ACPI_DBG2_ARM_SBSA_GENERIC  0x0e
#define ACPI_DBG2_16550_WITH_GAS    0x12    /* 16550-compatible, layout from the GAS */

/* Configured baud rate codes */
#define SPCR_BAUD_AS_IS     0   /* keep the firmware's settings */
#define SPCR_BAUD_9600      3
#define SPCR_BAUD_19200     4
#define SPCR_BAUD_57600     6
#define SPCR_BAUD_115200    7

#define SPCR_IRQ_PCAT       0x01    /* pc_irq valid */
#define SPCR_IRQ_IOAPIC     0x02    /* gsi valid */

#define SPCR_FLOW_DCD       0x01
#define SPCR_FLOW_RTS_CTS   0x02
#define SPCR_FLOW_XON_XOFF  0x04

struct spcr_info {
	uint8_t revision;
	uint8_t interface_type;     /* ACPI_DBG2_* */
	const char *type_name;      /* "16550", "16450", ... or "other" */
	struct acpi_gas base;       /* as in the table */
	uint32_t baud;              /* 0: keep the firmware's setting */
	uint8_t interrupt_type;     /* SPCR_IRQ_* */
	uint8_t pc_irq;
	uint32_t gsi;
	uint8_t parity, stop_bits, flow_control, terminal_type;
	uint32_t uart_clock;        /* Hz, 0: unknown */
	bool legacy_io;             /* a 16550-compatible UART at I/O port base.address */
	const char *why;            /* when !legacy_io: the reason */
};

/*
 * Parse an SPCR of `len` readable bytes. Returns 1 when it describes a
 * 16550/16450-compatible UART in I/O port space (info->base.address is the
 * port), 0 when it is valid but something else (info->why says what; one line
 * printed), -1 when malformed (reason printed).
 */
int spcr_parse(const void *spcr, size_t len, struct spcr_info *info, struct out *log);

#endif
