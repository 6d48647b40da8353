#!/usr/bin/env bash
# Install the Debian packages needed to build, run and test picovisor.
set -euo pipefail
PKGS=(
	build-essential binutils make python3          # toolchain, test scripts
	grub-common grub-pc-bin grub-efi-amd64-bin     # grub-mkrescue for BIOS + UEFI
	xorriso mtools                                 # hybrid ISO
	libcmocka-dev                                  # host unit tests
	clang libclang-rt-14-dev                       # fuzzing: libFuzzer (tests/fuzz), a Recommends of clang
	bochs bochsbios vgabios bochs-term             # VMX test bed
	ovmf                                           # UEFI firmware for the QEMU boot tests
	ipxe-qemu                                      # the NICs' PXE ROMs: network boot tests (media=pxe)
	console-setup-linux                            # PSF font for the screen console (docs/console.md)
	libqrcodegen-dev                               # QR encoder of the final screen (kernel/qr.c)
	zbar-tools                                     # zbarimg: the screen tests read the QR code back
)
# QEMU comes from Debian's own bookworm-backports suite: 10.0 emulates x2APIC under
# TCG (q35 up to 4096 vCPUs); bookworm's 7.2 refuses more than 255 vCPUs there.
QEMU_MIN_MAJOR=10
BACKPORTS=/etc/apt/sources.list.d/bookworm-backports.sources
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
qemu_ver=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || true)
qemu_major=$(echo "$qemu_ver" | sed -n 's/^[0-9]*:\{0,1\}\([0-9]*\)\..*/\1/p')
need_qemu=0
[ "${qemu_major:-0}" -ge "$QEMU_MIN_MAJOR" ] || need_qemu=1
if [ ${#missing[@]} -eq 0 ] && [ $need_qemu -eq 0 ]; then
	echo "deps: all packages present (qemu-system-x86 $qemu_ver)"
	exit 0
fi
if [ $need_qemu -eq 1 ] && ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deps: adding Debian's bookworm-backports suite ($BACKPORTS)"
	printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm-backports' \
		'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
		$SUDO tee "$BACKPORTS" >/dev/null
fi
$SUDO apt-get update -qq
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ $need_qemu -eq 1 ]; then
	echo "deps: installing qemu-system-x86 from bookworm-backports (have: ${qemu_ver:-none})"
	$SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-system-x86
fi
