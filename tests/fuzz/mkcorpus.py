#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regenerate the fuzzers' seed corpora in tests/fuzz/corpus/ (docs/HACKING.md).

usage: tests/fuzz/mkcorpus.py [BUILD]     (from the repository root; needs make all)

Real inputs where the emulators give them:
  mb2, acpi, madt, spcr, dmar, ivrs  QEMU boots of BUILD/picovisor.iso (pc/BIOS,
        pc/UEFI, q35 with an Intel or AMD IOMMU, an extra SPCR table); after the
        report line the QEMU monitor saves the multiboot2 information (its
        address is on the serial console: "mb2: ... info [A-B)") and the ACPI
        tables the RSDP in it leads to.
  svmdecode, vmxdecode  the 'svm:' / 'vmx:' lines of those boots and of Bochs
        boots (tools/emu.sh), plus tests/unit/data/vmx-msrs as text;
  vmx_caps  tests/unit/data/vmx-msrs as the target's binary records;
  smbios    the BIOS area 0xF0000-0xFFFFF of the BIOS boots (SeaBIOS puts its SMBIOS
        entry point and structure table there), plus an EFI system table layout
        written here;
  fleet, jread  the serial logs and report lines of the QEMU boots, and a panic log.
  cmdline   command lines written here.
Input formats: the header comment of each tests/fuzz/fuzz_<name>.c.
"""
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"

# name, QEMU arguments (besides the ISO, serial and monitor)
QEMU_RUNS = [
    ("qemu-pc-bios", ["-machine", "pc", "-smp", "2"]),
    ("qemu-pc-uefi", ["-machine", "pc", "-smp", "2", "@uefi"]),
    ("qemu-q35-intel-iommu", ["-machine", "q35", "-smp", "4", "-device", "intel-iommu"]),
    ("qemu-q35-amd-iommu-epyc", ["-machine", "q35", "-smp", "2", "-cpu", "EPYC",
                                 "-device", "amd-iommu"]),
    ("qemu-pc-spcr", ["-machine", "pc", "-smp", "1", "@spcr"]),
    ("qemu-q35-numa2", ["-machine", "q35", "-smp", "4,sockets=2", "-cpu", "EPYC,+x2apic",
                        "-object", "memory-backend-ram,id=m0,size=128M",
                        "-object", "memory-backend-ram,id=m1,size=128M",
                        "-numa", "node,nodeid=0,memdev=m0,cpus=0-1",
                        "-numa", "node,nodeid=1,memdev=m1,cpus=2-3"]),
]
BOCHS_RUNS = ["corei7_skylake_x", "core2_penryn_t9600", "ryzen", "phenom_8650_toliman",
              "turion64_tyler"]
CMDLINES = [
    "", "exit=qemu", "exit=bochs guest=none", "serial=com2 baud=57600 e9=off",
    "serial=0x2f8 apic=xapic sipi=sdm cpus=2 log=debug",
    "serial=none e9=on exit=none apic=x2apic sipi=fast cpus=0 log=quiet guest=null",
    "guest=ept-violation selftest=ud", "guest=bad-entry selftest=nosipi", "selftest=oom",
    "bogus=1 baud=7 cpus=99999 serial=com9", "  exit=qemu   exit=bochs  ",
]


def write(name, fname, data):
    d = os.path.join(CORPUS, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, fname), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


class Monitor:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        for _ in range(50):
            try:
                self.s.connect(path)
                break
            except OSError:
                time.sleep(0.1)
        self.s.settimeout(10)
        self.until_prompt()

    def until_prompt(self):
        buf = b""
        while not buf.endswith(b"(qemu) "):
            chunk = self.s.recv(4096)
            if not chunk:
                break
            buf += chunk
        return buf

    def cmd(self, c):
        self.s.sendall(c.encode() + b"\n")
        return self.until_prompt()

    def read(self, tmp, addr, size):
        path = os.path.join(tmp, "mem.bin")
        if os.path.exists(path):
            os.unlink(path)
        self.cmd('pmemsave 0x%x %d "%s"' % (addr, size, path))
        with open(path, "rb") as f:
            data = f.read()
        if len(data) != size:
            raise RuntimeError("pmemsave 0x%x %d gave %d bytes" % (addr, size, len(data)))
        return data


def mb2_tags(info):
    total = struct.unpack_from("<I", info)[0]
    if total != len(info):
        raise RuntimeError("multiboot2 total_size %d, saved %d bytes" % (total, len(info)))
    off, tags = 8, {}
    while off + 8 <= total:
        typ, size = struct.unpack_from("<II", info, off)
        if typ == 0:
            return tags
        if size < 8 or off + size > total:
            raise RuntimeError("multiboot2 tag %d at %d: size %d" % (typ, off, size))
        tags.setdefault(typ, info[off + 8:off + size])
        off += (size + 7) & ~7
    raise RuntimeError("multiboot2 information without an end tag")


def acpi_seeds(run, mon, tmp, info):
    tags = mb2_tags(info)
    rsdp = tags.get(15) or tags.get(14)
    if not rsdp:
        print("mkcorpus: %s: no RSDP tag" % run)
        return
    rsdp36 = (rsdp + bytes(36))[:36]
    rev = rsdp36[15]
    rsdt, xsdt = struct.unpack_from("<I", rsdp36, 16)[0], struct.unpack_from("<Q", rsdp36, 24)[0]
    root, esize = (xsdt, 8) if rev >= 2 and xsdt else (rsdt, 4)
    rlen = struct.unpack_from("<I", mon.read(tmp, root, 36), 4)[0]
    rtab = mon.read(tmp, root, rlen)
    spans = [(root, rlen)]
    fmt = "<Q" if esize == 8 else "<I"
    for off in range(36, rlen - esize + 1, esize):
        addr = struct.unpack_from(fmt, rtab, off)[0]
        sig, length = struct.unpack_from("<4sI", mon.read(tmp, addr, 36))
        table = mon.read(tmp, addr, length)
        spans.append((addr, length))
        target = {b"APIC": "madt", b"SPCR": "spcr", b"DMAR": "dmar", b"IVRS": "ivrs",
                  b"SRAT": "srat"}.get(sig)
        if target:
            write(target, run + ".bin", (b"\x00" if target == "spcr" else b"") + table)
    lo = min(a for a, _ in spans)
    hi = max(a + n for a, n in spans)
    if hi - lo > 256 * 1024:
        print("mkcorpus: %s: ACPI tables spread over %d KiB: no acpi seed" % (run, (hi - lo) // 1024))
        return
    write("acpi", run + ".bin", rsdp36 + struct.pack("<Q", lo) + mon.read(tmp, lo, hi - lo))


def log_seeds(run, log):
    svm = [l for l in log if re.search(r"svm: (cpuid|msr) ", l)]
    vmx = [l for l in log if re.search(r"vmx: msr ", l)]
    if svm:
        write("svmdecode", run + ".txt", "\n".join(svm) + "\n")
    if vmx:
        write("vmxdecode", run + ".txt", "\n".join(vmx) + "\n")


def qemu_run(run, args):
    tmp = tempfile.mkdtemp(prefix="mkcorpus-")
    try:
        serial, sock = os.path.join(tmp, "com1.txt"), os.path.join(tmp, "mon.sock")
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-m", "256", "-display", "none",
               "-no-reboot", "-serial", "file:" + serial,
               "-monitor", "unix:%s,server,nowait" % sock, "-cdrom", os.path.join(BUILD, "picovisor.iso"),
               "-boot", "d"]
        for a in args:
            if a == "@uefi":
                shutil.copy(OVMF_VARS, os.path.join(tmp, "vars.fd"))
                cmd += ["-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
                        "-drive", "if=pflash,format=raw,file=" + os.path.join(tmp, "vars.fd")]
            elif a == "@spcr":
                spcr = os.path.join(tmp, "spcr.bin")
                subprocess.run(["python3", os.path.join(ROOT, "tests/screen/mkspcr.py"), spcr,
                                "io", "2f8", "7"], check=True)
                cmd += ["-acpitable", "file=" + spcr]
            else:
                cmd.append(a)
        q = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        try:
            log = []
            for _ in range(600):
                time.sleep(0.2)
                if q.poll() is not None:
                    break
                if not os.path.exists(serial):
                    continue
                with open(serial, "rb") as f:
                    text = f.read().decode("latin-1")
                if re.search(r"^PICOVISOR-(REPORT .*\n|PANIC)", text, re.M):
                    log = text.replace("\r", "").split("\n")
                    break
            if not log:
                print("mkcorpus: %s: no report line (QEMU exit status %s)" % (run, q.poll()))
                return
            m = next((re.search(r"info \[0x([0-9a-f]+)-0x([0-9a-f]+)\)", l) for l in log
                      if l.startswith("mb2: loader")), None)
            mon = Monitor(sock)
            if m:
                lo, hi = int(m.group(1), 16), int(m.group(2), 16)
                info = mon.read(tmp, lo, hi - lo)
                try:
                    mb2_tags(info)
                    write("mb2", run + ".bin", info)
                    acpi_seeds(run, mon, tmp, info)
                except RuntimeError as e:
                    print("mkcorpus: %s: %s: not used" % (run, e))
            write("fleet", run + ".txt", "\n".join(log))
            rep = [l for l in log if l.startswith("PICOVISOR-REPORT ")]
            if rep:
                write("jread", run + ".json", rep[-1][len("PICOVISOR-REPORT "):])
            if "@uefi" not in args:
                write("smbios", run + ".bin", b"\0\0\0" + mon.read(tmp, 0xF0000, 0x10000))
            log_seeds(run, log)
            mon.cmd("quit")
        finally:
            q.kill()
            q.wait()
    finally:
        shutil.rmtree(tmp)


def bochs_runs():
    tmp = tempfile.mkdtemp(prefix="mkcorpus-")
    try:
        script = ('. tools/emu.sh && emu_make_iso "$1/picovisor.elf" "$2/b.iso" "exit=bochs guest=none"'
                  ' && shift 2 && for m; do emu_run "$TMP/$m" "$TMP/b.iso" bochs 1 120 model=$m; done')
        subprocess.run(["bash", "-c", script, "mkcorpus", BUILD, tmp] + BOCHS_RUNS, cwd=ROOT,
                       env=dict(os.environ, TMP=tmp), check=True, stdout=subprocess.DEVNULL)
        for m in BOCHS_RUNS:
            with open(os.path.join(tmp, m, "com1.txt"), "rb") as f:
                raw = f.read()
            log_seeds("bochs-" + m, raw.decode("latin-1").replace("\r", "").split("\n"))
            if m in ("corei7_skylake_x", "ryzen"):     # one whole serial log each, CR LF and all
                write("vmxdecode" if m.startswith("core") else "svmdecode",
                      "bochs-%s-log.txt" % m, raw)
    finally:
        shutil.rmtree(tmp)


def testdata_seeds():
    d = os.path.join(ROOT, "tests", "unit", "data", "vmx-msrs")
    for fn in sorted(os.listdir(d)):
        with open(os.path.join(d, fn), "rb") as f:
            text = f.read()
        write("vmxdecode", "testdata-" + fn, text)
        recs = b""
        for l in text.decode().replace("\r", "").split("\n"):
            m = re.match(r"^(0x[0-9a-f]+) (0x[0-9a-f]+)$", l)
            g = re.match(r"^# (0x[0-9a-f]+) raises #GP", l)
            if m:
                recs += struct.pack("<IQ", int(m.group(1), 16), int(m.group(2), 16))
            elif g:
                recs += struct.pack("<IQ", int(g.group(1), 16) | 1 << 31, 0)
        write("vmx_caps", fn.replace(".txt", ".bin"), recs)


def smbios_efi_seed():
    """fuzz_smbios input: an EFI system table at 0xF0000 + 0x40 whose configuration
    table lists the SMBIOS3 GUID, its _SM3_ entry point and a small table."""
    base = 0xF0000
    table = b""
    for typ, fmt, strs in ((0, bytes([1, 2, 0, 0, 3]) + bytes(0x13), [b"V", b"1.0", b"01/01/2026"]),
                           (1, bytes([1, 2, 0, 3]) + bytes(range(16)) + bytes(3), [b"M", b"P", b"S"]),
                           (4, bytes(0x14) + b"\x41" + bytes(0x17), []), (127, b"", [])):
        hdr = bytes([typ, 4 + len(fmt), 0, 0])
        table += hdr + fmt + (b"\0".join(strs) + b"\0\0" if strs else b"\0\0")
    mem = bytearray(0x400)
    guid3 = bytes([0x44, 0x15, 0xfd, 0xf2, 0x94, 0x97, 0x2c, 0x4a,
                   0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94])
    struct.pack_into("<Q", mem, 0x40, 0x5453595320494249)
    struct.pack_into("<QQ", mem, 0x40 + 0x68, 1, base + 0x100)
    mem[0x100:0x110] = guid3
    struct.pack_into("<Q", mem, 0x110, base + 0x200)
    ep = bytearray(b"_SM3_" + bytes([0, 0x18, 3, 0, 0, 1, 0]) + struct.pack("<IQ", len(table), base + 0x240))
    ep[5] = (-sum(ep)) & 0xff
    mem[0x200:0x218] = ep
    mem[0x240:0x240 + len(table)] = table
    write("smbios", "efi-systab.bin", bytes([1, 0x40, 0]) + bytes(mem))


def main():
    if os.path.isdir(CORPUS):
        shutil.rmtree(CORPUS)
    for i, c in enumerate(CMDLINES):
        write("cmdline", "%02d.txt" % i, c)
    testdata_seeds()
    smbios_efi_seed()
    write("fleet", "panic.txt", "SeaBIOS\r\nPICOVISOR-PANIC vector=14 cpu=0\r\n")
    for run, args in QEMU_RUNS:
        qemu_run(run, args)
    bochs_runs()
    for name in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, name))
        size = sum(os.path.getsize(os.path.join(CORPUS, name, f)) for f in files)
        print("mkcorpus: %-10s %2d seeds, %6d bytes" % (name, len(files), size))


if __name__ == "__main__":
    main()
