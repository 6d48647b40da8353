#!/usr/bin/env bash
# Emulator launcher shared by `make run`, the boot tests and the benchmarks.
# Source it, then call emu_run. Runs one emulator with the serial console in a
# file, waits until the image printed its final line (PICOVISOR-REPORT or
# PICOVISOR-PANIC) or the timeout passed, then stops the emulator itself.
#
#   emu_run OUTDIR ISO EMU CPUS TIMEOUT [options...]
#     EMU: bochs | qemu | qemu-kvm
#     options: model=NAME (bochs cpu model), fw=bios|uefi (qemu), media=cd|usb (qemu),
#              machine=pc|q35 (qemu), mem=MiB, follow=1 (copy serial output to stdout)
#              msrs=strict (bochs): RDMSR/WRMSR of an MSR Bochs does not implement
#                           raise #GP (ignore_bad_msrs=0) instead of reading 0
#              qemu only:
#              cpu=NAME     QEMU's -cpu under TCG, e.g. pentium3 (no long mode)
#              smp=SPEC     QEMU's whole -smp argument instead of CPUS, e.g.
#                           smp=6,sockets=2,cores=3 or smp=2,maxcpus=6
#              accel=kvm    KVM with the host CPU as it is (-accel kvm -cpu host,
#                           no nested VMX asked for); needs a usable /dev/kvm
#              serial=none  no UART at all (-serial none); the console log is then
#                           taken from port 0xE9 (-debugcon) into com1.txt
#              serial=com2  COM1 into serial-com1.txt, COM2 into com1.txt
#              spcr=FILE    add FILE as an ACPI table (-acpitable), e.g. an SPCR
#              iommu=intel|amd  add a VT-d (intel-iommu, DMAR) or AMD-Vi (amd-iommu,
#                           IVRS) IOMMU; both need machine=q35
#              tcg=single   one host thread for every vCPU (-accel tcg,thread=single):
#                           the fast way to run hundreds of vCPUs on a few cores
#              numa=N       N NUMA nodes (QEMU -numa, memory and CPUs split evenly,
#                           CPUs in order), so the firmware builds an SRAT
#              screen=1     after the final line, save the display (screen.ppm, QEMU
#                           monitor screendump) and the EGA text buffer at 0xb8000
#                           (vgatext.bin, 4000 bytes); do not combine with exit=qemu
#   Results: OUTDIR/com1.txt (serial), OUTDIR/emu.log, OUTDIR/bochs.log,
#            OUTDIR/report.json (the report line's JSON, if printed), OUTDIR/result
#            (report | panic | timeout | exited).

EMU_OVMF_CODE=${EMU_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
EMU_OVMF_VARS=${EMU_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}

emu_run() {
	local out=$1 iso=$2 emu=$3 cpus=$4 tmo=$5
	shift 5
	local model=corei7_skylake_x fw=bios media=cd machine=pc mem=256 follow=0 o
	local bochs_msrs=
	local qcpu= qsmp= accel=tcg
	local serial=com1 spcr= screen=0 iommu= tcg= numa=0
	for o in "$@"; do
		case $o in
		model=*) model=${o#model=} ;;
		msrs=strict) bochs_msrs=", ignore_bad_msrs=0" ;;
		fw=*) fw=${o#fw=} ;;
		media=*) media=${o#media=} ;;
		machine=*) machine=${o#machine=} ;;
		mem=*) mem=${o#mem=} ;;
		follow=*) follow=${o#follow=} ;;
		cpu=*) qcpu=${o#cpu=} ;;
		smp=*) qsmp=${o#smp=} ;;
		accel=kvm | accel=tcg) accel=${o#accel=} ;;
		serial=*) serial=${o#serial=} ;;
		spcr=*) spcr=$(cd "$(dirname "${o#spcr=}")" && pwd)/$(basename "${o#spcr=}") ;;
		screen=*) screen=${o#screen=} ;;
		iommu=*) iommu=${o#iommu=} ;;
		tcg=single) tcg=,thread=single ;;
		numa=*) numa=${o#numa=} ;;
		*) echo "emu_run: unknown option $o" >&2; return 2 ;;
		esac
	done
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	iso=$(cd "$(dirname "$iso")" && pwd)/$(basename "$iso")
	rm -f "$out"/com1.txt "$out"/report.json "$out"/result "$out"/bochs.log "$out"/emu.log \
		"$out"/screen.ppm "$out"/vgatext.bin "$out"/monitor.sock "$out"/serial-com1.txt
	: >"$out/com1.txt"
	local pid
	case $emu in
	bochs)
		cat >"$out/bochsrc" <<EOB
