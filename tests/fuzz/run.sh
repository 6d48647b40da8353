#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run the libFuzzer targets (tests/fuzz/fuzz_*.c) for FUZZ_SECONDS each, one
# after the other, starting from the seeds in tests/fuzz/corpus/<name>/. The
# inputs a run finds that add coverage go to OUT/<name>/corpus (kept between
# runs in the same OUT), a crash to OUT/<name>/crash-*. Used by `make fuzz`
# (60 s each), `make fuzz-short` and tests/run.sh (3 s each).
# Prints one line per target, "PASS fuzz:NAME LOG" or "FAIL fuzz:NAME LOG"; a
# target fails when it does not build, crashes, leaks, times out (10 s on one
# input) or aborts on a failed round-trip check. Without clang or libFuzzer
# (Debian clang, libclang-rt-14-dev: tools/deps.sh) it prints why and nothing else.
#   BUILD=dir (default build)  OUT=dir (default $BUILD/tests/fuzz)
#   FUZZ_SECONDS=N (default 3)  TESTS=regex  only the targets whose name matches
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/tests/fuzz}
secs=${FUZZ_SECONDS:-3}
cc=${FUZZ_CC:-clang}

if ! command -v "$cc" >/dev/null; then
	echo "fuzz: skipped: no $cc (tools/deps.sh installs Debian's clang)" >&2
	exit 0
fi
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }' |
	"$cc" -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
	echo "fuzz: skipped: $cc cannot link libFuzzer (Debian libclang-rt-14-dev: tools/deps.sh)" >&2
	exit 0
fi
mkdir -p "$OUT"
if ! make -s -j"$(nproc 2>/dev/null || echo 2)" BUILD="$BUILD" FUZZ_CC="$cc" fuzz-build \
	>"$OUT/build.log" 2>&1; then
	echo "FAIL fuzz:build $OUT/build.log"
	exit 0
fi
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	[[ $name =~ ${TESTS:-.} ]] || continue
	dir=$OUT/$name
	mkdir -p "$dir/corpus"
	rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*
	seeds=tests/fuzz/corpus/$name
	[ -d "$seeds" ] || seeds=
	"$BUILD/fuzz/fuzz_$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus" $seeds >"$dir/log" 2>&1
	rc=$?
	{
		echo "fuzz_$name: ${secs} s, exit status $rc"
		grep -E '^stat::number_of_executed_units|^#[0-9]+\s+DONE' "$dir/log" | tail -n 2
		ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* 2>/dev/null
	} >"$dir/summary"
	if [ $rc -eq 0 ]; then
		echo "PASS fuzz:$name $dir/summary"
	else
		# The summary, then the sanitizer's report (FAIL prints the log's tail).
		grep -A 30 -E '^==[0-9]+==ERROR|runtime error|deadly signal|ALARM' "$dir/log" | head -n 40 >>"$dir/summary"
		echo "FAIL fuzz:$name $dir/summary"
	fi
done
