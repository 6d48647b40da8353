#!/usr/bin/env bash
# The layer checker (tools/check-layers.py): the tree must pass, and a copy
# with one include against the rules must fail naming that line.
# Prints "PASS|FAIL NAME LOG" lines for tests/run.sh.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-build/tests/layers}
mkdir -p "$OUT"

log=$OUT/tree.log
if python3 tools/check-layers.py . >"$log" 2>&1; then
	echo "PASS layers:tree $log"
else
	echo "FAIL layers:tree $log"
fi

# name | file to break | include to add | text the checker must print
while IFS='|' read -r name file inc want; do
	tmp=$(mktemp -d)
	git ls-files -z | xargs -0 -I{} cp --parents {} "$tmp" 2>/dev/null
	printf '#include "%s"\n' "$inc" >>"$tmp/$file"
	log=$OUT/$name.log
	python3 tools/check-layers.py "$tmp" >"$log" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && grep -qF "$want" "$log"; then
		echo "PASS layers:$name $log"
	else
		echo "FAIL layers:$name $log"
	fi
	rm -rf "$tmp"
done <<'CASES'
lib-includes-kernel|lib/string.c|kernel/console.h|lib/string.c:
pure-includes-arch-code|pure/madt.c|arch/x86/cpu.h|(pure may not include arch)
arch-includes-kernel|arch/x86/lapic.c|kernel/percpu.h|(arch may not include kernel)
backend-includes-core|vmx/exit.c|core/report.h|(vmx may not include core)
vmx-includes-svm|vmx/guest.c|svm/svm.h|(vmx may not include svm)
CASES
