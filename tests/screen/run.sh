#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Screen and serial console tests (docs/console.md), run by tests/run.sh.
# Each case boots the image in QEMU and checks:
#   screen-*  the final screen, saved through the QEMU monitor (EGA text buffer
#             or framebuffer screenshot), against the screen rebuilt from the
#             serial log (tests/screen/check.py; framebuffer pixels decoded with
#             the kernel's own font and renderer by build/tools/fbscreen)
#             or, for a boot stopped before long mode (a 32-bit-only -cpu), the
#             message boot/entry.S printed on serial alone on the text screen;
#             the QR code read back by zbarimg from the screenshot must equal the
#             "picovisor-qr:" line, and that the summary tests/screen/summary.py
#             rebuilds from the report; --map=N: the CPU map with N cells
#   serial-*  the serial port choice with an ACPI SPCR table added to QEMU's
#             (tests/screen/mkspcr.py), judged by tests/boot/judge.py
# Prints one line per case, "PASS NAME LOG" or "FAIL NAME LOG".
#   BUILD=dir (default build)  OUT=dir (default $BUILD/tests/screen)
#   TESTS=regex  only the cases whose name matches   JOBS=N (default 2)
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/tests/screen}
ELF=$BUILD/picovisor.elf
FBSCREEN=$BUILD/tools/fbscreen
. tools/emu.sh
rm -rf "$OUT/isos"
mkdir -p "$OUT/isos"

# name | cpus | emu_run options | kernel command line | gfxpayload | check
CASES=(
	"screen-bios-text    | 2 | fw=bios screen=1             |             |             | text"
	"screen-bios-fb32    | 2 | fw=bios screen=1             |             | 1024x768x32 | fb"
	"screen-bios-fb24    | 2 | fw=bios screen=1             |             | 640x480x24  | fb"
	"screen-uefi-fb      | 2 | fw=uefi screen=1 smbios=type=1,manufacturer=Acme,product=Rack-7,serial=SN123 |             |             | fb"
	"screen-no-serial    | 1 | fw=bios screen=1 serial=none |             |             | text --bottom-only"
	"screen-ap-crash     | 2 | fw=bios screen=1             | selftest=ap-fault-setup |  | text"
	"screen-check-fail   | 2 | fw=bios screen=1             | selftest=break-iopm,msrpm | | text"
	"screen-map-64       | 64 | fw=bios screen=1 tcg=single | checks=none watchdog=60000 | | text --map=64"
	"screen-map-64-crash | 64 | fw=bios screen=1 tcg=single | checks=none watchdog=60000 selftest=ap-fault-setup | 800x600x32 | fb --map=64"
	"screen-no-long-mode | 1 | fw=bios screen=1 cpu=pentium3 |            |             | early"
	"serial-spcr-com2    | 1 | fw=bios serial=com2 spcr=@io:2f8:7 | exit=qemu |           | judge report grep:^serial:\sconsole\son\sport\s0x2f8.*ACPI\sSPCR"
	"serial-spcr-no-uart | 1 | fw=bios spcr=@io:2e8:7       | exit=qemu   |             | judge report grep:no\sUART\sanswers\sat\sthe\sSPCR\sport\s0x2e8;\sstaying\son\s0x3f8"
	"serial-spcr-mmio    | 1 | fw=bios spcr=@mmio:fe032000  | exit=qemu   |             | judge report grep:SPCR\sconsole\sis\snot\sa\s16550\sat\sI/O\sports"
	"serial-spcr-cmdline | 1 | fw=bios spcr=@io:2f8:7       | exit=qemu serial=com1 | | judge report grep:serial=\soverrides nogrep:moving\sthe\sconsole"
)

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

# The columns the QR code took at the right ("screen: QR code ... in the right N columns").
qr_cols() {
	sed -n 's/^screen: QR code .* in the right \([0-9]*\) columns.*/\1/p' "$1/com1.txt" | tail -n1 |
		grep . || echo 0
}

