#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check the final screen of one QEMU run against what the console printed.

usage: check.py OUTDIR text|fb [--bottom-only] [--map=N]
       check.py OUTDIR early

OUTDIR comes from tools/emu.sh with screen=1: com1.txt (the console log),
report.json, and vgatext.bin (EGA text buffer at 0xb8000, 80x25 cells of
character + attribute) or fb.txt (build/tools/fbscreen's decoding of the
framebuffer screenshot; a cell decodes only if it is pixel-exact what the
kernel's renderer draws).

The expected screen is rebuilt here from the serial log and the report, by an
independent model of docs/console.md: the log lines from "screen: ..." on,
wrapped and scrolled (the verdict line is not in the log: it is pinned), the
PICOVISOR-REPORT line shown as a one-line note, the QR code taking the right
columns the "screen: QR code ..." line names (the text keeps left of it), and
the pinned status rows (verdict word-wrapped, one line per CPU or the CPU map
with its cpulists, the failed checks). Every text column must match (the QR
code's columns are read by zbarimg in tests/screen/run.sh), or with
--bottom-only (when the log lacks the early lines, e.g. taken from port
0xE9) the pinned rows and the report note.
In every case the verdict must be on the screen exactly once. --map=N: the
CPU map must be there with N cells, one per CPU, each in the colour of what the
report says of that CPU (text mode: cell by cell).
"early": a boot stopped in boot/entry.S (no long mode, bad magic) before
the screen console existed; the serial line before its PICOVISOR-REPORT line
must be the only text on the EGA text screen, from the top left in the
"unsupported" colour (wrapped at 80 columns, its last row padded), and the
report must say "unsupported".
Exit 0 on a match; otherwise prints the differing rows and exits 1.
"""
import json
import os
import re
import sys

from summary import load_report  # noqa: E402

LOG, WARN, ERROR, PANIC = 0x07, 0x0E, 0x0C, 0x4F
PASS, FAIL, UNSUPPORTED, CPU = 0x20, 0x4F, 0x60, 0x1F
VERDICT = re.compile(r"^picovisor: (PASS|FAIL|UNSUPPORTED)")
QR_LINE = re.compile(r"^screen: QR code version \d+ \(\d+ modules\) of the picovisor-qr line in the "
                     r"right (\d+) columns")
MAP_ATTR = {"+": PASS, "F": FAIL, "X": 0x5F, "-": 0x70}


def line_attr(s):
    m = VERDICT.match(s)
    if m:
        return {"PASS": PASS, "FAIL": FAIL, "UNSUPPORTED": UNSUPPORTED}[m.group(1)]
    if s.startswith("PICOVISOR-PANIC"):
        return PANIC
    if "error" in s:
        return ERROR
    if "warning" in s:
        return WARN
    return LOG


class Screen:
    def __init__(self, cols, rows):
        self.cols, self.rows, self.log_rows = cols, rows, rows
        self.tcols = cols       # text columns: all, or those left of the QR code
        self.cell = [[(" ", LOG)] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.attr = LOG

    def scroll_up(self, n):
        for r in range(n - 1):
            self.cell[r][:self.tcols] = self.cell[r + 1][:self.tcols]
        self.cell[n - 1] = [(" ", LOG)] * self.tcols + self.cell[n - 1][self.tcols:]

    def qr(self, ncols):
        """The QR code takes the right ncols columns; they are not compared."""
        self.tcols = self.cols - ncols
        self.col = min(self.col, self.tcols)

    def newline(self):
        self.col = 0
        if self.row + 1 < self.log_rows:
            self.row += 1
        else:
            self.scroll_up(self.log_rows)

    def put(self, ch):
        if ch == "\r":
            return
        if ch == "\t":
            self.put(" ")
            while self.col % 8 and self.col < self.tcols:
                self.put(" ")
            return
        if self.col >= self.tcols:
            self.newline()
        if not " " <= ch <= "~":
            ch = "?"
        self.cell[self.row][self.col] = (ch, self.attr)
        self.col += 1

    def line(self, s, attr):
        self.attr = attr
        for ch in s:
            self.put(ch)
        self.newline()

    def pin(self, lines):
        n = min(len(lines), self.rows - 1)
        while self.row >= self.rows - n:
            self.scroll_up(self.row + 1)
            self.row -= 1
        self.log_rows = self.rows - n
        for i, item in enumerate(lines[:n]):
            text, attr = item[0], item[1]
            cells = item[2] if len(item) > 2 else []
            text = text[:self.tcols]
            row = [(c, cells[k] if k < len(cells) else attr) for k, c in enumerate(text)]
            row += [(" ", attr)] * (self.tcols - len(text))
            self.cell[self.log_rows + i][:self.tcols] = row


def wrap(s, width):
    out = []
    while s:
        k = min(len(s), width)
        if k < len(s):
            sp = s.rfind(" ", 0, k)
            if sp >= 0:
                k = sp + 1
        out.append(s[:k])
        s = s[k:]
    return out


def hv_key(p):
    """The backend's per-CPU key: "svm" on AMD-V runs, else "vmx"."""
    return "svm" if "svm" in p else "vmx"


def cpu_line(p, vmx_done, guest_done):
    s = "cpu%-3u APIC %-4u " % (p["cpu"], p["apic_id"])
    c = p.get("crashed")
    if c and "vector" in c:
        return s + "crashed in stage %s: %s at rip %s" % (c["stage"], c["name"], c["rip"])
    if c:
        return s + "crashed: " + p["error"]
    s += "online" if p["online"] else "offline"
    if vmx_done and p["online"]:
        s += ", %s %s" % (hv_key(p), p[hv_key(p)])
    if guest_done and p["online"]:
        s += ", guest " + p["guest"]
    if "checks" in p:
        s += ", checks %d pass %d fail %d skip" % (p["checks"]["pass"], p["checks"]["fail"],
                                                   p["checks"]["skip"])
    if p.get("error"):
        s += ": " + p["error"]
    return s


def cpu_ok(p, vmx_done, guest_done):
    return p["online"] and "crashed" not in p and (not vmx_done or p[hv_key(p)] == "on") and \
        (not guest_done or p["guest"] == "done")


def ceil(a, b):
    return -(-a // b)


def cpu_kind(p, vmx_done, guest_done):
    """The CPU map's character: + ok, - offline, F failed (a problem or a failed check), X crashed."""
    if "crashed" in p:
        return "X"
    if not p["online"]:
        return "-"
    if not cpu_ok(p, vmx_done, guest_done) or p.get("checks", {}).get("fail", 0):
        return "F"
    return "+"


def package(p):
    """A CPU's package: the report's topology when it has one (schema 2), else 0."""
    return p.get("topo", {}).get("pkg", 0)


def map_lines(cpus, vmx_done, guest_done, width, room):
    kinds = [cpu_kind(p, vmx_done, guest_done) for p in cpus]
    npkg = max((package(p) for p in cpus), default=0) + 1
    label = len("p%u " % (npkg - 1))
    if room < 2 or width <= label:
        return []
    w = width - label
    count = {k: kinds.count(k) for k in "+F-X"}
    rows = max(1, room - 1 - (count["F"] > 0) - (count["X"] > 0))
    pkgs = [[kinds[i] for i, p in enumerate(cpus) if package(p) == g] for g in range(npkg)]
    per = 1
    while sum(ceil(ceil(len(k), per), w) for k in pkgs) > rows and per < len(cpus):
        per += 1
    legend = "%u CPUs: %u ok" % (len(cpus), count["+"])
    for k, name in (("F", "failed"), ("X", "crashed"), ("-", "offline")):
        if count[k]:
            legend += ", %u %s" % (count[k], name)
    if per > 1:
        legend += "; a cell is %u CPUs" % per
    out = [(legend, CPU)]
    order = "+-FX"
    for g, k in enumerate(pkgs):
        cells = ["".join(max(k[i:i + per], key=order.index)) for i in range(0, len(k), per)]
        for r in range(0, len(cells), w):
            if len(out) >= room:
                break
            lab = ("p%-*u" % (label - 1, g)) if r == 0 else " " * label
            text = lab + "".join(cells[r:r + w])
            out.append((text, CPU, [CPU] * label + [MAP_ATTR[c] for c in cells[r:r + w]]))
    for k, name in (("F", "failed"), ("X", "crashed")):
        if count[k] and len(out) < room:
            out.append(("%s CPUs: %s" % (name, cpu_list([p["cpu"] for p, c in zip(cpus, kinds)
                                                          if c == k])), FAIL))
    return out


def cpu_list(cpus):
    """0-3,5: a Linux cpulist."""
    return cpu_ranges(cpus).replace("cpu", "").replace(" ", "")


def status_lines(verdict, report, cols, rows):
    vattr = line_attr(verdict)
    lines = [(t, vattr) for t in wrap(verdict, cols)][:rows // 2]
    cpus = report.get("percpu", [])
    vmx_done = any("vmx" in p or "svm" in p for p in cpus)
    guest_done = any("guest" in p for p in cpus)
    room = rows // 2
    if len(cpus) + len(lines) <= room:
        lines += [(cpu_line(p, vmx_done, guest_done), CPU) for p in cpus]
    else:
        lines += map_lines(cpus, vmx_done, guest_done, cols, room - len(lines))
    for c in report.get("checks", []):
        if c["result"] == "fail" and len(lines) < room:
            lines.append(("check %s FAILED on %s" % (c["name"], cpu_ranges(c["cpus_failed"])),
                          FAIL))
    return lines


def cpu_ranges(cpus):
    """cpu0-3, cpu5: as the image prints a set of CPUs."""
    out, cpus, i = [], sorted(cpus), 0
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        out.append("cpu%d" % cpus[i] + ("-%d" % cpus[j] if j > i else ""))
        i = j + 1
    return ", ".join(out)


def expected(out, cols, rows):
    with open(os.path.join(out, "com1.txt"), "rb") as f:
        log = f.read().decode("utf-8", "replace").replace("\r", "").split("\n")
    report = load_report(os.path.join(out, "report.json"))
    start = next((i for i, l in enumerate(log) if l.startswith("screen: ")), 0)
    scr = Screen(cols, rows)
    verdict = ""
    for l in log[start:]:
        if l.startswith("PICOVISOR-REPORT "):
            scr.pin(status_lines(verdict, report, scr.tcols, rows))
            scr.line("PICOVISOR-REPORT: %u bytes of JSON on the serial console" % len(l), LOG)
            break
        if VERDICT.match(l):
            verdict = l     # pinned, not drawn in the log
            continue
        m = QR_LINE.match(l)
        if m:
            scr.qr(int(m.group(1)))
        scr.line(l, line_attr(l))
    return scr, len(status_lines(verdict, report, scr.tcols, rows))


def actual_text(out):
    """EGA text buffer: 80x25 cells of (character, attribute)."""
    with open(os.path.join(out, "vgatext.bin"), "rb") as f:
        data = f.read()
    cols, rows = 80, 25
    return cols, rows, [[(chr(data[2 * (r * cols + c)]), data[2 * (r * cols + c) + 1])
                         for c in range(cols)] for r in range(rows)]


def actual_fb(out):
    """fbscreen output: per row the text and the row attribute (None when mixed)."""
    with open(os.path.join(out, "fb.txt"), encoding="utf-8") as f:
        head, *body = f.read().rstrip("\n").split("\n")
    cols, rows = map(int, head.split())
    got = []
    for l in body:
        m = re.match(r"^(\d+) (..)\|(.*)$", l)
        got.append((m.group(3), None if m.group(2) == "--" else int(m.group(2), 16)))
    return cols, rows, got


def row_summary(cells):
    """(text, attribute) of a row as fbscreen reports it: blank cells count their background only."""
    text = "".join(c for c, _ in cells)
    bgs = {a >> 4 for _, a in cells}
    fgs = {a for c, a in cells if c != " "}
    if len(bgs) != 1 or len(fgs) > 1:
        return text, None
    return text, fgs.pop() if fgs else (bgs.pop() << 4 | 0x07)


def expected_early(out, cols, rows):
    with open(os.path.join(out, "com1.txt"), "rb") as f:
        log = f.read().decode("utf-8", "replace").replace("\r", "").split("\n")
    with open(os.path.join(out, "report.json")) as f:
        if json.load(f).get("status") != "unsupported":
            raise SystemExit("    the report's status is not \"unsupported\"")
    end = next(i for i, l in enumerate(log) if l.startswith("PICOVISOR-REPORT "))
    msg = next((l for l in reversed(log[:end]) if l.strip()), "")
    cell = [[(" ", LOG)] * cols for _ in range(rows)]
    for r in range(max(1, -(-len(msg) // cols))):
        text = msg[r * cols:(r + 1) * cols].ljust(cols)
        cell[r] = [(c, UNSUPPORTED) for c in text]
    return cell


def check_map(out, got, cells, n):
    """The CPU map's rows on the screen: n cells, matching the report CPU by CPU."""
    report = load_report(os.path.join(out, "report.json"))
    cpus = report.get("percpu", [])
    vmx_done = any("vmx" in p or "svm" in p for p in cpus)
    guest_done = any("guest" in p for p in cpus)
    want = "".join(cpu_kind(p, vmx_done, guest_done) for p in cpus)
    legend = next((r for r, (t, _) in enumerate(got) if re.match(r"^\d+ CPUs: \d+ ok", t)), None)
    if legend is None:
        print("    no CPU map on the screen")
        return 1
    text, attrs = "", []
    for r in range(legend + 1, len(got)):
        m = re.match(r"^(p\d+ |   )([-+FX]+) *$", got[r][0])
        if not m:
            break
        text += m.group(2)
        if cells is not None:
            start = len(m.group(1))
            attrs += [a for _, a in cells[r][start:start + len(m.group(2))]]
    if len(text) != n or text != want:
        print("    CPU map: %u cells |%s|, the report says %u |%s|" % (len(text), text, len(want), want))
        return 1
    if cells is not None and attrs != [MAP_ATTR[c] for c in text]:
        print("    CPU map colours %s differ from %s" % (attrs, [MAP_ATTR[c] for c in text]))
        return 1
    print("    CPU map: %u cells, %s" % (n, ", ".join("%u %s" % (text.count(c), c) for c in "+F-X"
                                                    if c in text)))
    return 0


def main():
    out, mode = sys.argv[1], sys.argv[2]
    if mode == "early":
        cols, rows, cells = actual_text(out)
        want = expected_early(out, cols, rows)
        bad = [r for r in range(rows) if cells[r] != want[r]]
        for r in bad[:6]:
            print("    row %2u expected |%s|" % (r, "".join(c for c, _ in want[r]).rstrip()))
            print("           got      |%s| attributes %s" % ("".join(c for c, _ in cells[r]).rstrip(),
                                                          sorted({a for _, a in cells[r]})))
        if bad:
            print("    %u of %u rows differ (%ux%u screen)" % (len(bad), rows, cols, rows))
            return 1
        print("    %u rows match: the early message alone on the screen" % rows)
        return 0
    bottom_only = "--bottom-only" in sys.argv[3:]
    if mode == "text":
        cols, rows, cells = actual_text(out)
        got = [row_summary(r) for r in cells]
    else:
        cols, rows, got = actual_fb(out)
        cells = None
    scr, npinned = expected(out, cols, rows)
    if cells is not None:
        cells = [r[:scr.tcols] for r in cells]
        got = [row_summary(r) for r in cells]
    want = [row_summary(r[:scr.tcols]) for r in scr.cell]
    check = range(rows)
    if bottom_only:
        check = range(rows - npinned, rows)
        # The note may wrap: the rows, each as wide as the text, joined give the line back.
        note = re.compile(r"PICOVISOR-REPORT: \d+ bytes of JSON on the serial console ")
        if not note.search("".join(t[:scr.tcols].ljust(scr.tcols) for t, _ in got)):
            print("    the PICOVISOR-REPORT note is not on the screen")
            return 1
    verdicts = [r for r in range(rows) if VERDICT.match(got[r][0])]
    if len(verdicts) != 1:
        print("    the verdict is on the screen %u times (rows %s), not once" % (len(verdicts), verdicts))
        return 1
    want_map = next((int(a[6:]) for a in sys.argv[3:] if a.startswith("--map=")), None)
    if want_map is not None and check_map(out, got, cells, want_map):
        return 1
    bad = 0
    for r in check:
        if cells is not None:
            ok = cells[r] == scr.cell[r][:scr.tcols]
        else:
            ok = got[r] == want[r]
        if not ok:
            bad += 1
            if bad <= 6:
                print("    row %2u expected %-4s|%s|" % (r, "%02x" % want[r][1] if want[r][1] is not None else "--", want[r][0].rstrip()))
                print("           got      %-4s|%s|" % ("%02x" % got[r][1] if got[r][1] is not None else "--", got[r][0].rstrip()))
    if bad:
        print("    %u of %u rows differ (%ux%u screen)" % (bad, len(check), cols, rows))
        return 1
    print("    %u rows match (%ux%u screen, %u text columns, %u pinned)" % (len(check), cols, rows,
                                                                        scr.tcols, npinned))
    return 0


if __name__ == "__main__":
    sys.exit(main())
