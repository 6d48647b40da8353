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
	qemu-system-x86 ovmf                           # BIOS/UEFI/USB boot tests
	console-setup-linux                            # PSF font for the screen console (docs/console.md)
)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all packages present"
	exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
