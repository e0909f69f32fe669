#!/bin/sh
# Linux's storage figures, the yardstick for Cairn's fsbench in make
# bench's storage table (docs/storage.md, "Figures").  Builds fsbench
# (programs/fsbench/main.c with Linux's hooks, bench/linux/fsbench_init.c)
# with gcc -static as Linux's /init, makes a 64 MiB ext2 image as
# mk/disk.mk makes Cairn's disk (tools/bench-disk.sh), boots
# ../shared/bench-linux/run.sh with it on virtio-blk (q35, 256 MiB, one
# CPU, TCG with -icount shift=0: the TSC counts guest instructions) and
# writes the figures to OUT.
#
#   tools/bench-linux-storage.sh [BUILD [OUT]]
#	BUILD	the work folder (default build/bench-linux): init, image,
#		the kernel download and logs (CACHE= overrides run.sh's cache)
#	OUT	default bench/linux-storage.txt
#	BENCH_LINUX=dir  run.sh's folder (default ../shared/bench-linux)
#	RUNS=n  boots (default 5); the file gives each figure's median, min, max
set -eu
build=${1:-build/bench-linux}
out=${2:-bench/linux-storage.txt}
runner=${BENCH_LINUX:-../shared/bench-linux}/run.sh
cache=${CACHE:-$build/linux-cache}
img=$build/linux-disk.img
runs=${RUNS:-5}
mkdir -p "$build" "$cache"

gcc -O2 -static -Wall -Wextra -Werror -Iprograms/fsbench -o "$build/fsbench" \
	programs/fsbench/main.c bench/linux/fsbench_init.c bench/linux/init_common.c
tools/bench-disk.sh "$img"

# The real dd: Debian's static busybox (apt-get download, as run.sh
# fetches the kernel; nothing is installed), as /bin/busybox.  Without it
# the dd figures are skipped and fsbench's own loops stand for dd.
files=$build/files
rm -rf "$files"
mkdir -p "$files/bin"
if ! ls "$cache"/busybox-static_*.deb >/dev/null 2>&1; then
	(cd "$cache" && apt-get download -o APT::Sandbox::User=root \
		busybox-static >&2) || true
fi
for deb in "$cache"/busybox-static_*.deb; do
	[ -f "$deb" ] || continue
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./bin/busybox \
		>"$files/bin/busybox"
	chmod 755 "$files/bin/busybox"
done

# virtio-blk and its transport are modules in Debian's cloud kernel; ext4
# is built in and mounts ext2 (CONFIG_EXT4_USE_FOR_EXT2).  The device as
# run-qemu.sh attaches Cairn's disk: virtio 1.x only.
mods="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev"
mods="$mods virtio_pci virtio_blk"
drive="-drive file=$img,format=raw,if=none,id=d"
drive="$drive -device virtio-blk-pci,drive=d,disable-legacy=on"
CACHE=$cache INIT=$build/fsbench FILES=$files MODULES=$mods QEMU_EXTRA=$drive \
	RUNS=$runs ICOUNT=1 ACCEL=tcg APPEND=FSBENCH_UNIT=instructions \
	"$runner" >"$build/run.out" 2>&1 || {
	tail -30 "$build/run.out" >&2
	echo "bench-linux-storage: the Linux run failed" >&2
	exit 1
}
# The image Linux wrote must still be sound.
e2fsck -fn "$img" >"$build/e2fsck.out" 2>&1 || {
	cat "$build/e2fsck.out" >&2
	echo "bench-linux-storage: e2fsck finds errors on $img" >&2
	exit 1
}
{
	echo "# Linux's storage figures: fsbench (programs/fsbench) as the /init"
	echo "# of ../shared/bench-linux/run.sh, made by tools/bench-linux-storage.sh"
	echo "# on $(date -u +%Y-%m-%d).  Guest instructions (TCG, -icount"
	echo "# shift=0: the TSC counts instructions), per KiB for the sequential"
	echo "# figures, per operation for the others: the median, lowest and"
	echo "# highest of $runs boots.  The cached figures repeat to a few"
	echo "# instructions; those that wait for the disk (write, cold, direct)"
	echo "# vary, since QEMU's virtual clock, and so the TSC, runs at the"
	echo "# host's real time while the guest idles.  The disk: a 64 MiB ext2 image from"
	echo "# tools/bench-disk.sh (mke2fs -t ext2, as mk/disk.mk), virtio-blk"
	echo "# on PCI, mounted by Linux's ext4 driver as ext2."
	echo "# Cold: sync and drop_caches=3 before; direct: O_DIRECT (fsbench's"
	echo "# own loops, as dd oflag=direct / iflag=direct with 64 KiB blocks)."
	echo "# fs_dd_*: the real dd (Debian's busybox-static 1.35, bs=64k, 16 MiB,"
	echo "# conv=fsync on writes), timed from fork to waitpid, so each"
	echo "# includes starting dd: fs_dd_start, per run, is that cost alone."
	sed -n 's/^# kernel: /# kernel: /p; s/^# cmd: .*-machine/# qemu: -machine/p' \
		"$build/run.out" | sed 's/ -kernel .*//'
	echo "# QEMU $(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
	echo "#"
	echo "# figure                median        min        max  unit"
	# One boot: its figures; more: run.sh's summary (median min max).
	awk '/^## summary/ { s = 1; next }
	    $1 !~ /^fs_/ || $1 ~ /\.tsc$/ { next }
	    !s { v[$1] = $2 " " $2 " " $2 " " $3; if (!($1 in o)) o[$1] = ++n
		name[n] = $1 }
	    s { v[$1] = $2 " " $3 " " $4 " " $5 }
	    END { for (i = 1; i <= n; i++) { split(v[name[i]], f, " ")
		printf "%-20s %10.1f %10.1f %10.1f  %s\n", name[i], f[1], f[2],
		    f[3], f[4] } }' "$build/run.out"
} >"$out"
cat "$out"
