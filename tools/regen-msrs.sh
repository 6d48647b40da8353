#!/usr/bin/env bash
# Regenerate tests/unit/data/vmx-msrs/<model>.txt: boot the image on each Bochs
# VMX CPU model with one CPU and keep the capability MSR lines it printed
# ("vmx: msr 0x00000480 = 0x00d810000000002b", vmx/pure/caps.c) in the testdata
# form "0xMSR 0xVALUE" (parsed by vmx/pure/caps_parse.c). Run by `make testdata`.
#   MODELS="a b"  only these models (default: every 64-bit Bochs VMX model)
#   BUILD=dir     where the image was built (default build)
# core_duo_t2400_yonah has VMX but no long mode: the image cannot run there, so
# its file (a raw rdmsr probe) is left as it is (tests/unit/data/README.md).
# A model whose boot printed no IA32_VMX_BASIC line keeps its old file and
# makes the script fail.
set -u
cd "$(dirname "$0")/.."
. tools/emu.sh
BUILD=${BUILD:-build}
data=tests/unit/data/vmx-msrs
out=$BUILD/regen-msrs
models=${MODELS:-"corei7_skylake_x corei7_icelake_u tigerlake corei3_cnl broadwell_ult
	corei7_haswell_4770 corei7_ivy_bridge_3770k corei7_sandy_bridge_2600k
	corei5_arrandale_m520 corei5_lynnfield_750 core2_penryn_t9600 bx_generic"}

[ -f "$BUILD/picovisor.elf" ] || { echo "regen-msrs: $BUILD/picovisor.elf missing (make all)" >&2; exit 1; }
bochs_ver=$(dpkg-query -W -f='${Version}' bochs 2>/dev/null) ||
	{ echo "regen-msrs: the Debian bochs package is not installed (tools/deps.sh)" >&2; exit 1; }
mkdir -p "$out"
iso=$out/regen.iso
# guest=none: the MSR lines come from the boot CPU's VMX set-up; no guest needed.
emu_make_iso "$BUILD/picovisor.elf" "$iso" "exit=bochs guest=none" || exit 1

# Values only (comments, blank lines and CRs dropped, MSR order): what two
# files must agree on.
values() { tr -d '\r' <"$1" 2>/dev/null | grep -v '^\s*#' | grep -v '^\s*$' | sort; }

failed=0
for m in $models; do
	if [ "$m" = core_duo_t2400_yonah ]; then
		echo "regen-msrs: $m: skipped (no long mode: the 64-bit image cannot run there)"
		continue
	fi
	run=$out/$m
	emu_run "$run" "$iso" bochs 1 120 model="$m"
	new=$run/$m.txt
	{
		echo "# Bochs ${bochs_ver%%+*} (Debian $bochs_ver) cpu model=$m, harvested from" \
			"picovisor's serial log by tools/regen-msrs.sh"
		# The boot CPU prints each MSR once; strip the zero padding.
		tr -d '\r' <"$run/com1.txt" | sed -n \
			-e 's/.*vmx: msr 0x0*\([0-9a-f][0-9a-f]*\) = 0x0*\([0-9a-f][0-9a-f]*\)$/0x\1 0x\2/p' \
			-e 's/.*vmx: msr 0x0*\([0-9a-f][0-9a-f]*\) #GP$/# 0x\1 raises #GP on rdmsr/p'
	} >"$new"
	if ! grep -q '^0x480 ' "$new"; then
		echo "regen-msrs: $m: no IA32_VMX_BASIC line in $run/com1.txt (result: $(cat "$run/result")); kept $data/$m.txt" >&2
		failed=1
		continue
	fi
	if [ "$(values "$new")" = "$(values "$data/$m.txt")" ]; then
		verdict="values unchanged"
	else
		verdict="VALUES CHANGED:"$'\n'"$(diff <(values "$data/$m.txt") <(values "$new") | grep '^[<>]')"
	fi
	cp "$new" "$data/$m.txt"
	echo "regen-msrs: $m: $(grep -c '^0x' "$new") MSRs, $verdict"
done
exit $failed
