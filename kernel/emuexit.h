/* SPDX-License-Identifier: MIT */
/*
 * Emulator exit devices, used only when the command line asks (exit=qemu or
 * exit=bochs): real hardware never sees a write to these ports.
 *   QEMU isa-debug-exit at 0xf4: a write of V exits QEMU with (V << 1) | 1.
 *   Bochs: "Shutdown" written to port 0x8900 powers the emulator off.
 */
#ifndef PV_KERNEL_EMUEXIT_H
#define PV_KERNEL_EMUEXIT_H

enum emu_exit_code {
	EMU_EXIT_PASS = 0x10,           /* QEMU rc 33 */
	EMU_EXIT_FAIL = 0x11,           /* QEMU rc 35 */
	EMU_EXIT_UNSUPPORTED = 0x12,    /* QEMU rc 37 */
	EMU_EXIT_PANIC = 0x13,          /* QEMU rc 39 */
};

void emu_exit(enum emu_exit_code code);

#endif
