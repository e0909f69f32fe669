#!/bin/sh
# Linux's network figures, the yardstick for make bench's network table
# (docs/net.md, "Figures").  Builds netbench (programs/netbench/main.c
# with Linux's hooks, bench/linux/netbench_init.c) with gcc -static as
# Linux's /init, beside Debian's static busybox (its httpd serves /www, a
# copy of disk/www) and boots ../shared/bench-linux/run.sh with a
# virtio-net NIC on QEMU's restricted user network, as tools/run-qemu.sh
# attaches Cairn's (q35, 256 MiB, one CPU, TCG with -icount shift=0: the
# TSC counts guest instructions).  tools/netbench.py measures each boot
# from the host; OUT gets each figure's median, least and most.
#
#   tools/bench-linux-net.sh [BUILD [OUT]]
#	BUILD	the work folder (default build/bench-linux-net): init, the
#		initramfs files, the kernel download and logs (CACHE=
#		overrides run.sh's cache)
#	OUT	default bench/linux-net.txt
#	BENCH_LINUX=dir  run.sh's folder (default ../shared/bench-linux)
#	RUNS=n  boots (default 5)
set -eu
build=${1:-build/bench-linux-net}
out=${2:-bench/linux-net.txt}
runner=${BENCH_LINUX:-../shared/bench-linux}/run.sh
cache=${CACHE:-$build/linux-cache}
runs=${RUNS:-5}
mkdir -p "$build" "$cache"

gcc -O2 -static -Wall -Wextra -Werror -Iprograms/netbench \
	-o "$build/netbench" programs/netbench/main.c bench/linux/init_common.c \
	bench/linux/netbench_init.c

# Debian's static busybox (apt-get download, as run.sh fetches the
# kernel; nothing is installed) as /bin/busybox, and the site.
files=$build/files
rm -rf "$files"
mkdir -p "$files/bin"
if ! ls "$cache"/busybox-static_*.deb >/dev/null 2>&1; then
	(cd "$cache" && apt-get download -o APT::Sandbox::User=root \
		busybox-static >&2)
fi
for deb in "$cache"/busybox-static_*.deb; do
	dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./bin/busybox \
		>"$files/bin/busybox"
done
chmod 755 "$files/bin/busybox"
cp -R disk/www "$files/www"

nic="-netdev user,id=n,restrict=on,hostfwd=tcp:127.0.0.1:{http}-:80"
nic="$nic,hostfwd=tcp:127.0.0.1:{ctl}-:7070"
nic="$nic -device virtio-net-pci,netdev=n,disable-legacy=on"
: >"$build/figures"
for i in $(seq "$runs"); do
	CACHE=$cache INIT=$build/netbench FILES=$files MODULES=virtio-all \
		ICOUNT=1 ACCEL=tcg tools/netbench.py --log "$build/run-$i.log" \
		-- env RUNS=1 "QEMU_EXTRA=$nic" "$runner" >"$build/run-$i.out" || {
		cat "$build/run-$i.out" >&2
		tail -30 "$build/run-$i.log" >&2
		echo "bench-linux-net: Linux run $i failed" >&2
		exit 1
	}
	cat "$build/run-$i.out" >>"$build/figures"
done
{
	echo "# Linux's network figures: programs/netbench as the /init of"
	echo "# ../shared/bench-linux/run.sh, driven by tools/netbench.py from the"
	echo "# host, made by tools/bench-linux-net.sh on $(date -u +%Y-%m-%d)."
	echo "# Guest time: TCG with -icount shift=0, so the TSC counts guest"
	echo "# instructions and a guest-second is 10^9 of them; while the guest"
	echo "# idles, QEMU's virtual clock runs at the host's real time.  The"
	echo "# median, least and most of $runs boots (each boot's figure is its"
	echo "# median of 3).  The web server: Debian's busybox-static 1.35 httpd"
	echo "# over a copy of disk/www; it does not keep connections, so the load"
	echo "# opens one per request.  The NIC:"
	echo "# virtio-net-pci (disable-legacy=on) on QEMU's user network, as"
	echo "# tools/run-qemu.sh --net attaches Cairn's."
	sed -n 's/^# kernel: /# kernel: /p; s/^# cmd: .*-machine/# qemu: -machine/p' \
		"$build/run-1.log" | sed 's/ -kernel .*//'
	echo "# QEMU $(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
	echo "#"
	echo "# figure                    median        min        max  unit"
	awk '$1 == "bench" { v[$2] = v[$2] " " $3; u[$2] = $5
		if (!($2 in o)) { o[$2] = ++n; name[n] = $2 } }
	END { for (j = 1; j <= n; j++) { m = name[j]
		k = split(substr(v[m], 2), a, " ")
		for (x = 1; x <= k; x++) for (y = x + 1; y <= k; y++)
			if (a[y] + 0 < a[x] + 0) { t = a[x]; a[x] = a[y]; a[y] = t }
		med = (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
		printf "%-24s %10.2f %10.2f %10.2f  %s\n", m, med, a[1], a[k], u[m] } }' \
		"$build/figures"
} >"$out"
cat "$out"
