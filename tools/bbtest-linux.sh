#!/bin/sh
# busybox's test suite on Linux in QEMU, the yardstick for Cairn's
# figures (docs/posix.md, "busybox's test suite"): the tree of Cairn's
# test disk (tools/bbtest-disk.sh --tree) as the initramfs of
# bench-linux's run.sh (BENCH_LINUX, default /work/shared/bench-linux:
# Debian's cloud kernel, q35, 256 MiB, one CPU), TCG, no NIC, with
# tools/bbtest-linux.c as /init, which runs /bbtest/run and powers off.
# The suite's lines are in the log run.sh names; with a Cairn run's
# log, tests/system/bbtests.py CAIRN-LOG LINUX-LOG prints the table.
#
#	tools/bbtest-linux.sh [APPLET...]
#
# The whole suite takes about 19 minutes (bc's tests 15).
set -eu
bench=${BENCH_LINUX:-/work/shared/bench-linux}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tools/bbtest-disk.sh --tree --applets "$*" "$tmp/files"
gcc -static -O2 -Wall -Wextra -Werror -o "$tmp/init" tools/bbtest-linux.c
ACCEL=tcg TIMEOUT=${TIMEOUT:-3000} QEMU_EXTRA='-nic none' \
	INIT="$tmp/init" FILES="$tmp/files" "$bench/run.sh"
