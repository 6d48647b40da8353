#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# build/tools/fleet over the serial logs the boot tests just wrote
# ($BUILD/tests/<case>/com1.txt), run by tests/run.sh after them. Checks that
# the tool prints one row per log in each format, that every row's status is
# the one the log's report line (or its absence, or its panic line) says, and
# that the exit status follows the verdicts: 2 when a log holds no report, else
# 1 when a machine did not pass, else 0. Also over a directory of copies.
# Prints "PASS NAME LOG" or "FAIL NAME LOG" per check; nothing without logs.
#   BUILD=dir (default build)  OUT=dir (default $BUILD/tests/fleet)
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/tests/fleet}
FLEET=$BUILD/tools/fleet
logs=()
for r in "$BUILD"/tests/*/result; do
	[ -f "$r" ] && logs+=("$(dirname "$r")/com1.txt")
done
[ ${#logs[@]} -gt 0 ] || exit 0
rm -rf "$OUT"
mkdir -p "$OUT/logs"
for l in "${logs[@]}"; do
	cp "$l" "$OUT/logs/$(basename "$(dirname "$l")").txt"
done

verdict() { # name ok log
	if [ "$2" = 0 ]; then echo "PASS fleet:$1 $3"; else echo "FAIL fleet:$1 $3"; fi
}

"$FLEET" "${logs[@]}" >"$OUT/table.txt" 2>"$OUT/table.err"
echo $? >"$OUT/table.rc"
"$FLEET" --csv "${logs[@]}" >"$OUT/fleet.csv" 2>"$OUT/csv.err"
echo $? >"$OUT/csv.rc"
"$FLEET" --json "${logs[@]}" >"$OUT/fleet.json" 2>"$OUT/json.err"
echo $? >"$OUT/json.rc"
"$FLEET" --csv "$OUT/logs" >"$OUT/dir.csv" 2>"$OUT/dir.err"
echo $? >"$OUT/dir.rc"

for check in table csv json exit-status directory; do
	python3 - "$check" "$OUT" "${logs[@]}" >"$OUT/$check.log" 2>&1 <<'EOP'
import csv, io, json, os, re, sys

check, out, logs = sys.argv[1], sys.argv[2], sys.argv[3:]

def expect(path):
    """What the log says: its last report's status, 'panic' or 'no-report'."""
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8", "replace").replace("\r", "").split("\n")
    rep = [l for l in lines if "PICOVISOR-REPORT " in l]
    if rep:
        try:
            return json.loads(rep[-1].split("PICOVISOR-REPORT ", 1)[1]).get("status", "?")
        except ValueError:
            return "bad-report"
    return "panic" if any("PICOVISOR-PANIC" in l for l in lines) else "no-report"

def name(path):
    return "/".join(path.split("/")[-2:])

want = {name(l): expect(l) for l in logs}
rc = int(open(os.path.join(out, {"exit-status": "table", "directory": "dir"}.get(check, check) + ".rc")).read())
want_rc = 2 if any(s in ("panic", "no-report", "bad-report") for s in want.values()) else \
    1 if any(s != "pass" for s in want.values()) else 0
errors = []

def rows_match(got, names):
    """got: {log: status} from the tool; names: the logs' names as the tool shows them."""
    if len(got) != len(logs):
        errors.append("%d rows for %d logs" % (len(got), len(logs)))
    for l in logs:
        n = names(l)
        if n not in got:
            errors.append("no row for %s" % n)
        elif got[n] != want[name(l)]:
            errors.append("%s: status %s, the log says %s" % (n, got[n], want[name(l)]))

if check == "table":
    text = open(os.path.join(out, "table.txt")).read().split("\n")
    hdr = text[0].split()
    if hdr[:3] != ["LOG", "GROUP", "STATUS"]:
        errors.append("header %r" % text[0])
    body = []
    for l in text[1:]:
        if not l:
            break
        if not re.match(r"^\S+: ", l):     # the notes under the rows
            body.append(l.split())
    rows_match({r[0]: r[2] for r in body}, name)
    grp = [l for l in text if l.startswith("group ")]
    ngroups = len({r[1] for r in body})
    if len(grp) != ngroups:
        errors.append("%d group lines for %d group numbers" % (len(grp), ngroups))
    if sum(int(re.match(r"group \d+: (\d+) machine", g).group(1)) for g in grp) != len(logs):
        errors.append("the groups do not add up to %d machines" % len(logs))
elif check == "csv":
    rows = list(csv.DictReader(io.StringIO(open(os.path.join(out, "fleet.csv"), newline="").read())))
    rows_match({r["log"]: r["status"] for r in rows}, name)
elif check == "json":
    doc = json.load(open(os.path.join(out, "fleet.json")))
    rows_match({m["log"]: m["status"] for m in doc["machines"]}, name)
    if sum(len(g["logs"]) for g in doc["groups"]) != len(logs):
        errors.append("the groups do not add up to %d machines" % len(logs))
elif check == "directory":
    rows = list(csv.DictReader(io.StringIO(open(os.path.join(out, "dir.csv"), newline="").read())))
    rows_match({r["log"]: r["status"] for r in rows}, lambda l: l.split("/")[-2] + ".txt")
    if [r["log"] for r in rows] != sorted(r["log"] for r in rows):
        errors.append("the directory's files are not in name order")
if rc != want_rc:
    errors.append("exit status %d, expected %d" % (rc, want_rc))
print("%s: %d logs, exit status %d" % (check, len(logs), rc))
for e in errors:
    print("  " + e)
sys.exit(1 if errors else 0)
EOP
	verdict "$check" $? "$OUT/$check.log"
done
