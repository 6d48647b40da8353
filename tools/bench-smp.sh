#!/usr/bin/env bash
# AP bring-up cost vs core count (issue 3). Figures, not verdicts: prints the
# report's cpus.bringup_us (first INIT to last AP checked in) for 1, 2, 4, 8
# CPUs under QEMU TCG and 1, 2, 4 CPUs under Bochs, where the TSC counts
# emulated instructions (ticks = bringup_us * tsc_khz / 1000).
set -u
cd "$(dirname "$0")/.."
. tools/emu.sh
out=build/bench
mkdir -p "$out"
iso=$out/bench.iso
emu_make_iso build/picovisor.elf "$iso" "exit=qemu" || exit 1
isob=$out/bench-bochs.iso
emu_make_iso build/picovisor.elf "$isob" "exit=bochs" || exit 1
field() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
printf '%-8s %5s %12s %14s %10s\n' emulator cpus bringup_us "bringup_ticks" online
for n in 1 2 4 8; do
	emu_run "$out/qemu-$n" "$iso" qemu "$n" 60 >/dev/null
	r=$out/qemu-$n/report.json
	[ -f "$r" ] || { echo "qemu $n: no report"; continue; }
	printf '%-8s %5s %12s %14s %10s\n' qemu "$n" "$(field "$r" 'r["cpus"]["bringup_us"]')" \
		"$(field "$r" 'r["cpus"]["bringup_us"]*r["tsc_khz"]//1000')" "$(field "$r" 'r["cpus"]["online"]')"
done
for n in 1 2 4; do
	emu_run "$out/bochs-$n" "$isob" bochs "$n" 120 >/dev/null
	r=$out/bochs-$n/report.json
	[ -f "$r" ] || { echo "bochs $n: no report"; continue; }
	printf '%-8s %5s %12s %14s %10s\n' bochs "$n" "$(field "$r" 'r["cpus"]["bringup_us"]')" \
		"$(field "$r" 'r["cpus"]["bringup_us"]*r["tsc_khz"]//1000')" "$(field "$r" 'r["cpus"]["online"]')"
done
