#!/bin/sh
# Fetch lwIP, the net service's TCP/IP stack, as Debian's source package
# (docs/net.md, "lwIP"), unpacked with Debian's patches into DIR (default
# deps/lwip).  `make deps` runs it.  apt-get source needs a deb-src
# entry: when there is none, one is added for Debian 12 (bookworm) with
# the archive's keyring, as apt requires.
set -eu

dir=${1:-deps/lwip}
[ -f "$dir/src/core/tcp.c" ] && exit 0

list=/etc/apt/sources.list.d/cairn-deb-src.sources
if ! apt-get source --print-uris lwip >/dev/null 2>&1; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "lwip: no deb-src entry for apt; as root, run make deps" >&2
		exit 1
	fi
	echo "lwip: adding a deb-src entry ($list)"
	cat >"$list" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt-get update -q
fi

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
