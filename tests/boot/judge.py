#!/usr/bin/env python3
"""Judge one emulator run by what the image printed.

usage: judge.py OUTDIR CHECK...

OUTDIR holds com1.txt (serial output) and result (report|panic|timeout|exited)
written by tools/emu.sh. Each CHECK is one of:
  path=value      the report JSON at a dotted path equals value (strings compare
                  as text, numbers/bools by their JSON spelling); a path may use
                  [*] to mean every element (percpu[*].vmx=on), [N] for one, or
                  [KEY:VALUE] for the elements whose KEY is VALUE
                  (checks[name:mtf].result=fail)
  path!=value     ... does not equal
  path>=N         numeric comparison (also <=, >)
  len:path=N      the list at path has N elements
  distinct:path   the values at path (with [*]) are all different
  grep:REGEX      some serial line matches REGEX (Python re.search)
  nogrep:REGEX    no serial line matches REGEX
  count:REGEX=N   exactly N serial lines match REGEX
  panic:FIELD=V   the PICOVISOR-PANIC line has FIELD=V (e.g. panic:vector=6)
  bytes:report<=N the report line (JSON, without its prefix) has at most N bytes
  bytes:serial<=N the serial output without the report line has at most N bytes
  noreport        no PICOVISOR-REPORT line was printed
  report          exactly one PICOVISOR-REPORT line, and it is the last line
  vmxdecode       build/tools/vmxdecode, fed the serial log, prints the same
                  VMXCAP block and vmx flags line as the image did
A schema-2 report's percpu_common (docs/report.md) is expanded into percpu
first, so percpu[*].key checks read one record per CPU as in schema 1.
Exit 0 when every check holds; otherwise prints each failure and exits 1.
"""
import json
import os
import re
import subprocess
import sys


def values(obj, path):
    """All values at a dotted path; [*] fans out over a list."""
    cur = [obj]
    for part in re.findall(r"[^.\[\]]+|\[\*\]|\[\d+\]|\[[^\]:]+:[^\]]*\]", path):
        nxt = []
        for c in cur:
            sel = re.match(r"^\[([^\]:]+):([^\]]*)\]$", part)
            if sel:
                found = [e for e in c if isinstance(e, dict) and spell(e.get(sel.group(1))) ==
                         sel.group(2)] if isinstance(c, list) else []
                if not found:
                    raise KeyError(path)
                nxt.extend(found)
            elif re.match(r"^\[\d+\]$", part):
                k = int(part[1:-1])
                if isinstance(c, list) and k < len(c):
                    nxt.append(c[k])
                else:
                    raise KeyError(path)
            elif part == "[*]":
                if isinstance(c, list):
                    nxt.extend(c)
                else:
                    raise KeyError(path)
            elif isinstance(c, dict) and part in c:
                nxt.append(c[part])
            else:
                raise KeyError(path)
        cur = nxt
    return cur


def cpulist(s):
    """A Linux cpulist ("0-3,8") as a list of numbers."""
    out = []
    for part in filter(None, s.split(",")):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def numseq(s):
    """A report number sequence ("0-3,7*2,9") as a list of numbers."""
    out = []
    for part in filter(None, s.split(",")):
        if "*" in part:
            v, n = part.split("*")
            out.extend([int(v)] * int(n))
        else:
            a, _, b = part.partition("-")
            out.extend(range(int(a), int(b or a) + 1))
    return out


def set_path(obj, path, value):
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        key = int(p[1:-1]) if p.startswith("[") else p
        if last:
            obj[key] = value
        else:
            obj = obj[key]


def expand(report):
    """Schema 2: percpu_common folded back into one percpu record per CPU."""
    common = report.get("percpu_common") if isinstance(report, dict) else None
    if not isinstance(common, dict):
        return report
    cpus = cpulist(common["cpus"])
    cols = {k: numseq(v) for k, v in common.get("each", {}).items()}
    for k, v in cols.items():
        if len(v) != len(cpus):
            raise ValueError("percpu_common.each.%s has %d values for %d CPUs" %
                             (k, len(v), len(cpus)))
    recs = list(report.get("percpu", []))
    for i, c in enumerate(cpus):
        r = json.loads(json.dumps(common["record"]))
        r["cpu"] = c
        for k, v in cols.items():
            set_path(r, k, v[i])
        recs.append(r)
    report["percpu"] = sorted(recs, key=lambda r: r["cpu"])
    return report


def spell(v):
    return v if isinstance(v, str) else json.dumps(v)


def vmx_parts(lines):
    block, inside = [], False
    for l in lines:
        if l == "BEGIN VMXCAP":
            inside = True
        if inside:
            block.append(l)
        if l == "END VMXCAP":
            inside = False
    flags = [l for l in lines if l.startswith("vmx flags")]
    return block, flags


