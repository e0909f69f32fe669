#!/bin/sh
# The disk of the Linux personality's tests and figures (docs/posix.md):
# a fresh 32 MiB ext2 image holding every program of BUILD/posix (built
# by musl-gcc, mk/posix.mk) in /ptest, ptest/short, hello cut after 300
# bytes (a file shorter than its headers say), ptest/noexec, hello without
# its execute bits, ptest/script, a "#!" script whose interpreter is hello,
# and busybox with its
# applets' links (tools/busybox.sh, from deps/busybox).
#
#   tools/posix-disk.sh BUILD IMAGE
set -eu
build=$1
img=$2
root="$img-root"
rm -rf "$root" "$img"
mkdir -p "$root/ptest"
cp "$build"/posix/* "$root/ptest/"
head -c 300 "$build/posix/hello" >"$root/ptest/short"
chmod 755 "$root/ptest/short"
cp "$build/posix/hello" "$root/ptest/noexec"
chmod 644 "$root/ptest/noexec"
printf '#!/ptest/hello from-script\necho not run\n' >"$root/ptest/script"
chmod 755 "$root/ptest/script"
tools/busybox.sh deps/busybox "$root"
truncate -s 32M "$img"
mke2fs -q -t ext2 -d "$root" "$img"
rm -rf "$root"
