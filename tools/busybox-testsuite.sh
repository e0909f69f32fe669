#!/bin/sh
# Fetch busybox's own test suite (docs/posix.md, "busybox's test suite")
# from Debian's busybox source package, the version of the binary
# tools/busybox.sh keeps in DIR (default deps/busybox): apt-get source
# --download-only, unpacked with Debian's patches by dpkg-source (which
# checks the files against the .dsc, whose hashes apt checked against
# the signed Sources index).  Only two things are kept: testsuite/, as
# DIR/testsuite, unchanged, and the busybox-static flavour's
# configuration (debian/config/pkg/static), as DIR/config, which the
# suite's runner reads as $bindir/.config.  DIR/testsuite.txt names the
# source package.  `make deps` runs it; it does nothing when DIR has
# them for the binary's version.  apt-get source needs a deb-src entry:
# tools/deb-src.sh adds one when there is none.
#
#	tools/busybox-testsuite.sh [DIR]
set -eu

dir=${1:-deps/busybox}
rec=$dir/testsuite.txt
[ -f "$dir/busybox.txt" ] || "$(dirname "$0")/busybox.sh" "$dir"

# The binary's version without its binNMU suffix is the source's it was
# built from (1:1.35.0-4+deb12u1+b1: 1:1.35.0-4+deb12u1); its files are
# named without the epoch.
bin=$(sed -n 's/^version: //p' "$dir/busybox.txt")
ver=${bin%+b[0-9]*}
src=${ver#*:}
if [ -f "$rec" ] && [ -f "$dir/config" ] && [ -f "$dir/testsuite/runtest" ] &&
	[ "$(sed -n 's/^version: //p' "$rec")" = "$src" ]; then
	exit 0
fi

"$(dirname "$0")/deb-src.sh" busybox
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get source -q --download-only "busybox=$ver" \
	>"$tmp/log" 2>&1) || {
	cat "$tmp/log" >&2
	echo "busybox-testsuite: apt-get source busybox=$ver failed" >&2
	exit 1
}
dsc=$tmp/busybox_$src.dsc
[ -f "$dsc" ] || {
	echo "busybox-testsuite: got $(ls "$tmp"/*.dsc), not busybox $src," \
		"the binary's source" >&2
	exit 1
}
dpkg-source -q -x "$dsc" "$tmp/src" >"$tmp/log" 2>&1 || {
	cat "$tmp/log" >&2
	echo "busybox-testsuite: dpkg-source -x $dsc failed" >&2
	exit 1
}
# The source's upstream version is the binary's (busybox --help says it).
up=${src%-*}
"$dir/busybox" 2>&1 | head -n 1 | grep -q "^BusyBox v$up " || {
	echo "busybox-testsuite: the binary is not busybox $up" >&2
	exit 1
}
rm -rf "$dir/testsuite" "$dir/config"
cp -R "$tmp/src/testsuite" "$dir/testsuite"
cp "$tmp/src/debian/config/pkg/static" "$dir/config"
cat >"$rec" <<REC
package: busybox (source)
version: $src
dsc-sha256: $(sha256sum <"$dsc" | cut -d' ' -f1)
kept: testsuite/, debian/config/pkg/static as config
REC
echo "busybox-testsuite: busybox $src's testsuite/ and static config in $dir"
