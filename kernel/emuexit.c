/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "kernel/emuexit.h"
#include "kernel/kopts.h"

#define QEMU_DEBUG_EXIT_PORT    0xf4
#define BOCHS_SHUTDOWN_PORT     0x8900

void emu_exit(enum emu_exit_code code)
{
	switch (kopts.exit) {
	case OPT_EXIT_QEMU:
		outl(QEMU_DEBUG_EXIT_PORT, code);
		break;
	case OPT_EXIT_BOCHS:
		for (const char *s = "Shutdown"; *s; s++)
			outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
		break;
	default:
		break;
	}
}
