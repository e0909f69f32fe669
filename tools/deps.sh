#!/bin/sh
# Check for the host packages Cairn builds and tests with (Debian 12 names)
# and install the missing ones with apt-get when run as root; otherwise
# print the exact command to run.  `make deps`, `make run` and `make test`
# all start here.
set -eu

missing=""
need() { # need PACKAGE PATH-OR-COMMAND
	case "$2" in
	/*) [ -e "$2" ] ;;
	*) command -v "$2" >/dev/null 2>&1 ;;
	esac || missing="$missing $1"
}

need make make
need gcc gcc
need binutils nm
need clang clang
need lld ld.lld
need clang-format clang-format
need clang-tidy clang-tidy
need cppcheck cppcheck
need python3 python3
need tar tar
need qemu-system-x86 qemu-system-x86_64
need xorriso xorriso
need mtools mformat
need grub-common grub-mkrescue
need grub-pc-bin /usr/lib/grub/i386-pc/multiboot2.mod
need grub-efi-amd64-bin /usr/lib/grub/x86_64-efi/multiboot2.mod
need ovmf /usr/share/OVMF/OVMF_CODE.fd
need libcmocka-dev /usr/include/cmocka.h
need libclang-rt-14-dev /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
need gdb gdb
need gdb-multiarch gdb-multiarch
# dtc builds the device trees of the host tests (tests/unit/dts/).
need device-tree-compiler dtc
# e2fsprogs: the ext2 host tests make images with mke2fs -d and check
# them with e2fsck and debugfs (tests/unit/test_ext2*.c).
need e2fsprogs /usr/sbin/mke2fs
# aarch64: QEMU's virt and raspi3b machines; clang and lld cross-compile
# as they are, gcc needs the cross compiler and its binutils.
need qemu-system-arm qemu-system-aarch64
need gcc-aarch64-linux-gnu aarch64-linux-gnu-gcc
# curl and ApacheBench (apache2-utils): the system tests fetch from
# httpd and load it from the host (tests/system/httptests.py).
need curl curl
need apache2-utils ab
# musl-tools: musl-gcc builds the Linux personality's tests as Linux
# programs are built (tests/posix, docs/posix.md).
need musl-tools musl-gcc
# dpkg-dev: dpkg-source unpacks lwIP's Debian source package (tools/lwip.sh).
need dpkg-dev dpkg-source

# Once their tools are here: lwIP, from Debian's source package,
# busybox, Debian's busybox-static binary (tools/busybox.sh), and its
# test suite from its source package (tools/busybox-testsuite.sh, after
# lwip.sh, which adds the deb-src entry apt-get source needs).
fetch() {
	"$(dirname "$0")/lwip.sh"
	"$(dirname "$0")/busybox.sh"
	"$(dirname "$0")/busybox-testsuite.sh"
}

[ -z "$missing" ] && { fetch; exit 0; }

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing host packages; install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# $missing is a list of names: split on purpose.
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
fetch
