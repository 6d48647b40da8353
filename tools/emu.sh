#!/usr/bin/env bash
# Emulator launcher shared by `make run`, the boot tests and the benchmarks.
# Source it, then call emu_run. Runs one emulator with the serial console in a
# file, waits until the image printed its final line (PICOVISOR-REPORT or
# PICOVISOR-PANIC) or the timeout passed, then stops the emulator itself.
#
#   emu_run OUTDIR ISO EMU CPUS TIMEOUT [options...]
#     EMU: bochs | qemu | qemu-kvm
#     options: model=NAME (bochs cpu model), fw=bios|uefi (qemu), media=cd|usb|pxe (qemu),
#              machine=pc|q35 (qemu), mem=MiB, follow=1 (copy serial output to stdout)
#              msrs=strict (bochs): RDMSR/WRMSR of an MSR Bochs does not implement
#                           raise #GP (ignore_bad_msrs=0) instead of reading 0
#              qemu only:
#              cpu=NAME     QEMU's -cpu under TCG, e.g. pentium3 (no long mode)
#              smp=SPEC     QEMU's whole -smp argument instead of CPUS, e.g.
#                           smp=6,sockets=2,cores=3 or smp=2,maxcpus=6
#              tcg=single   one host thread for every vCPU (-accel tcg,thread=single):
#                           many vCPUs on a small host without missing stage deadlines
#              accel=kvm    KVM with the host CPU as it is (-accel kvm -cpu host,
#                           no nested VMX asked for); needs a usable /dev/kvm
#              serial=none  no UART at all (-serial none); the console log is then
#                           taken from port 0xE9 (-debugcon) into com1.txt
#              serial=com2  COM1 into serial-com1.txt, COM2 into com1.txt
#              spcr=FILE    add FILE as an ACPI table (-acpitable), e.g. an SPCR
#              iommu=intel|amd  add a VT-d (intel-iommu, DMAR) or AMD-Vi (amd-iommu,
#                           IVRS) IOMMU; both need machine=q35
#              media=pxe    network boot through QEMU's built-in TFTP server (user-mode
#                           network, e1000 NIC with its iPXE ROM, BIOS or UEFI): ISO may
#                           be a TFTP root made by emu_make_pxe (make pxe), or an ISO
#                           whose kernel and command line are put in one (OUTDIR/tftp)
#              smbios=SPEC  one QEMU -smbios SPEC (repeatable), e.g.
#                           smbios=type=1,manufacturer=Acme,serial=SN1 (no spaces)
#              numa=N       N NUMA nodes (QEMU -numa, memory and CPUs split evenly,
#                           CPUs in order), so the firmware builds an SRAT
#              screen=1     after the final line, save the display (screen.ppm, QEMU
#                           monitor screendump) and the EGA text buffer at 0xb8000
#                           (vgatext.bin, 4000 bytes); do not combine with exit=qemu
#              events=SPEC  inject events through QEMU's monitor from a side process
#                           (emu_events below) that starts once the kernel printed its
#                           first line (earlier NMIs kill SeaBIOS and GRUB) and stops
#                           at the final line or with the emulator; may be repeated:
#                           nmi:5ms      the monitor's `nmi` (every CPU) every 5 ms
#                           mce:CPU:BANK:STATUS:MCGSTATUS:ADDR:MISC  one machine check
#                                        (`mce`) on CPU, once that CPU set CR4.MCE
#                                        (its `online` line; cpu0: its `mce:` line)
#                           Log: OUTDIR/events.log. Bochs has no way to inject them.
#   Results: OUTDIR/com1.txt (serial), OUTDIR/emu.log, OUTDIR/bochs.log,
#            OUTDIR/report.json (the report line's JSON, if printed), OUTDIR/result
#            (report | panic | timeout | exited), OUTDIR/hang-registers.txt (QEMU,
#            a timeout: the monitor's `info registers -a` before the kill).

