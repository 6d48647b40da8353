#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write an ACPI SPCR table (Microsoft SPCR specification, revision 2) for
QEMU's -acpitable file=..., to test the kernel's serial-port discovery.

usage: mkspcr.py OUT.bin io PORT BAUD_CODE      a 16550 at I/O port PORT (hex)
       mkspcr.py OUT.bin mmio ADDRESS           a 16550 with MMIO registers
BAUD_CODE: 7 = 115200, 6 = 57600, 4 = 19200, 3 = 9600, 0 = as is.
"""
import struct
import sys

GAS_SPACE_MEMORY, GAS_SPACE_IO = 0, 1
DBG2_16550_COMPATIBLE, DBG2_16550_WITH_GAS = 0x00, 0x12


def table(space, address, baud_code, itype):
    body = struct.pack(
        "<B3x"          # 36 interface type, reserved
        "BBBBQ"         # 40 generic address structure: space, bit width, offset, access size, address
        "BBIBBBBBB"     # 52 interrupt type, PC IRQ, GSI, baud, parity, stop bits, flow, terminal, language
        "HHBBBIBI",     # 64 PCI device/vendor, bus, device, function, flags, segment, 76 reserved
        itype,
        space, 8, 0, 1 if space == GAS_SPACE_IO else 3, address,
        0x01, 3, 3, baud_code, 0, 1, 0, 0, 0,
        0xFFFF, 0xFFFF, 0, 0, 0, 0, 0, 0)
    length = 36 + len(body)
    assert length == 80
    header = struct.pack("<4sIBB6s8sI4sI", b"SPCR", length, 2, 0, b"PVTEST", b"PVSPCR  ",
                         1, b"PVTS", 1)
    data = bytearray(header + body)
    data[9] = (-sum(data)) & 0xFF
    return bytes(data)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    out, kind = sys.argv[1], sys.argv[2]
    if kind == "io":
        data = table(GAS_SPACE_IO, int(sys.argv[3], 16), int(sys.argv[4]), DBG2_16550_COMPATIBLE)
    elif kind == "mmio":
        data = table(GAS_SPACE_MEMORY, int(sys.argv[3], 16), 7, DBG2_16550_WITH_GAS)
    else:
        sys.exit(__doc__)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
