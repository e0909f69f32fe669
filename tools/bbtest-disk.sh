#!/bin/sh
# The disk of busybox's own test suite (docs/posix.md, "busybox's test
# suite"): a fresh 64 MiB ext2 image holding busybox with its applets'
# links (tools/busybox.sh), /tmp, and in /bbtest what the suite's runner
# wants beside it: busybox, its configuration as .config and testsuite/
# (tools/busybox-testsuite.sh, from deps/busybox), unchanged, and
# /bbtest/run, which runs it (tests/posix/busybox-run.sh).  With --tree, only the tree, in ROOT (for
# Linux's initramfs: tools/bbtest-linux.sh).  With --applets, /bbtest/run
# runs these applets' tests by default rather than all.
#
#   tools/bbtest-disk.sh [--tree] [--applets "APPLET..."] IMAGE|ROOT [DIR]
set -eu
tree=0
applets=""
while [ $# -gt 0 ]; do
	case "$1" in
	--tree) tree=1 ;;
	--applets) applets=$2; shift ;;
	*) break ;;
	esac
	shift
done
out=$1
dir=${2:-deps/busybox}
root=$out
[ "$tree" -eq 1 ] || root="$out-root"
tools/busybox-testsuite.sh "$dir"
rm -rf "$root"
mkdir -p "$root/bbtest" "$root/tmp"
tools/busybox.sh "$dir" "$root" >/dev/null
cp "$dir/busybox" "$root/bbtest/busybox"
cp "$dir/config" "$root/bbtest/.config"
cp -R "$dir/testsuite" "$root/bbtest/testsuite"
# /bbtest/run: tests/posix/busybox-run.sh.
cp tests/posix/busybox-run.sh "$root/bbtest/run"
chmod 755 "$root/bbtest/run"
[ -z "$applets" ] || echo "$applets" >"$root/bbtest/applets"
[ "$tree" -eq 0 ] || exit 0
rm -f "$out"
truncate -s 64M "$out"
mke2fs -q -t ext2 -d "$root" "$out"
rm -rf "$root"