EMU_OVMF_CODE=${EMU_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
EMU_OVMF_VARS=${EMU_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}

emu_run() {
	local out=$1 iso=$2 emu=$3 cpus=$4 tmo=$5
	shift 5
	local model=corei7_skylake_x fw=bios media=cd machine=pc mem=256 follow=0 o
	local bochs_msrs=
	local qcpu= qsmp= accel=tcg tcg=
	local serial=com1 spcr= screen=0 iommu= events=() numa=0
	local smbios=()
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
		tcg=single) tcg=,thread=single ;;
		serial=*) serial=${o#serial=} ;;
		spcr=*) spcr=$(cd "$(dirname "${o#spcr=}")" && pwd)/$(basename "${o#spcr=}") ;;
		screen=*) screen=${o#screen=} ;;
		iommu=*) iommu=${o#iommu=} ;;
		smbios=*) smbios+=(-smbios "${o#smbios=}") ;;
		events=*) events+=("${o#events=}") ;;
		numa=*) numa=${o#numa=} ;;
		*) echo "emu_run: unknown option $o" >&2; return 2 ;;
		esac
	done
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	iso=$(cd "$(dirname "$iso")" && pwd)/$(basename "$iso")
	rm -f "$out"/com1.txt "$out"/report.json "$out"/result "$out"/bochs.log "$out"/emu.log \
		"$out"/screen.ppm "$out"/vgatext.bin "$out"/monitor.sock "$out"/serial-com1.txt \
		"$out"/events.log "$out"/hang-registers.txt
	: >"$out/com1.txt"
	local pid
	if [ ${#events[@]} -gt 0 ] && [ "$emu" = bochs ]; then
		echo "emu_run: events= needs QEMU's monitor: Bochs cannot be sent an NMI or a machine check from outside" >&2
		return 2
	fi
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
		args+=("${smbios[@]}")
		if [ "$numa" -gt 0 ]; then
			local nv=${qsmp:-$cpus} k per
			nv=${nv%%,*}
			per=$((nv / numa))
			for ((k = 0; k < numa; k++)); do
				args+=(-object "memory-backend-ram,id=numa$k,size=$((mem / numa))M"
					-numa "node,nodeid=$k,memdev=numa$k,cpus=$((k * per))-$(((k + 1) * per - 1))")
			done
		fi
		# The monitor: screendump, events=, and the registers of a hang.
		args+=(-monitor "unix:$out/monitor.sock,server,nowait")
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
		if [ "$media" = pxe ]; then
			local tftp=$iso bootfile=boot/grub/i386-pc/core.0
			if [ ! -d "$iso" ]; then
				tftp=$out/tftp
				emu_pxe_from_iso "$iso" "$tftp" >"$out/pxe.log" 2>&1 ||
					{ cat "$out/pxe.log" >&2; return 2; }
			fi
			[ "$fw" = uefi ] && bootfile=boot/grub/x86_64-efi/core.efi
			args+=(-netdev "user,id=n0,tftp=$tftp,bootfile=$bootfile"
				-device e1000,netdev=n0 -boot n)
		elif [ "$media" = usb ]; then
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

	local evpid=
	if [ ${#events[@]} -gt 0 ]; then
		emu_events "$out" "$pid" "${events[@]}" >>"$out/events.log" 2>&1 &
		evpid=$!
	fi
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
	# A hang: every vCPU's registers, for whoever reads the failure (QEMU; the
	# run script names the function at each RIP).
	if [ "$result" = timeout ] && [ "$emu" != bochs ] && kill -0 "$pid" 2>/dev/null; then
		[ -n "$evpid" ] && kill "$evpid" 2>/dev/null # it may hold the monitor
		emu_monitor "$out/monitor.sock" "info registers -a" >"$out/hang-registers.txt" 2>&1
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
	rm -rf "$out/tftp" # a copy of GRUB's network images (media=pxe from an ISO)
	if [ -n "$evpid" ]; then
		kill "$evpid" 2>/dev/null
		wait "$evpid" 2>/dev/null
	fi
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

# The event injector of emu_run's events= option: waits for the kernel's first
# line in OUTDIR/com1.txt, then sends the monitor commands each SPEC asks for,
# until the final line appears, the emulator PID is gone or the monitor closes.
#   emu_events OUTDIR PID SPEC...
emu_events() {
	python3 - "$@" <<'EOP'
import os, re, socket, sys, time
out, pid, specs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
com1 = os.path.join(out, "com1.txt")
FIRST = re.compile(r"^picovisor \d")
FINAL = re.compile(r"^PICOVISOR-(REPORT|PANIC)")

def log(msg):
    print("%8.3f %s" % (time.monotonic() - t0, msg), flush=True)

def interval(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)", s)
    if not m:
        sys.exit("emu_events: bad interval %r (e.g. 5ms, 1s)" % s)
    return float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)

periodic, once = [], []          # [cmd, every, next], [cmd, regex]
for spec in specs:
    kind, _, arg = spec.partition(":")
    if kind == "nmi":
        periodic.append(["nmi", interval(arg or "5ms"), 0.0])
    elif kind == "mce":
        f = arg.split(":")
        if len(f) != 6:
            sys.exit("emu_events: mce:CPU:BANK:STATUS:MCGSTATUS:ADDR:MISC, got %r" % spec)
        cpu = int(f[0])
        want = r"^\[cpu0\] mce: CR4\.MCE set" if cpu == 0 else r"^\[cpu%d\] online" % cpu
        once.append(["mce " + " ".join(f), re.compile(want)])
    else:
        sys.exit("emu_events: unknown event %r (nmi:INTERVAL, mce:...)" % spec)

t0 = time.monotonic()
pos, partial, seen, started = 0, "", [], False

def new_lines():
    global pos, partial
    try:
        with open(com1, "rb") as f:
            f.seek(pos)
            data = f.read()
    except OSError:
        return []
    pos += len(data)
    text = partial + data.decode("latin-1").replace("\r", "")
    lines = text.split("\n")
    partial = lines.pop()
    return lines

def alive():
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False

sock = None
def connect():
    s = socket.socket(socket.AF_UNIX)
    s.connect(os.path.join(out, "monitor.sock"))
    s.settimeout(5)
    return s

def command(cmd):
    sock.sendall(cmd.encode() + b"\n")
    buf = b""
    while not buf.endswith(b"(qemu) "):
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("monitor closed")
        buf += chunk
    reply = buf.decode("utf-8", "replace").split("\n")[1:-1]
    return " | ".join(l.strip() for l in reply if l.strip())

sent = 0
try:
    while alive():
        lines = new_lines()
        if any(FINAL.search(l) for l in lines):
            log("final line seen: stop")
            break
        if not started and any(FIRST.search(l) for l in lines):
            started = True
            sock = connect()
            b = b""
            while not b.endswith(b"(qemu) "):
                b += sock.recv(4096)
            log("kernel's first line seen: injecting")
        seen.extend(lines)
        if not started:
            time.sleep(0.02)
            continue
        now = time.monotonic()
        for o in list(once):
            if any(o[1].search(l) for l in seen):
                reply = command(o[0])
                log("sent %r%s" % (o[0], ": " + reply if reply else ""))
                once.remove(o)
        for p in periodic:
            if now >= p[2]:
                command(p[0])
                sent += 1
                p[2] = now + p[1]
        if not once and not periodic:
            break                 # nothing left to send: free the monitor
        seen = seen[-200:] if not once else seen
        waits = [p[2] for p in periodic]
        time.sleep(max(0.0, min(waits) - time.monotonic()) if waits else 0.02)
except (OSError, socket.timeout) as e:
    log("stopped: %s" % e)
log("%d periodic commands sent" % sent)
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

# A TFTP root for network boot (make pxe; docs/pxe.md): GRUB's network images for
# BIOS PXE (boot/grub/i386-pc/core.0) and UEFI (boot/grub/x86_64-efi/core.efi), the
# kernel as boot/picovisor.elf, and boot/pxe.cfg.in as boot/grub/grub.cfg with
# CMDLINE as the kernel command line.
#   emu_make_pxe ELF DIR "CMDLINE"
emu_make_pxe() {
	local elf=$1 dir=$2 cmdline=$3 p here
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	rm -rf "$dir"
	mkdir -p "$dir/boot/grub"
	for p in i386-pc x86_64-efi; do
		grub-mknetdir --net-directory="$dir" --subdir=boot/grub -d "/usr/lib/grub/$p" ||
			{ echo "emu_make_pxe: grub-mknetdir for $p failed" >&2; return 1; }
	done
	cp "$elf" "$dir/boot/picovisor.elf"
	# The command line is text for sed's replacement: escape \, & and |.
	sed "s|@CMDLINE@|$(printf '%s' "$cmdline" | sed 's/[\\&|]/\\&/g')|" \
		"$here/boot/pxe.cfg.in" >"$dir/boot/grub/grub.cfg"
}

# A TFTP root from an ISO made by emu_make_iso (or make): its kernel and the
# command line of its first menu entry.
#   emu_pxe_from_iso ISO DIR
emu_pxe_from_iso() {
	local iso=$1 dir=$2 tmp cmdline
	tmp=$(mktemp -d)
	xorriso -osirrox on -indev "$iso" -extract /boot/picovisor.elf "$tmp/picovisor.elf" \
		-extract /boot/grub/grub.cfg "$tmp/grub.cfg" >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; rm -rf "$tmp"; return 1; }
	cmdline=$(sed -n 's|^[[:space:]]*multiboot2 /boot/picovisor.elf[[:space:]]*||p' "$tmp/grub.cfg" | head -n 1)
	emu_make_pxe "$tmp/picovisor.elf" "$dir" "$cmdline"
	local rc=$?
	rm -rf "$tmp"
	return $rc
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
