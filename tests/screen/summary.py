#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The QR summary line (docs/report.md, "The QR summary") rebuilt from a report.

usage: summary.py REPORT.json      prints the summary the image must have shown

An independent model of pure/summary.c for the screen tests: the summary the
image printed ("picovisor-qr: PV1 ...") and the text its QR code decodes to
must both equal what this derives from the report's JSON.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "boot"))
from judge import cpulist as parse_cpulist, expand  # noqa: E402


def load_report(path):
    """A report as schema 1 spelled it: schema 2's folded per-CPU records expanded
    (tests/boot/judge.py) and each check's cpus_failed cpulist as a list of numbers."""
    with open(path) as f:
        r = expand(json.load(f))
    for c in r.get("checks", []):
        if isinstance(c.get("cpus_failed"), str):
            c["cpus_failed"] = parse_cpulist(c["cpus_failed"])
    return r

MAX = 154
PREFIX = "PV1 "
VALUE_MAX = 256
HV_STATES = ["not-tried", "on", "unsupported", "disabled-by-firmware", "incompatible", "error"]


def clean(s):
    out = ""
    for ch in (s or "")[:VALUE_MAX - 1]:
        if ch == ";":
            ch = ","
        elif not " " <= ch <= "~":
            ch = "?"
        if ch == " " and (not out or out[-1] == " "):
            continue
        out += ch
    return out.rstrip(" ")


def cpulist(cpus):
    """Linux cpulist of a list of numbers (schema 1) or the string itself (schema 2)."""
    if isinstance(cpus, str):
        return cpus
    out, cpus, i = [], sorted(cpus), 0
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        out.append(str(cpus[i]) + ("-%d" % cpus[j] if j > i else ""))
        i = j + 1
    return ",".join(out)


class Line:
    def __init__(self):
        self.s = ""

    def room(self):
        return MAX - len(self.s)

    def text(self, key, value):
        v = clean(value)
        head = 2 + len(key)
        if not v:
            return
        if head + len(v) > self.room():
            if head + 2 > self.room():
                return
            v = v[:self.room() - head - 1] + "~"
        self.s += ";%s=%s" % (key, v)

    def list(self, key, sep, items):
        head = 2 + len(key)
        count = len(items)
        if not count or head + 1 + len(str(count)) > self.room():
            return
        self.s += ";%s=" % key
        for i, item in enumerate(items):
            v = clean(item)
            need = (i > 0) + len(v) + (2 + len(str(count - i - 1)) if i + 1 < count else 0)
            if need > self.room():
                self.s += "%s+%u" % (sep if i else "", count - i)
                return
            self.s += (sep if i else "") + v


def machine(r):
    """SMBIOS system manufacturer, product, serial (platform.sys_vendor, product_name,
    product_serial; null without SMBIOS type 1): the one place to read them from the report."""
    pf = r.get("platform") or {}
    return pf.get("sys_vendor"), pf.get("product_name"), pf.get("product_serial")


def summary(r):
    line = Line()
    line.s = PREFIX + "s=" + r["status"]
    cpus = r.get("cpus")
    percpu = r.get("percpu", [])
    if cpus:
        listed = cpus.get("listed", cpus.get("expected"))
        tested = cpus.get("tested", cpus.get("online"))
        line.text("n", "%u/%u" % (tested, listed))
    key = next((k for k in ("svm", "vmx") if any(k in p for p in percpu)), None)
    if key:
        states = [p[key] for p in percpu if key in p]
        kinds = [s for s in HV_STATES if s in states]
        if len(kinds) == 1:
            st = kinds[0]
        else:
            st = ",".join("%s*%u" % (s, states.count(s)) for s in kinds)
        line.text("hv", "%s:%s" % (key, st))
    kvm = r.get("kvm")
    if kvm:
        line.text("k", "y" if kvm["loads"] else "n")
    line.text("x", cpulist([p["cpu"] for p in percpu if "crashed" in p]))
    fails = ["%s:%s" % (c["name"], cpulist(c["cpus_failed"])) for c in r.get("checks", [])
             if c["result"] == "fail"][:32]
    line.list("f", " ", fails)
    sysinfo = machine(r)
    if any(sysinfo):
        line.text("m", "/".join(clean(v) for v in sysinfo))
    if r.get("vendor"):
        line.text("c", "%s %u/%u/%u" % (r["vendor"], r["family"], r["model"], r["stepping"]))
    line.text("b", r.get("brand"))
    if kvm and kvm["loads"]:
        line.list("kf", ",", [k for k, on in kvm.get("enable", {}).items() if on])
    return line.s


def main():
    print(summary(load_report(sys.argv[1])))


if __name__ == "__main__":
    main()
