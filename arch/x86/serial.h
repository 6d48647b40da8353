/* SPDX-License-Identifier: MIT */
#ifndef PV_ARCH_X86_SERIAL_H
#define PV_ARCH_X86_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COM1_PORT 0x3f8
#define COM2_PORT 0x2f8
#define COM3_PORT 0x3e8
#define COM4_PORT 0x2e8

/* Probe and program a 16550 at `port`; false when no UART answers there. */
bool serial_init(uint16_t port, uint32_t baud);
void serial_write(const char *s, size_t n);
uint16_t serial_port(void);

#endif
