/* SPDX-License-Identifier: MIT */
#ifndef PV_ARCH_X86_SERIAL_H
#define PV_ARCH_X86_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86/platform.h"


/* Probe and program a 16550 at `port`; false when no UART answers there. */
bool serial_init(uint16_t port, uint32_t baud);
void serial_write(const char *s, size_t n);
uint16_t serial_port(void);

#endif
