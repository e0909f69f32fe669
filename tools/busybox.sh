#!/bin/sh
# Fetch busybox, the Linux programs the posix server runs from the disk
# (docs/posix.md, "busybox"), as Debian's busybox-static package: the
# binary is kept unchanged in DIR (default deps/busybox), with the list
# of its applets (DIR/applets, from `busybox --list-full` run here) and
# DIR/busybox.txt, which names the package and the sha256 of the .deb
# and of the binary.  `make deps` runs it; it does nothing when DIR is
# complete and its binary is the one recorded.
#
# apt-get download checks the .deb against the hash of the Packages
# index, which apt trusts through the signed Release file; the .deb's
# sha256 is checked here against that index again before it is opened.
#
# With ROOT, it then puts busybox in a disk's tree: ROOT/bin/busybox and
# one symlink to /bin/busybox for each applet, at its --list-full path
# (bin/ls, usr/bin/wc), except where ROOT already has a file.
#
#	tools/busybox.sh [DIR [ROOT]]
set -eu

dir=${1:-deps/busybox}
root=${2:-}
pkg=busybox-static
rec=$dir/busybox.txt

# field NAME: the value of "NAME: value" in the record.
field() { sed -n "s/^$1: //p" "$rec"; }

have() {
	[ -f "$rec" ] && [ -s "$dir/applets" ] && [ -x "$dir/busybox" ] &&
		[ "$(sha256sum <"$dir/busybox" | cut -d' ' -f1)" = \
			"$(field busybox-sha256)" ]
}

fetch() {
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	# The .deb stays in DIR: a DIR whose binary went missing is made
	# again from it, checked as a downloaded one is.
	deb=$(find "$dir" -maxdepth 1 -name "${pkg}_*_amd64.deb" 2>/dev/null |
		head -n 1)
	if [ -z "$deb" ]; then
		mkdir -p "$dir"
		if ! (cd "$tmp" && apt-get download -q "$pkg:amd64") \
			>"$tmp/log" 2>&1; then
			[ "$(id -u)" -eq 0 ] || {
				cat "$tmp/log" >&2
				echo "busybox: apt-get download $pkg failed" >&2
				exit 1
			}
			apt-get update -q
			(cd "$tmp" && apt-get download -q "$pkg:amd64") >"$tmp/log" 2>&1 || {
				cat "$tmp/log" >&2
				echo "busybox: apt-get download $pkg failed" >&2
				exit 1
			}
		fi
		deb=$dir/$(basename "$tmp"/"${pkg}"_*_amd64.deb)
		mv "$tmp"/"${pkg}"_*_amd64.deb "$deb"
	fi

	ver=$(dpkg-deb -f "$deb" Version)
	want=$(apt-cache show "$pkg:amd64=$ver" 2>/dev/null |
		sed -n 's/^SHA256: //p' | head -n 1)
	debsum=$(sha256sum <"$deb" | cut -d' ' -f1)
	if [ -z "$want" ] || [ "$debsum" != "$want" ]; then
		echo "busybox: $deb is not the $pkg $ver of apt's index;" \
			"removed: run again to download it anew" >&2
		rm -f "$deb"
		exit 1
	fi

	dpkg-deb -x "$deb" "$tmp/x"
	cp "$tmp/x/bin/busybox" "$dir/busybox"
	chmod 755 "$dir/busybox"
	"$dir/busybox" --list-full | LC_ALL=C sort >"$dir/applets"
	cat >"$rec" <<REC
package: $pkg
version: $ver
architecture: $(dpkg-deb -f "$deb" Architecture)
deb: $(basename "$deb")
deb-sha256: $debsum
busybox-sha256: $(sha256sum <"$dir/busybox" | cut -d' ' -f1)
REC
	echo "busybox: $pkg $ver in $dir ($(grep -cvx bin/busybox "$dir/applets") applets)"
}

# install ROOT: busybox and its applets' links into a disk's tree.
install() {
	mkdir -p "$1/bin"
	cp "$dir/busybox" "$1/bin/busybox"
	grep -vx 'bin/busybox' "$dir/applets" | while read -r a; do
		if [ -e "$1/$a" ] || [ -L "$1/$a" ]; then
			echo "busybox: /$a is already on the disk; not linked"
			continue
		fi
		mkdir -p "$(dirname "$1/$a")"
		ln -s /bin/busybox "$1/$a"
	done
}

have || fetch
[ -z "$root" ] || install "$root"
