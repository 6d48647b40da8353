#!/usr/bin/env bash
# AP bring-up cost vs core count (issues 3 and 13). Figures, not verdicts:
# prints the report's cpus.bringup_us (first INIT to last AP checked in) and
# the ticks behind it (bringup_us * tsc_khz / 1000) for 1, 2, 4, 8, 12 CPUs
# under QEMU TCG and under Bochs, where the TSC counts emulated instructions.
# Bochs 2.7 stops at 12 CPUs (at 16 it panics "too many registered timers").
#   BUILD=dir           build directory (build)
#   BENCH_EMUS="qemu bochs"  emulators to run
#   BENCH_CPUS="1 2 4 8 12"  CPU counts
set -u
cd "$(dirname "$0")/.."
. tools/emu.sh
emu_bench_setup
iso=$out/bench.iso
emu_make_iso "$BUILD/picovisor.elf" "$iso" "exit=qemu" || exit 1
isob=$out/bench-bochs.iso
emu_make_iso "$BUILD/picovisor.elf" "$isob" "exit=bochs" || exit 1
printf '%-8s %5s %12s %14s %10s\n' emulator cpus bringup_us "bringup_ticks" online
for emu in ${BENCH_EMUS:-qemu bochs}; do
	for n in ${BENCH_CPUS:-1 2 4 8 12}; do
		case $emu in
		qemu) emu_run "$out/qemu-$n" "$iso" qemu "$n" 90 >/dev/null ;;
		bochs) emu_run "$out/bochs-$n" "$isob" bochs "$n" 300 >/dev/null ;;
		esac
		r=$out/$emu-$n/report.json
		[ -f "$r" ] || { echo "$emu $n: no report ($(cat "$out/$emu-$n/result"))"; continue; }
		printf '%-8s %5s %12s %14s %10s\n' "$emu" "$n" "$(emu_field "$r" 'r["cpus"]["bringup_us"]')" \
			"$(emu_field "$r" 'r["cpus"]["bringup_us"]*r["tsc_khz"]//1000')" "$(emu_field "$r" 'r["cpus"]["online"]')"
	done
done
