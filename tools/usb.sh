#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Write the picovisor image to a USB stick (docs/usb.md): `make usb DEV=/dev/sdX`.
#
#   tools/usb.sh ISO DEV
#
# Refuses, before touching anything:
#   - a DEV that is not a block device (a regular file, /dev/null, a typo),
#   - a partition (/dev/sdX1): the image is a whole-disk image,
#   - a device that is mounted or used as swap, itself or any of its partitions,
#   - a device smaller than the image,
#   - a non-removable device (internal disks) unless FORCE=1,
# and asks to type the device name to confirm unless YES=1.
# Exit status: 0 written, 1 refused or failed, 2 usage.
# For tests: USB_SYSFS (default /sys), USB_MOUNTS (default /proc/mounts) and
# USB_SWAPS (default /proc/swaps) name the files consulted.
set -u
iso=${1:-}
dev=${2:-}
SYSFS=${USB_SYSFS:-/sys}
MOUNTS=${USB_MOUNTS:-/proc/mounts}
SWAPS=${USB_SWAPS:-/proc/swaps}

refuse() {
	echo "usb: refusing: $*" >&2
	exit 1
}

if [ -z "$iso" ] || [ -z "$dev" ]; then
	echo "usage: make usb DEV=/dev/sdX   (or tools/usb.sh ISO /dev/sdX); see docs/usb.md" >&2
	exit 2
fi
[ -f "$iso" ] || refuse "image $iso not found (run make first)"
[ -e "$dev" ] || refuse "$dev does not exist"
[ -b "$dev" ] || refuse "$dev is not a block device"

real=$(readlink -f "$dev")
name=$(basename "$real")
sys=$SYSFS/class/block/$name
[ -e "$sys" ] || refuse "$dev ($real) has no $sys"
[ -e "$sys/partition" ] && refuse "$dev is a partition; give the whole device (e.g. /dev/sdb, not /dev/sdb1)"

# The device and its partitions (sysfs lists partitions as subdirectories with a 'partition' file).
nodes=("/dev/$name")
for p in "$sys"/*/partition; do
	[ -e "$p" ] && nodes+=("/dev/$(basename "$(dirname "$p")")")
done
for n in "${nodes[@]}"; do
	# /proc/mounts and /proc/swaps name the device in their first field.
	if awk -v d="$n" '$1 == d { found = 1 } END { exit !found }' "$MOUNTS" 2>/dev/null; then
		refuse "$n is mounted ($(awk -v d="$n" '$1 == d { print $2; exit }' "$MOUNTS")); unmount it first"
	fi
	if awk -v d="$n" '$1 == d { found = 1 } END { exit !found }' "$SWAPS" 2>/dev/null; then
		refuse "$n is in use as swap"
	fi
done

# Sizes: sysfs counts 512-byte sectors whatever the device's block size.
sectors=$(cat "$sys/size" 2>/dev/null || echo 0)
dev_bytes=$((sectors * 512))
iso_bytes=$(stat -c %s "$iso")
[ "$dev_bytes" -ge "$iso_bytes" ] || refuse "$dev holds $dev_bytes bytes, the image needs $iso_bytes"

removable=$(cat "$sys/removable" 2>/dev/null || echo 0)
model=$(cat "$sys/device/model" 2>/dev/null | tr -s ' ' || true)
vendor=$(cat "$sys/device/vendor" 2>/dev/null | tr -s ' ' || true)
# USB sticks report removable=1; USB hard disks and card readers may not, but sit on a USB bus.
if [ "$removable" != 1 ] && ! readlink -f "$sys/device" 2>/dev/null | grep -q '/usb[0-9]*/'; then
	[ "${FORCE:-0}" = 1 ] || refuse "$dev is not a removable or USB device (an internal disk?); FORCE=1 writes it anyway"
	echo "usb: $dev is not removable; writing anyway because FORCE=1" >&2
fi

echo "usb: about to overwrite $dev ($vendor $model, $((dev_bytes / 1000000)) MB) with $iso ($((iso_bytes / 1000000)) MB)."
echo "usb: everything on $dev will be lost."
if [ "${YES:-0}" != 1 ]; then
	[ -t 0 ] || refuse "no terminal to confirm on; YES=1 skips the question"
	printf 'usb: type the device name (%s) to continue: ' "$dev"
	read -r answer
	[ "$answer" = "$dev" ] || refuse "not confirmed"
fi
dd if="$iso" of="$real" bs=4M conv=fsync status=progress || { echo "usb: dd failed" >&2; exit 1; }
sync
echo "usb: done; $dev now boots picovisor under BIOS and UEFI."