def check_vmxdecode(out, lines):
    tool = os.path.join(os.environ.get("BUILD", "build"), "tools", "vmxdecode")
    log = os.path.join(out, "com1.txt")
    r = subprocess.run([tool, log], capture_output=True, text=True)
    if r.returncode != 0:
        return ["vmxdecode exited %d: %s" % (r.returncode, r.stderr.strip()[:200])]
    mine, theirs = vmx_parts(lines), vmx_parts(r.stdout.split("\n"))
    if not mine[0]:
        return ["the image printed no VMXCAP block"]
    errs = []
    if mine[0] != theirs[0]:
        diff = [a + " | " + b for a, b in zip(mine[0], theirs[0]) if a != b]
        errs.append("vmxdecode's VMXCAP block differs: %s" % (diff[:1] or "length"))
    if mine[1] != theirs[1]:
        errs.append("vmxdecode's vmx flags line differs")
    return errs


def main():
    out, checks = sys.argv[1], sys.argv[2:]
    with open(os.path.join(out, "com1.txt"), "rb") as f:
        text = f.read().decode("utf-8", "replace").replace("\r", "")
    lines = text.split("\n")
    report_lines = [l for l in lines if l.startswith("PICOVISOR-REPORT ")]
    report = None
    errors = []
    if report_lines:
        try:
            report = expand(json.loads(report_lines[-1][len("PICOVISOR-REPORT "):]))
        except (ValueError, KeyError, TypeError) as e:
            errors.append("report line is not valid JSON: %s" % e)
    panic = next((l for l in lines if l.startswith("PICOVISOR-PANIC")), None)

    for c in checks:
        try:
            if c == "noreport":
                if report_lines:
                    errors.append("a report line was printed: " + report_lines[-1][:200])
            elif c == "report":
                nonempty = [l for l in lines if l.strip()]
                if len(report_lines) != 1:
                    errors.append("expected one report line, saw %d" % len(report_lines))
                elif nonempty[-1] != report_lines[0]:
                    errors.append("the report line is not the last line")
            elif c == "vmxdecode":
                errors.extend(check_vmxdecode(out, lines))
            elif c.startswith("grep:"):
                if not any(re.search(c[5:], l) for l in lines):
                    errors.append("no serial line matches /%s/" % c[5:])
            elif c.startswith("nogrep:"):
                bad = [l for l in lines if re.search(c[7:], l)]
                if bad:
                    errors.append("serial line matches /%s/: %s" % (c[7:], bad[0][:200]))
            elif c.startswith("count:"):
                rx, n = c[6:].rsplit("=", 1)
                k = sum(1 for l in lines if re.search(rx, l))
                if k != int(n):
                    errors.append("%d serial lines match /%s/, expected %s" % (k, rx, n))
            elif c.startswith("bytes:"):
                what, n = c[6:].split("<=", 1)
                if what == "report":
                    size = len(report_lines[-1][len("PICOVISOR-REPORT "):].encode()) if report_lines else 0
                else:
                    size = len("\n".join(l for l in lines if not l.startswith("PICOVISOR-REPORT ")).encode())
                if size > int(n):
                    errors.append("%s is %d bytes, at most %s expected" % (what, size, n))
            elif c.startswith("panic:"):
                field, want = c[6:].split("=", 1)
                m = panic and re.search(r"\b%s=(\S+)" % re.escape(field), panic)
                if not m or m.group(1) != want:
                    errors.append("panic line %r lacks %s=%s" % (panic, field, want))
            elif report is None:
                errors.append("%s: no report" % c)
            elif c.startswith("len:"):
                path, n = c[4:].split("=", 1)
                v = values(report, path)[0]
                if len(v) != int(n):
                    errors.append("%s has %d elements, expected %s" % (path, len(v), n))
            elif c.startswith("distinct:"):
                v = [spell(x) for x in values(report, c[9:])]
                if len(set(v)) != len(v):
                    errors.append("%s not distinct: %s" % (c[9:], v))
            else:
                m = re.match(r"^(.+?)(!=|>=|<=|=|>|<)(.*)$", c)
                if not m:
                    errors.append("bad check %r" % c)
                    continue
                path, op, want = m.groups()
                for v in values(report, path):
                    if op in ("=", "!="):
                        ok = (spell(v) == want) == (op == "=")
                    else:
                        x, y = float(v), float(want)
                        ok = {">=": x >= y, "<=": x <= y, ">": x > y, "<": x < y}[op]
                    if not ok:
                        errors.append("%s is %s, expected %s%s" % (path, spell(v), op, want))
                        break
        except KeyError:
            errors.append("%s: not in the report" % c)
    for e in errors:
        print("    " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
