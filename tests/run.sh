#!/usr/bin/env bash
# The whole test suite: host unit tests (plain and ASan+UBSan builds), then the
# emulator boot tests of tests/boot/cases, one per host core (at least two).
# Ends with the line "N passed, N failed" (", N skipped" added when a case could not run here:
# a KVM case without a usable /dev/kvm is printed as SKIP with the reason).
# Run through `make test` (which builds everything first).
#   TESTS=regex   run only boot tests whose name matches
#   UNIT=0        skip the unit tests; BOOT=0 skip the boot tests
#   SCREEN=0      skip the screen/serial console tests (tests/screen/run.sh, QEMU);
#   USB=0         skip the make-usb script tests (tests/usb/run.sh)
#   FLEET=0       skip build/tools/fleet over the boot tests' logs (tests/fleet/run.sh)
#   LAYERS=0      skip the include-direction checks (tests/layers/run.sh)
#   JOBS=N        boot tests at a time (default: host cores, 2 to 8)
#   FUZZ=0        skip the short fuzz pass (tests/fuzz/run.sh: 3 s a target, FUZZ_SECONDS)
set -u
cd "$(dirname "$0")/.."
export PV_TESTDATA=${PV_TESTDATA:-$(pwd)/tests/unit/data}
BUILD=${BUILD:-build}
res=$BUILD/tests
rm -rf "$res"
mkdir -p "$res"
pass=0
fail=0
skip=0
failed=()