megs: $mem
romimage: file=/usr/share/bochs/BIOS-bochs-latest, options=fastboot
vgaromimage: file=/usr/share/vgabios/vgabios.bin
cpu: model=$model, count=$cpus, ips=10000000, reset_on_triple_fault=0$bochs_msrs
display_library: term
ata0-master: type=cdrom, path=$iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$out/com1.txt
clock: sync=none, time0=946681200
log: $out/bochs.log
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
mouse: enabled=0
sound: driver=dummy
speaker: enabled=0
EOB
		printf 'c\nquit\n' >"$out/cont.rc"
		(cd "$out" && TERM=dumb exec timeout -s KILL $((tmo + 10)) bochs-bin -q -f bochsrc -rc cont.rc \
			</dev/null >"$out/emu.log" 2>&1) &
		pid=$!
		;;
	qemu | qemu-kvm)
		local args=(-smp "${qsmp:-$cpus}" -m "$mem" -display none -no-reboot -machine "$machine"
			-device isa-debug-exit,iobase=0xf4,iosize=0x04)
		case $serial in
		none) args+=(-serial none -debugcon "file:$out/com1.txt") ;;
		com2) args+=(-serial "file:$out/serial-com1.txt" -serial "file:$out/com1.txt") ;;
		*) args+=(-serial "file:$out/com1.txt") ;;
		esac
		[ -n "$spcr" ] && args+=(-acpitable "file=$spcr")
		case $iommu in
		'') ;;
		intel) args+=(-device intel-iommu) ;;
		amd) args+=(-device amd-iommu) ;;
		*) echo "emu_run: unknown iommu '$iommu'" >&2; return 2 ;;
		esac
		if [ "$numa" -gt 0 ]; then
			local nv=${qsmp:-$cpus} k per
			nv=${nv%%,*}
			per=$((nv / numa))
			for ((k = 0; k < numa; k++)); do
				args+=(-object "memory-backend-ram,id=numa$k,size=$((mem / numa))M"
					-numa "node,nodeid=$k,memdev=numa$k,cpus=$((k * per))-$(((k + 1) * per - 1))")
			done
		fi
		[ "$screen" = 1 ] && args+=(-monitor "unix:$out/monitor.sock,server,nowait")
		if [ "$emu" = qemu-kvm ]; then
			# The host CPU as it is; on Intel ask for VMX (nested VT-x), an
			# AMD host passes SVM through by itself when kvm_amd nests.
			if grep -qw vmx /proc/cpuinfo 2>/dev/null; then
				args+=(-accel kvm -cpu host,+vmx)
			else
				args+=(-accel kvm -cpu host)
			fi
		elif [ "$accel" = kvm ]; then
			args+=(-accel kvm -cpu host)
		else
			args+=(-accel "tcg$tcg")
			[ -n "$qcpu" ] && args+=(-cpu "$qcpu")
		fi
		if [ "$fw" = uefi ]; then
			cp "$EMU_OVMF_VARS" "$out/ovmf_vars.fd"
			args+=(-drive "if=pflash,format=raw,readonly=on,file=$EMU_OVMF_CODE"
				-drive "if=pflash,format=raw,file=$out/ovmf_vars.fd")
		fi
		if [ "$media" = usb ]; then
			args+=(-drive "if=none,id=stick,format=raw,readonly=on,file=$iso"
				-device qemu-xhci,id=xhci -device usb-storage,bus=xhci.0,drive=stick,bootindex=1)
		else
			args+=(-cdrom "$iso" -boot d)
		fi
		printf '%q ' qemu-system-x86_64 "${args[@]}" >"$out/cmdline"
		timeout -s KILL $((tmo + 10)) qemu-system-x86_64 "${args[@]}" </dev/null >"$out/emu.log" 2>&1 &
		pid=$!
		;;
	*)
		echo "emu_run: unknown emulator '$emu'" >&2
		return 2
		;;
	esac

	local result=timeout start=$SECONDS shown=0
	while :; do
		# The report line is long and a UART writes it at line speed: wait
		# for its terminating newline (nothing is printed after it).
		if grep -aq '^PICOVISOR-REPORT ' "$out/com1.txt" 2>/dev/null &&
			[ -z "$(tail -c 1 "$out/com1.txt")" ]; then
			result=report
			break
		fi
		if grep -aq '^PICOVISOR-PANIC' "$out/com1.txt" 2>/dev/null; then
			sleep 0.5 # let the register dump follow
			result=panic
			break
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			result=exited
			grep -aq '^PICOVISOR-REPORT ' "$out/com1.txt" && result=report
			grep -aq '^PICOVISOR-PANIC' "$out/com1.txt" && result=panic
			break
		fi
		if [ $((SECONDS - start)) -ge "$tmo" ]; then
			break
		fi
		if [ "$follow" = 1 ]; then
			local n
			n=$(wc -l <"$out/com1.txt")
			if [ "$n" -gt "$shown" ]; then
				sed -n "$((shown + 1)),${n}p" "$out/com1.txt" | tr -d '\r'
				shown=$n
			fi
		fi
		sleep 0.2
	done
	if [ "$screen" = 1 ] && [ "$result" = report ] && kill -0 "$pid" 2>/dev/null; then
		sleep 0.5 # the screen is drawn after the serial line
		emu_monitor "$out/monitor.sock" "screendump $out/screen.ppm" \
			"pmemsave 0xb8000 4000 \"$out/vgatext.bin\"" >"$out/monitor.log" 2>&1
	fi
	# Stop the emulator: Bochs ignores SIGTERM, so SIGINT then SIGKILL.
	if kill -0 "$pid" 2>/dev/null; then
		pkill -INT -P "$pid" 2>/dev/null
		kill -INT "$pid" 2>/dev/null
		sleep 0.3
		pkill -KILL -P "$pid" 2>/dev/null
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	[ "$follow" = 1 ] && sed -n "$((shown + 1)),\$p" "$out/com1.txt" | tr -d '\r'
	tr -d '\r' <"$out/com1.txt" | sed -n 's/^PICOVISOR-REPORT //p' | tail -n 1 >"$out/report.json"
	[ -s "$out/report.json" ] || rm -f "$out/report.json"
	echo "$result" >"$out/result"
	[ "$result" != timeout ]
}