# The QR code read back as a phone would (zbarimg on the screenshot) must say exactly what
# the serial line "picovisor-qr: ..." says, and that must be the summary of the report.
check_qr() {
	local out=$1 line model got
	line=$(tr -d '\r' <"$out/com1.txt" | sed -n 's/^picovisor-qr: //p')
	[ "$(printf '%s\n' "$line" | grep -c .)" = 1 ] ||
		{ echo "    not exactly one picovisor-qr line"; return 1; }
	model=$(python3 tests/screen/summary.py "$out/report.json") || return 1
	[ "$line" = "$model" ] ||
		{ printf '    picovisor-qr: %s\n    from the report: %s\n' "$line" "$model"; return 1; }
	[ "$(qr_cols "$out")" -gt 0 ] || { echo "    no QR code on the screen"; return 1; }
	got=$(zbarimg -q --raw "$out/screen.ppm" 2>/dev/null)
	[ "$got" = "$line" ] ||
		{ printf '    QR code read back: %s\n    picovisor-qr line:  %s\n' "${got:-(none)}" "$line"; return 1; }
	echo "    QR code (${#line} bytes) read back by zbarimg equals the picovisor-qr line and the report's summary"
}

run_case() { # name cpus opts cmdline gfx check
	local name=$1 cpus=$2 opts=$3 cmdline=$4 gfx=$5 check=$6 out=$OUT/$1 iso o args=()
	iso=$OUT/isos/$(printf '%s|%s' "$cmdline" "$gfx" | md5sum | cut -c1-12).iso
	mkdir -p "$out"
	for o in $opts; do
		if [[ $o == spcr=@* ]]; then
			# spcr=@KIND:ADDR[:BAUD]: a generated table
			local spec=${o#spcr=@}
			python3 tests/screen/mkspcr.py "$out/spcr.bin" ${spec//:/ } || return 1
			o=spcr=$out/spcr.bin
		fi
		args+=("$o")
	done
	emu_run "$out" "$iso" qemu "$cpus" 60 "${args[@]}"
	{
		echo "result: $(cat "$out/result")  (qemu, $cpus CPU(s), $opts, cmdline '$cmdline', gfxpayload '$gfx')"
		case $check in
		judge*)
			# shellcheck disable=SC2086
			python3 tests/boot/judge.py "$out" ${check#judge}
			;;
		fb*)
			# shellcheck disable=SC2086
			[ -s "$out/screen.ppm" ] || { echo "    no screenshot (see $out/monitor.log)"; false; } &&
				"$FBSCREEN" "$out/screen.ppm" "$(qr_cols "$out")" >"$out/fb.txt" &&
				python3 tests/screen/check.py "$out" fb ${check#fb} &&
				check_qr "$out"
			;;
		text*)
			# shellcheck disable=SC2086
			[ -s "$out/vgatext.bin" ] || { echo "    no text buffer (see $out/monitor.log)"; false; } &&
				python3 tests/screen/check.py "$out" text ${check#text} &&
				check_qr "$out"
			;;
		early)
			[ -s "$out/vgatext.bin" ] || { echo "    no text buffer (see $out/monitor.log)"; false; } &&
				python3 tests/screen/check.py "$out" early
			;;
		esac
	} >"$out/check.txt" 2>&1
	if [ $? -eq 0 ]; then echo PASS >"$out/verdict"; else echo FAIL >"$out/verdict"; fi
}

sel=()
for c in "${CASES[@]}"; do
	IFS='|' read -r name _ <<<"$c"
	name=$(trim "$name")
	[[ $name =~ ${TESTS:-.} ]] && sel+=("$c")
done
# One ISO per (command line, gfxpayload), built before the runs start.
for c in "${sel[@]}"; do
	IFS='|' read -r _ _ _ cmdline gfx _ <<<"$c"
	cmdline=$(trim "$cmdline")
	gfx=$(trim "$gfx")
	iso=$OUT/isos/$(printf '%s|%s' "$cmdline" "$gfx" | md5sum | cut -c1-12).iso
	[ -f "$iso" ] || emu_make_iso "$ELF" "$iso" "$cmdline" "$gfx" >&2 || exit 1
done
for c in "${sel[@]}"; do
	IFS='|' read -r name cpus opts cmdline gfx check <<<"$c"
	while [ "$(jobs -rp | wc -l)" -ge "${JOBS:-2}" ]; do sleep 0.2; done
	run_case "$(trim "$name")" "$(trim "$cpus")" "$(trim "$opts")" "$(trim "$cmdline")" \
		"$(trim "$gfx")" "$(trim "$check")" &
done
wait
for c in "${sel[@]}"; do
	IFS='|' read -r name _ <<<"$c"
	name=$(trim "$name")
	echo "$(cat "$OUT/$name/verdict" 2>/dev/null || echo FAIL) $name $OUT/$name/check.txt"
done
