#!/usr/bin/env bash
# Output and time against the CPU count (issue 17). Figures, not verdicts: for
# each CPU count, checks=none, prints the wall-clock time from starting the
# emulator to the report line, the kernel's own time (time.kernel_us), the AP
# bring-up (cpus.bringup_us), the serial bytes before the report line and the
# report line's bytes (JSON without its prefix). QEMU: q35, EPYC with x2APIC,
# every vCPU on one TCG thread (as the boot tests); Bochs: Skylake-X.
#   BUILD=dir                   build directory (build)
#   BENCH_QEMU_CPUS="4 64 256 1024"   (empty: no QEMU runs)
#   BENCH_BOCHS_CPUS="2 4 8 12"       (empty: no Bochs runs)
#   BENCH_QEMU_MEM=MiB          QEMU RAM (2800: room below 4 GiB for 1024 CPUs)
set -u
cd "$(dirname "$0")/.."
. tools/emu.sh
emu_bench_setup
cpu=EPYC,+x2apic,-fxsr-opt,-misalignsse,-osvw,-topoext,-nrip-save,-xsavec
iso=$out/scale.iso
emu_make_iso "$BUILD/picovisor.elf" "$iso" "exit=qemu checks=none watchdog=60000" || exit 1
isob=$out/scale-bochs.iso
emu_make_iso "$BUILD/picovisor.elf" "$isob" "exit=bochs checks=none" || exit 1
printf '%-6s %5s %9s %11s %11s %8s %8s %7s %s\n' emulator cpus wall_s kernel_us bringup_us \
	serial_B report_B tested status
row() {
	local emu=$1 n=$2 dir=$3 t0=$4 t1=$5 r=$3/report.json
	if [ ! -f "$r" ]; then
		echo "$emu $n: no report ($(cat "$dir/result"))"
		return
	fi
	printf '%-6s %5s %9s %11s %11s %8s %8s %7s %s\n' "$emu" "$n" \
		"$(python3 -c "print('%.1f' % ($t1 - $t0))")" \
		"$(emu_field "$r" 'r["time"]["kernel_us"]')" "$(emu_field "$r" 'r["cpus"]["bringup_us"]')" \
		"$(grep -av '^PICOVISOR-REPORT' "$dir/com1.txt" | wc -c)" "$(wc -c <"$r")" \
		"$(emu_field "$r" 'r["cpus"].get("tested")')" "$(emu_field "$r" 'r["status"]')"
}
for n in ${BENCH_QEMU_CPUS-4 64 256 1024}; do
	t0=$(date +%s.%N)
	emu_run "$out/scale-qemu-$n" "$iso" qemu "$n" 1800 machine=q35 "cpu=$cpu" tcg=single \
		"mem=${BENCH_QEMU_MEM:-2800}" >/dev/null
	row qemu "$n" "$out/scale-qemu-$n" "$t0" "$(date +%s.%N)"
done
for n in ${BENCH_BOCHS_CPUS-2 4 8 12}; do
	t0=$(date +%s.%N)
	emu_run "$out/scale-bochs-$n" "$isob" bochs "$n" 600 >/dev/null
	row bochs "$n" "$out/scale-bochs-$n" "$t0" "$(date +%s.%N)"
done