note() { # name verdict [detail-file | skip reason]
	if [ "$2" = PASS ]; then
		pass=$((pass + 1))
		printf '  PASS  %s\n' "$1"
	elif [ "$2" = SKIP ]; then
		skip=$((skip + 1))
		printf '  SKIP  %s (%s)\n' "$1" "$3"
	else
		fail=$((fail + 1))
		failed+=("$1")
		printf '  FAIL  %s\n' "$1"
		[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/        /' "$3" | tail -n 40
	fi
}

# ---- unit tests ---------------------------------------------------------------
if [ "${UNIT:-1}" != 0 ]; then
	echo "== host unit tests"
	for bin in "$BUILD"/host/test_* "$BUILD"/host-san/test_*; do
		[ -x "$bin" ] || continue
		flavour=${bin#"$BUILD"/}
		flavour=${flavour%%/*}
		log=$res/${flavour}-$(basename "$bin").log
		"$bin" >"$log" 2>&1
		rc=$?
		while read -r name; do
			note "$flavour:$(basename "$bin"):$name" PASS
		done < <(sed -n 's/^\[       OK \] //p' "$log")
		while read -r name; do
			note "$flavour:$(basename "$bin"):$name" FAIL "$log"
		done < <(sed -n 's/^\[  FAILED  \] \([^ ]*\)$/\1/p' "$log" | grep -v 'test(s)')
		# A crash or sanitizer abort that cmocka did not report as a failed case.
		if [ $rc -ne 0 ] && ! grep -q '^\[  FAILED  \]' "$log"; then
			note "$flavour:$(basename "$bin"):exit-status-$rc" FAIL "$log"
		fi
	done
fi

# ---- boot tests ---------------------------------------------------------------
# Why `qemu -accel kvm` cannot run on this machine; nothing when it can.
kvm_unusable() {
	[ -e /dev/kvm ] || { echo "no /dev/kvm on this machine"; return; }
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo "/dev/kvm not readable and writable for $(id -un)"
		return
	fi
	local msg
	msg=$(echo quit | timeout 30 qemu-system-x86_64 -accel kvm -cpu host -machine none \
		-nodefaults -display none -monitor stdio 2>&1 >/dev/null) ||
		echo "qemu -accel kvm fails: $(echo "$msg" | grep -v '^$' | tail -n 1)"
}

needs_kvm() { # emu opts
	case "$1 $2 " in
	qemu-kvm\ * | *" accel=kvm "*) return 0 ;;
	esac
	return 1
}

# "CPU#1: RIP 0x... in con_lock_take (kernel/console.c:53)" from a QEMU
# `info registers -a` dump (emu_run, a timeout).
hang_rips() {
	local cpu= rip
	while read -r line; do
		case $line in
		CPU#*) cpu=${line%% *} ;;
		RIP=*)
			rip=${line#RIP=}
			rip=0x${rip%% *}
			echo "$cpu RIP $rip in $(addr2line -f -s -e "$BUILD/picovisor.elf" "$rip" |
				paste -sd' ' | sed 's/ / (/; s/$/)/')"
			;;
		esac
	done <"$1"
}

run_case() { # the fields of one cases line
	local name=$1 emu=$2 cpus=$3 opts=$4 cmdline=$5 tmo=$6 checks=$7 iso
	iso=$res/isos/$(printf '%s' "$cmdline" | md5sum | cut -c1-12).iso
	local out=$res/$name
	mkdir -p "$out"
	# kvm_why: kvm_unusable's answer, found once before the runs.
	if needs_kvm "$emu" "$opts" && [ -n "$kvm_why" ]; then
		echo "$kvm_why" >"$out/skip"
		echo SKIP >"$out/verdict"
		return
	fi
	# shellcheck disable=SC2086
	emu_run "$out" "$iso" "$emu" "$cpus" "$tmo" $opts
	{
		echo "result: $(cat "$out/result")  ($emu, $cpus CPU(s), $opts, cmdline '$cmdline')"
		# shellcheck disable=SC2086
		python3 tests/boot/judge.py "$out" $checks
	} >"$out/judge.txt" 2>&1
	local ok=$?
	if [ $ok -ne 0 ]; then
		{
			echo "--- last serial lines:"
			tr -d '\r' <"$out/com1.txt" | grep -v '^$' | tail -n 15
			if [ -s "$out/hang-registers.txt" ]; then
				echo "--- where each CPU was at the timeout:"
				hang_rips "$out/hang-registers.txt"
			fi
			if [ -f "$out/bochs.log" ]; then
				echo "--- Bochs errors (e[CPU...):"
				grep -a 'e\[CPU\|VMFAIL\|VMENTER FAIL\|PANIC' "$out/bochs.log" | head -n 15
			fi
		} >>"$out/judge.txt"
		echo FAIL >"$out/verdict"
	else
		echo PASS >"$out/verdict"
	fi
}

if [ "${BOOT:-1}" != 0 ]; then
	echo "== emulator boot tests"
	. tools/emu.sh
	mkdir -p "$res/isos"
	mapfile -t cases < <(grep -v '^\s*#' tests/boot/cases | grep -v '^\s*$')
	sel=()
	for line in "${cases[@]}"; do
		IFS='|' read -r name _ <<<"$line"
		name=$(echo $name)
		[[ $name =~ ${TESTS:-.} ]] && sel+=("$line")
	done
	# One emulator per host core (at least 2, at most 8): each Bochs is one thread.
	ncores=$(nproc 2>/dev/null || echo 2)
	jobs_max=${JOBS:-$((ncores < 2 ? 2 : ncores > 8 ? 8 : ncores))}
	# One ISO per distinct command line, built before the runs start, as many at a time.
	declare -A isos=()
	for line in "${sel[@]}"; do
		IFS='|' read -r _ _ _ _ cmdline _ <<<"$line"
		cmdline=$(echo $cmdline)
		iso=$res/isos/$(printf '%s' "$cmdline" | md5sum | cut -c1-12).iso
		[ -f "$iso" ] || [ -n "${isos[$iso]+set}" ] || isos[$iso]=$cmdline
	done
	for iso in "${!isos[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do sleep 0.1; done
		emu_make_iso "$BUILD/picovisor.elf" "$iso" "${isos[$iso]}" &
	done
	wait
	for iso in "${!isos[@]}"; do
		[ -f "$iso" ] || { echo "run.sh: no ISO for command line '${isos[$iso]}'" >&2; exit 1; }
	done
	kvm_why=
	for line in "${sel[@]}"; do
		IFS='|' read -r _ emu _ opts _ <<<"$line"
		if needs_kvm "$(echo $emu)" "$(echo $opts)"; then
			kvm_why=$(kvm_unusable)
			break
		fi
	done
	# The longest cases (hundreds of vCPUs, a timeout of 600 s or more) start first, so
	# that the short ones fill the other cores meanwhile instead of waiting for them at
	# the end; the verdicts below stay in file order.
	order=()
	for line in "${sel[@]}"; do
		IFS='|' read -r _ _ _ _ _ tmo _ <<<"$line"
		[ "$(echo $tmo)" -ge 600 ] && order+=("$line")
	done
	for line in "${sel[@]}"; do
		IFS='|' read -r _ _ _ _ _ tmo _ <<<"$line"
		[ "$(echo $tmo)" -ge 600 ] || order+=("$line")
	done
	for line in "${order[@]}"; do
		IFS='|' read -r name emu cpus opts cmdline tmo checks <<<"$line"
		while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do sleep 0.2; done
		run_case "$(echo $name)" "$(echo $emu)" "$(echo $cpus)" "$(echo $opts)" \
			"$(echo $cmdline)" "$(echo $tmo)" "$(echo $checks)" &
	done
	wait
	for line in "${sel[@]}"; do
		IFS='|' read -r name _ <<<"$line"
		name=$(echo $name)
		verdict=$(cat "$res/$name/verdict" 2>/dev/null)
		if [ "$verdict" = PASS ]; then
			note "boot:$name" PASS
		elif [ "$verdict" = SKIP ]; then
			note "boot:$name" SKIP "$(cat "$res/$name/skip")"
		else
			note "boot:$name" FAIL "$res/$name/judge.txt"
		fi
	done
fi

# ---- suites with their own runner: lines "PASS|FAIL NAME LOG" --------------------
for suite in screen usb layers fleet fuzz; do
	var=${suite^^}
	[ "${!var:-1}" != 0 ] && [ -x "tests/$suite/run.sh" ] || continue
	echo "== $suite tests (tests/$suite/run.sh)"
	while read -r verdict name log; do
		note "$name" "$verdict" "$log"
	done < <(BUILD=$BUILD OUT=$res/$suite "tests/$suite/run.sh")
done

echo
if [ $fail -gt 0 ]; then
	echo "failed: ${failed[*]}"
fi
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
