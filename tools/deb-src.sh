#!/bin/sh
# Make sure apt-get source can fetch PACKAGE (tools/lwip.sh,
# tools/busybox-testsuite.sh): when apt has no deb-src entry for it, one
# is added for Debian 12 (bookworm) with the archive's keyring, as apt
# requires, and apt's lists are updated (as root only).
#
#	tools/deb-src.sh PACKAGE
set -eu

list=/etc/apt/sources.list.d/cairn-deb-src.sources
apt-get source --print-uris "$1" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "$1: no deb-src entry for apt; as root, run make deps" >&2
	exit 1
fi
echo "$1: adding a deb-src entry ($list)"
cat >"$list" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt-get update -q