# Send QEMU human-monitor commands over its unix socket, one at a time.
#   emu_monitor SOCKET COMMAND...
emu_monitor() {
	python3 - "$@" <<'EOP'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(5)
def until_prompt():
    buf = b""
    while not buf.endswith(b"(qemu) "):
        chunk = s.recv(4096)
        if not chunk:
            break
        buf += chunk
    return buf
until_prompt()
for cmd in sys.argv[2:]:
    s.sendall(cmd.encode() + b"\n")
    sys.stdout.write(until_prompt().decode("utf-8", "replace"))
EOP
}

# Build a copy of the ISO whose GRUB entry passes CMDLINE (tests need exit=...).
# GFXPAYLOAD (optional): GRUB's gfxpayload for the kernel, e.g. 1024x768x32 or
# auto for a framebuffer under BIOS; empty: as boot/grub.cfg (EGA text under
# BIOS, the firmware's framebuffer under UEFI).
#   emu_make_iso ELF OUT.iso "CMDLINE" [GFXPAYLOAD]
emu_make_iso() {
	local elf=$1 iso=$2 cmdline=$3 gfx=${4:-} dir gfxline
	if [ -n "$gfx" ]; then
		gfxline="set gfxpayload=$gfx"
	else
		gfxline='if [ "$grub_platform" = pc ]; then set gfxpayload=text; fi'
	fi
	dir=$(mktemp -d)
	mkdir -p "$dir/boot/grub"
	cp "$elf" "$dir/boot/picovisor.elf"
	cat >"$dir/boot/grub/grub.cfg" <<EOG
set timeout=0
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
insmod all_video
menuentry "picovisor test" {
	multiboot2 /boot/picovisor.elf $cmdline
	$gfxline
	boot
}
EOG
	mkdir -p "$(dirname "$iso")"
	grub-mkrescue -o "$iso" "$dir" >"$iso.log" 2>&1 || { cat "$iso.log" >&2; rm -rf "$dir"; return 1; }
	rm -rf "$dir"
}

# For the benchmark scripts (tools/bench*.sh): BUILD (default build) and out=$BUILD/bench.
emu_bench_setup() {
	BUILD=${BUILD:-build}
	out=$BUILD/bench
	mkdir -p "$out"
}

# emu_field REPORT.json EXPR: print a Python expression over the report r.
emu_field() {
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
