#!/usr/bin/env bash
# Boot the image in an emulator with the serial console on this terminal; stops
# by itself once the final report line is printed.
#   EMU=bochs|qemu|qemu-kvm (default: chosen here)  CPUS=N (default 4)
#   MODEL=<bochs cpu model> (default corei7_skylake_x)  FW=bios|uefi (qemu)
#   TIMEOUT=seconds (default 300)
#   ARGS="..." kernel command line (docs/cmdline.md), e.g. ARGS=checks=none;
#              the image is then remade with it from the ELF beside the ISO
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/emu.sh"
iso=${1:-build/picovisor.iso}
cpus=${CPUS:-4}
emu=${EMU:-}
why="EMU= given"
if [ -z "$emu" ]; then
	nested=$(cat /sys/module/kvm_intel/parameters/nested 2>/dev/null || echo N)
	nested_amd=$(cat /sys/module/kvm_amd/parameters/nested 2>/dev/null || echo N)
	if grep -qw vmx /proc/cpuinfo 2>/dev/null && [ -w /dev/kvm ] && [[ $nested == [Yy1]* ]]; then
		emu=qemu-kvm
		why="Intel host with /dev/kvm and nested VMX: real VT-x under KVM"
	elif grep -qw svm /proc/cpuinfo 2>/dev/null && [ -w /dev/kvm ] && [[ $nested_amd == [Yy1]* ]]; then
		emu=qemu-kvm
		why="AMD host with /dev/kvm and nested SVM: real AMD-V under KVM"
	else
		emu=bochs
		if ! grep -qw vmx /proc/cpuinfo 2>/dev/null; then
			why="this host has no VT-x; Bochs emulates VMX (EPT, VPID, unrestricted guest)"
		else
			why="/dev/kvm or nested VMX unavailable; Bochs emulates VMX"
		fi
	fi
fi
echo "run: $emu with $cpus CPU(s): $why"
echo "run: serial console follows; the run ends by itself after the report line"
out=build/run
mkdir -p "$out"
if [ -n "${ARGS:-}" ]; then
	emu_make_iso "$(dirname "$iso")/picovisor.elf" "$out/args.iso" "$ARGS" || exit 1
	iso=$out/args.iso
	echo "run: kernel command line: $ARGS"
fi
emu_run "$out" "$iso" "$emu" "$cpus" "${TIMEOUT:-300}" follow=1 \
	model="${MODEL:-corei7_skylake_x}" fw="${FW:-bios}"
rc=$?
logs="$out/emu.log"
[ "$emu" = bochs ] && logs="$logs, $out/bochs.log"
echo "run: $(cat $out/result) (serial log: $out/com1.txt; emulator logs: $logs)"
exit $rc
