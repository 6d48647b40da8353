/* SPDX-License-Identifier: MIT */
/*
 * PC platform facts: legacy I/O ports and fixed physical addresses, one
 * definition each, usable from C and assembly (definition-only header).
 */
#ifndef PV_ARCH_X86_PLATFORM_H
#define PV_ARCH_X86_PLATFORM_H

/* 8250/16550 UART base ports (PC/AT convention); a UART decodes 8 ports. */
#define COM1_PORT               0x3f8
#define COM2_PORT               0x2f8
#define COM3_PORT               0x3e8
#define COM4_PORT               0x2e8
#define UART_NPORTS             8

/*
 * Debug console of Bochs ("port_e9_hack") and QEMU (-debugcon): a byte
 * written is printed, a read returns 0xE9. Nothing on real hardware.
 */
#define DEBUGCON_PORT           0xe9

/* Local APIC registers after reset (SDM Vol. 3A 11.4.1); the MADT may say otherwise. */
#define LAPIC_DEFAULT_BASE      0xfee00000

/* Legacy colour text window (EGA/VGA, 80x25, two bytes a cell). */
#define VGA_TEXT_BASE           0xb8000
#define VGA_TEXT_COLS           80
#define VGA_TEXT_ROWS           25

#endif
