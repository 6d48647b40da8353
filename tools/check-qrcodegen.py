#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that Debian's libqrcodegen.a can run inside the kernel (kernel/qr.c).

    tools/check-qrcodegen.py ARCHIVE ROOT...

The kernel runs with CR4.OSFXSR clear, where an SSE instruction raises #UD,
and it links the archive as Debian built it (for a hosted program). This
disassembles the archive (objdump -dr), follows the calls and jumps from the
ROOT functions the kernel calls, and fails when a function they reach uses
an MMX/SSE/AVX register or the x87 unit, or when the archive needs a symbol
outside the list kernel/qr.c and lib/string.c provide. Exit 0 and one line
when all is well.
"""
import re
import subprocess
import sys

PROVIDED = {"memset", "memcpy", "memmove", "strlen", "strchr", "__memset_chk", "__assert_fail",
            "__stack_chk_fail"}
FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
TARGET = re.compile(r"\b(?:call|jmp|j[a-z]+)\s+[0-9a-f]+ <([^>+]+)(?:\+0x[0-9a-f]+)?>")
RELOC = re.compile(r"R_X86_64_\w+\s+([A-Za-z_][\w.]*)")
VECTOR = re.compile(r"%[xyz]mm\d|%mm\d|%st\b|\bf(?:ld|st|x?save|x?rstor)")


def main():
    archive, roots = sys.argv[1], sys.argv[2:]
    dis = subprocess.run(["objdump", "-dr", "--no-show-raw-insn", archive], check=True,
                         capture_output=True, text=True).stdout
    calls, vector, undef, fn = {}, {}, set(), None
    for line in dis.splitlines():
        m = FUNC.match(line)
        if m:
            fn = m.group(1)
            calls[fn], vector[fn] = set(), []
            continue
        if fn is None:
            continue
        m = TARGET.search(line)
        if m and m.group(1) != fn:
            calls[fn].add(m.group(1))
        m = RELOC.search(line)
        if m and not m.group(1).startswith("."):
            calls[fn].add(m.group(1))
        if VECTOR.search(line):
            vector[fn].append(line.strip())
    nm = subprocess.run(["nm", archive], check=True, capture_output=True, text=True).stdout
    undef = {l.split()[-1] for l in nm.splitlines() if re.match(r"^\s+U ", l)}
    bad = 0
    for sym in sorted(undef - PROVIDED):
        print("check-qrcodegen: %s needs %s, which the kernel does not provide" % (archive, sym))
        bad += 1
    seen, todo = set(), [r for r in roots]
    for r in roots:
        if r not in calls:
            print("check-qrcodegen: %s has no function %s" % (archive, r))
            bad += 1
    while todo:
        f = todo.pop()
        if f in seen or f not in calls:
            continue
        seen.add(f)
        for ins in vector[f][:3]:
            print("check-qrcodegen: %s (reached from %s) uses SSE/x87: %s" % (f, ", ".join(roots), ins))
            bad += 1
        todo.extend(calls[f])
    if bad:
        return 1
    print("check-qrcodegen: %u functions reached from %s, none uses SSE/x87; needs only %s" %
          (len(seen), ", ".join(roots), ", ".join(sorted(undef))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
