#!/bin/sh
# Run the in-OS benchmarks and print their figures; keep them in
# BUILD/bench.txt.  Under TCG the guest runs with -icount shift=0, so the
# TSC counts instructions and every figure is an exact instruction count;
# with KVM on real hardware the figures are cycles.
set -eu
build=${1:-build}
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ ! -e /sys/module/kvm_pvm ] &&
	grep -qwE 'vmx|svm' /proc/cpuinfo; then
	opts="--accel kvm --append cairn.bench_unit=cycles"
else
	opts="--accel tcg --icount --append cairn.bench_unit=instructions"
fi
# shellcheck disable=SC2086
tools/run-qemu.sh --build "$build" --test $opts \
	--modules "$build/user/bench.elf" </dev/null >"$build/bench.log" 2>&1 || {
	tail -20 "$build/bench.log" >&2
	echo "bench: the benchmark run failed" >&2
	exit 1
}
# Sharing by pointer against copying through IPC: shmdemo, run by init.
# shellcheck disable=SC2086
printf 'run shmdemo\npoweroff\n' | tools/run-qemu.sh --build "$build" --test \
	$opts >"$build/bench-shm.log" 2>&1 || {
	tail -20 "$build/bench-shm.log" >&2
	echo "bench: the shared-memory run failed" >&2
	exit 1
}
grep -h '^bench ' "$build/bench.log" "$build/bench-shm.log" |
	tee "$build/bench.txt"
