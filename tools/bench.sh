#!/usr/bin/env bash
# Guest CPUID round trip (issue 5). Figures, not verdicts: boots Bochs with one
# CPU and prints percpu[0].roundtrip_tsc, the TSC ticks between the guest's
# RDTSCs around one CPUID (VM exit, handler, VMRESUME), min and median of 64.
# In Bochs the TSC advances one tick per emulated instruction and one per VM
# exit or entry, so a figure is the exit path's length in instructions.
#   guest=null: the CPUID handler answers fixed values at once, the floor of
#   exit + dispatch + resume; "normal" minus "null" is the emulation's cost.
set -u
cd "$(dirname "$0")/.."
. tools/emu.sh
emu_bench_setup
declare -A median
printf '%-22s %-8s %-8s %6s %8s  %s\n' model guest mode min median "features"
for run in corei7_skylake_x:normal corei7_skylake_x:null corei5_lynnfield_750:normal \
	   core2_penryn_t9600:normal ryzen:normal ryzen:null phenom_8650_toliman:normal \
	   turion64_tyler:normal; do
	model=${run%%:*} variant=${run#*:}
	iso=$out/guest-$variant.iso
	[ -f "$iso" ] || emu_make_iso "$BUILD/picovisor.elf" "$iso" "exit=bochs checks=none guest=$variant" || exit 1
	emu_run "$out/guest-$model-$variant" "$iso" bochs 1 60 model="$model" >/dev/null
	r=$out/guest-$model-$variant/report.json
	if [ ! -f "$r" ] || [ "$(emu_field "$r" 'r["percpu"][0].get("guest")')" != done ]; then
		echo "$model $variant: guest did not finish (see $out/guest-$model-$variant/com1.txt)"
		continue
	fi
	median[$run]=$(emu_field "$r" 'r["percpu"][0]["roundtrip_tsc"]["median"]')
	printf '%-22s %-8s %-8s %6s %8s  %s\n' "$model" "$variant" \
		"$(emu_field "$r" 'r["percpu"][0]["guest_mode"]')" \
		"$(emu_field "$r" 'r["percpu"][0]["roundtrip_tsc"]["min"]')" "${median[$run]}" \
		"$(emu_field "$r" '("EPT" if r["vmx"]["ept"] else "no EPT") + (", VPID" if r["vmx"]["vpid"] else ", no VPID") if "vmx" in r else ("SVM, " + ("NPT" if r["svm"]["npt"] else "no NPT") + (", NRIPS" if r["svm"]["nrips"] else ", no NRIPS"))')"
done
for m in corei7_skylake_x ryzen; do
	n=${median[$m:normal]:-} z=${median[$m:null]:-}
	[ -n "$n" ] && [ -n "$z" ] &&
		echo "$m: null-handler round trip $z ticks, CPUID $n ticks (emulation $((n - z))); goal <= 100 and <= 115"
done
rm -f "$out"/guest-*.iso "$out"/guest-*.iso.log
