#!/bin/sh
# tools/ktest.sh BUILD WHAT: boot BUILD's kernel with the in-OS kernel
# test suite under TCG and check the run: every test passed, the suite
# ran to its end, no "ubsan:" report appeared and the kernel powered off
# with status 0.  WHAT names the build in the messages (make ubsan, make
# nofast, ...).  The log is kept in BUILD/ktest.log; on failure the
# reports and failed tests are shown.
set -u
build=$1
what=$2
echo "  QEMU    ktest, log in $build/ktest.log"
status=0
timeout 900 tools/run-qemu.sh --build "$build" --accel tcg --test \
	--modules "$build/user/ktest.elf" >"$build/ktest.log" 2>&1 || status=$?
out=$(tr -d '\r' <"$build/ktest.log")
sum=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$')
echo "$out" | grep -E -A12 '^(ubsan:|not ok|PANIC)' || true
echo "$what: ${sum:-no summary}, power-off status $status"
if echo "$out" | grep -q '^ktest: all tests ran$' &&
	echo "$sum" | grep -qE '^[0-9]+ passed, 0 failed$' &&
	! echo "$out" | grep -q '^ubsan:' && [ "$status" = 0 ]; then
	exit 0
fi
echo "$what: FAILED"
exit 1
