#!/bin/sh
# make fuzz: boot Cairn and run the in-OS system-call fuzzer (bin/sysfuzz,
# the shell's `fuzz`) for CALLS random calls from SEED (0: a new seed,
# printed), with the memory statistics before and after.  Fails unless
# the fuzzer reports success and free memory is the same after.
#
#	tools/fuzz.sh BUILD [CALLS] [SEED]
set -eu
build=${1:-build}
calls=${2:-1000000}
seed=${3:-0}
log="$build/fuzz.log"
printf 'mem\nfuzz %s %s\nmem\npoweroff\n' "$calls" "$seed" |
	tools/run-qemu.sh --build "$build" --accel tcg >"$log" 2>&1 || true
grep -E '^sysfuzz: |^fuzz: |^memory: ' "$log" || true
mem=$(grep '^memory: ' "$log" | sort -u | wc -l)
if ! grep -q '^fuzz: the kernel survived' "$log" ||
	! grep -q 'power: off, status 0' "$log" || [ "$mem" -ne 1 ]; then
	tail -30 "$log" >&2
	echo "fuzz: FAILED (the log is $log)" >&2
	exit 1
fi
echo "fuzz: passed; free memory unchanged"
