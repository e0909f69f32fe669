#!/bin/sh
# Fetch lwIP, the net service's TCP/IP stack, as Debian's source package
# (docs/net.md, "lwIP"), unpacked with Debian's patches into DIR (default
# deps/lwip).  `make deps` runs it.  apt-get source needs a deb-src
# entry: tools/deb-src.sh adds one when there is none.
set -eu

dir=${1:-deps/lwip}
[ -f "$dir/src/core/tcp.c" ] && exit 0

"$(dirname "$0")/deb-src.sh" lwip

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get source -q --download-only lwip >/dev/null 2>&1) || {
	echo "lwip: apt-get source lwip failed" >&2
	exit 1
}
dsc=$(ls "$tmp"/lwip_*.dsc)
case "$dsc" in
*/lwip_2.1.*) ;;
*) echo "lwip: expected lwIP 2.1.x, got $(basename "$dsc")" >&2; exit 1 ;;
esac
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
dpkg-source -q -x "$dsc" "$dir"
echo "lwip: $(basename "$dsc" .dsc) unpacked in $dir"
