#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tools/usb.sh (make usb) refusals and writes, run by tests/run.sh. Never
# touches a real disk: the targets are a regular file, /dev/null, and loop
# devices over temporary files (those cases are left out where losetup cannot
# attach one). Prints "PASS NAME LOG" or "FAIL NAME LOG" per case.
#   OUT=dir (default build/tests/usb)  TESTS=regex
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-build/tests/usb}
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
USB=$PWD/tools/usb.sh
img=$OUT/image.iso
head -c 65536 /dev/urandom >"$img"
loops=()
cleanup() { for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done; }
trap cleanup EXIT

# case NAME WANT_RC WANT_REGEX [ENV=V...] -- ARGS...: run usb.sh, check rc and message.
case_() {
	local name=$1 want=$2 rx=$3 envs=() log=$OUT/$1.log
	shift 3
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	[[ $name =~ ${TESTS:-.} ]] || return 0
	env "${envs[@]}" "$USB" "$@" </dev/null >"$log" 2>&1
	local rc=$?
	if [ $rc -eq "$want" ] && grep -Eq "$rx" "$log"; then
		echo "PASS usb-$name $log"
	else
		echo "    expected rc $want and /$rx/, got rc $rc" >>"$log"
		echo "FAIL usb-$name $log"
	fi
}

# Untouched afterwards: FILE still equals its saved copy.
untouched() { cmp -s "$1" "$1.orig"; }

head -c 4194304 /dev/zero >"$OUT/file.img"
cp "$OUT/file.img" "$OUT/file.img.orig"
case_ usage 2 'usage:' -- "$img"
case_ missing-image 1 'image .* not found' -- "$OUT/nope.iso" /dev/null
case_ regular-file 1 'is not a block device' -- "$img" "$OUT/file.img"
case_ dev-null 1 '/dev/null is not a block device' -- "$img" /dev/null
case_ nonexistent 1 'does not exist' -- "$img" /dev/picovisor-no-such-disk
if untouched "$OUT/file.img"; then
	echo "PASS usb-regular-file-untouched $OUT/regular-file.log"
else
	echo "FAIL usb-regular-file-untouched $OUT/regular-file.log"
fi

# Loop devices: not removable, so they also exercise FORCE.
loopdev() { # SIZE_BYTES -> prints the device
	local f
	f=$(mktemp "$OUT/loop.XXXXXX")
	head -c "$1" /dev/zero >"$f"
	local d
	d=$(losetup -f --show "$f" 2>/dev/null) || return 1
	loops+=("$d")
	echo "$d $f"
}
if read -r dev back < <(loopdev 4194304) && [ -n "${dev:-}" ]; then
	loops+=("$dev")
	name=$(basename "$dev")
	cp "$back" "$back.orig"
	case_ not-removable 1 'not a removable or USB device' YES=1 -- "$img" "$dev"
	printf '%s /mnt ext4 rw 0 0\n' "$dev" >"$OUT/mounts"
	case_ mounted 1 "$dev is mounted \\(/mnt\\)" FORCE=1 YES=1 USB_MOUNTS="$OUT/mounts" -- "$img" "$dev"
	printf 'Filename Type Size Used Priority\n%s partition 4096 0 -2\n' "$dev" >"$OUT/swaps"
	case_ swap 1 'in use as swap' FORCE=1 YES=1 USB_SWAPS="$OUT/swaps" -- "$img" "$dev"
	case_ no-confirmation 1 'no terminal to confirm on' FORCE=1 -- "$img" "$dev"
	if untouched "$back"; then
		echo "PASS usb-refusals-leave-device-untouched $OUT/not-removable.log"
	else
		echo "FAIL usb-refusals-leave-device-untouched $OUT/not-removable.log"
	fi
	# A fake sysfs in which the loop device is removable: written without FORCE.
	mkdir -p "$OUT/sys/class/block/$name"
	cp "/sys/class/block/$name/size" "$OUT/sys/class/block/$name/size"
	echo 1 >"$OUT/sys/class/block/$name/removable"
	case_ removable-written 0 'usb: done' YES=1 USB_SYSFS="$OUT/sys" -- "$img" "$dev"
	if cmp -s -n 65536 "$img" "$back"; then
		echo "PASS usb-image-on-device $OUT/removable-written.log"
	else
		echo "FAIL usb-image-on-device $OUT/removable-written.log"
	fi
	echo 2 >"$OUT/sys/class/block/$name/size"
	case_ too-small 1 'the image needs 65536' YES=1 USB_SYSFS="$OUT/sys" -- "$img" "$dev"
	mkdir -p "$OUT/sys/class/block/${name}p1"
	: >"$OUT/sys/class/block/${name}p1/partition"
	mkdir -p "$OUT/sys/class/block/$name/${name}p1"
	: >"$OUT/sys/class/block/$name/${name}p1/partition"
	echo 8192 >"$OUT/sys/class/block/$name/size"
	printf '/dev/%sp1 /media/stick vfat rw 0 0\n' "$name" >"$OUT/mounts-part"
	case_ partition-mounted 1 "/dev/${name}p1 is mounted \\(/media/stick\\)" YES=1 \
		USB_SYSFS="$OUT/sys" USB_MOUNTS="$OUT/mounts-part" -- "$img" "$dev"
	: >"$OUT/sys/class/block/$name/partition"
	case_ partition 1 'is a partition; give the whole device' YES=1 FORCE=1 \
		USB_SYSFS="$OUT/sys" -- "$img" "$dev"
fi
