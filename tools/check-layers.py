#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the include directions between picovisor's layers (docs/design.md).

Every `#include "dir/file.h"` in the kernel's C, header and assembly files is
matched against the table below: a layer may include only the layers it
lists. Prints each offending include as `file:line: #include "x" (layer A may
not include layer B)` and exits 1; prints a one-line summary and exits 0 when
all is well.

    tools/check-layers.py [ROOT]      (default: the repository root)
"""
import os
import re
import sys

# Layer of a path: the first pattern that matches, in this order.
LAYERS = [
    ("lib", r"^lib/"),
    ("pure", r"^pure/"),
    ("vmx-pure", r"^vmx/pure/"),
    ("svm-pure", r"^svm/pure/"),
    ("arch", r"^arch/x86/"),
    ("kernel", r"^kernel/"),
    ("vmx", r"^vmx/"),
    ("svm", r"^svm/"),
    ("core", r"^core/"),
    ("boot", r"^boot/"),
    ("guest-prog", r"^guest/.*\.S$"),
    ("guest", r"^guest/"),
]

# Definition-only hardware headers: constants and layouts, no code, no state.
# Pure code may use them (the SDM's and the APM's names for bits and fields).
ARCH_DEFS = {"arch/x86/x86.h", "arch/x86/msr-index.h", "arch/x86/segment.h", "arch/x86/frame.h",
             "arch/x86/platform.h"}

ALLOWED = {
    "lib": {"lib"},
    "pure": {"lib", "pure", "arch-defs"},
    "vmx-pure": {"lib", "pure", "vmx-pure", "arch-defs"},
    "svm-pure": {"lib", "pure", "svm-pure", "arch-defs"},
    "arch": {"lib", "arch"},
    "kernel": {"lib", "pure", "arch", "kernel"},
    "guest": {"lib", "pure", "arch", "kernel", "guest"},
    "vmx": {"lib", "pure", "arch", "kernel", "guest", "vmx", "vmx-pure"},
    "svm": {"lib", "pure", "arch", "kernel", "guest", "svm", "svm-pure"},
    "core": {"lib", "pure", "arch", "kernel", "guest", "vmx", "vmx-pure", "svm", "svm-pure",
             "core"},
    "boot": {"lib", "pure", "arch-defs", "boot"},
    "guest-prog": {"lib", "arch-defs", "guest-abi"},
}

# What the guest programs (guest/*.S) may include: their interface, the check
# guests' (guest/checks.h) and the programs of the rows for both vendors, and
# the check guests' constants of each backend.
GUEST_ABI = {"guest/guest.h", "guest/checks.h", "guest/check_progs.inc", "vmx/checks.h",
             "svm/checks.h"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCES = re.compile(r"\.(c|h|S)$")


def layer_of(path):
    for name, pat in LAYERS:
        if re.match(pat, path):
            return name
    return None


def kinds_of(target):
    """The layer names an included path satisfies."""
    kinds = set()
    if target in ARCH_DEFS:
        kinds.add("arch-defs")
    if target in GUEST_ABI:
        kinds.add("guest-abi")
    lay = layer_of(target)
    if lay:
        kinds.add(lay)
    return kinds


def check(root):
    bad = []
    files = 0
    for top, _, names in os.walk(root):
        rel_top = os.path.relpath(top, root)
        if rel_top.startswith((".git", "build", "tests", "tools")):
            continue
        for n in sorted(names):
            if not SOURCES.search(n):
                continue
            rel = os.path.normpath(os.path.join(rel_top, n))
            lay = layer_of(rel)
            if lay is None:
                continue
            files += 1
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    if not kinds_of(target) & ALLOWED[lay]:
                        tl = layer_of(target) or "outside the layers"
                        bad.append(f'{rel}:{lineno}: #include "{target}" '
                                   f"({lay} may not include {tl})")
    return files, bad


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    files, bad = check(os.path.abspath(root))
    for b in bad:
        print(b)
    if bad:
        print(f"check-layers: {len(bad)} include(s) against the layer rules (docs/design.md)")
        return 1
    print(f"check-layers: {files} files, all includes follow the layer rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
