#!/bin/sh
# Run the in-OS benchmarks and print their figures as one table, also kept
# in BUILD/bench.txt; the raw lines go to BUILD/bench.raw, for scripts.
#
#   tools/bench.sh [BUILD [ARCH]]    ARCH: x86_64 (the default) or aarch64
#
# Each run below writes a log in BUILD; every line of a log in $logs of
# the form "bench <name> <median> <min> <unit> <runs>" is a figure, and
# "skip <name> <reason>" a figure this machine does not have (a row of
# the table with its reason).  Under TCG the guest runs with -icount
# shift=0, so the TSC (on aarch64 the cycle counter, PMCCNTR_EL0) counts
# instructions and every figure is an exact instruction count; with KVM
# on real hardware the figures are cycles.  Beside an x86_64 figure in
# instructions, the table gives seL4's and Linux's figure for the same
# operation from bench/yardsticks.txt (measured on x86_64), and Cairn's
# median over it.
#
# Then the storage table: fsbench (programs/fsbench) run through the
# shell with a fresh ext2 disk attached (tools/bench-disk.sh), each figure
# beside Linux's from bench/linux-storage.txt (made by
# tools/bench-linux-storage.sh, x86_64 only), or "n/a" with the reason
# when fsbench could not run (no fs service, no disk).  Its lines go to
# BUILD/bench-fs.log and into BUILD/bench.raw.
#
# Then the network table: httpd and programs/netbench driven from the
# host by tools/netbench.py, always under TCG with -icount, each figure
# beside Linux's from bench/linux-net.txt (made by
# tools/bench-linux-net.sh; x86_64 only).  Its lines go to
# BUILD/bench-net.log (the guest's console to BUILD/bench-net-guest.log)
# and into BUILD/bench.raw.
#
# On aarch64 (BUILD is then the aarch64 build, e.g. build/aarch64) the
# same runs go on qemu-system-aarch64 -M virt -cpu cortex-a53, TCG with
# -icount shift=0, started here: the benchmark root task as the initrd,
# then cairn.img with boot.img (init and the initramfs) as the initrd and
# the commands typed on the serial console, as on x86_64.
set -eu
build=${1:-build}
arch=${2:-x86_64}
yardsticks=bench/yardsticks.txt

# A run failed: show the end of its log ($1) and stop; $2 names the run.
failed() {
	tail -20 "$build/$1" >&2
	echo "bench: the $2 run failed" >&2
	exit 1
}

# aarch64: the benchmark root task, then shmdemo, spawnbench and the
# boot time through init, each on a fresh virt.
run_aarch64() {
	logs="bench.log bench-shm.log bench-spawn.log bench-boot.log"
	# seL4's and Linux's figures are x86_64's: none beside aarch64's.
	yardsticks="$build/bench.yardsticks"
	echo "# none for aarch64" >"$yardsticks"
	mode="instructions, TCG with -icount shift=0, aarch64 virt cortex-a53"
	qemu=$(qemu-system-aarch64 --version |
		sed -n '1s/.*version \([^ ]*\).*/\1/p')
	# The machine of every run; 256 MiB, as x86_64's run-qemu.sh.
	set -- qemu-system-aarch64 -M virt -cpu cortex-a53 -m 256M \
		-nographic -nic none -semihosting -no-reboot \
		-accel tcg -icount shift=0 -kernel "$build/cairn.img" \
		-append cairn.bench_unit=instructions
	timeout 600 "$@" -initrd "$build/user/bench.elf" </dev/null \
		>"$build/bench.log" 2>&1 || failed bench.log benchmark
	# Sharing by pointer against copying through IPC: shmdemo, run by init.
	# Each piped input starts with an empty line: the PL011 holds one byte
	# until the kernel turns its FIFO on, which drops it.
	printf '\nrun shmdemo\npoweroff\n' | timeout 600 "$@" \
		-initrd "$build/boot.img" >"$build/bench-shm.log" 2>&1 ||
		failed bench-shm.log shared-memory
	# Process spawn: start a program and wait for its exit, through init.
	printf '\nrun spawnbench instructions\npoweroff\n' | timeout 600 "$@" \
		-initrd "$build/boot.img" >"$build/bench-spawn.log" 2>&1 ||
		failed bench-spawn.log spawn
	# Boot time: the shell's uptime (the generic counter from the reset).
	tools/boottime.py "$build" -- "$@" -initrd "$build/boot.img" \
		>"$build/bench-boot.log" 2>&1 || failed bench-boot.log boot-time
	# Storage: fsbench on a fresh disk; a failure is reported in the table.
	tools/bench-disk.sh "$build/bench-disk.img"
	printf '\nrun fsbench instructions\npoweroff\n' | timeout 900 "$@" \
		-initrd "$build/boot.img" \
		-drive "file=$build/bench-disk.img,format=raw,if=none,id=disk0" \
		-device virtio-blk-pci,drive=disk0,disable-legacy=on \
		>"$build/bench-fs.log" 2>&1 || true
	# Network: as on x86_64 (tools/netbench.py), the NIC on virt's PCI.
	tools/bench-disk.sh "$build/bench-net-disk.img"
	tools/netbench.py --log "$build/bench-net-guest.log" \
		--input '\nrun netbench &\n' --end 'poweroff\n' -- "$@" \
		-initrd "$build/boot.img" \
		-drive "file=$build/bench-net-disk.img,format=raw,if=none,id=disk0" \
		-device virtio-blk-pci,drive=disk0,disable-legacy=on \
		-netdev 'user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:{http}-:80,hostfwd=tcp:127.0.0.1:{ctl}-:7070' \
		-device virtio-net-pci,netdev=net0,disable-legacy=on \
		>"$build/bench-net.log" 2>&1 || true
}

# x86_64: the benchmark root task, then shmdemo, spawnbench and the boot
# time through init.
run_x86_64() {
	# The logs with figures: a new run writes its log and adds its name.
	logs="bench.log bench-shm.log bench-spawn.log bench-boot.log bench-posix.log"
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ ! -e /sys/module/kvm_pvm ] &&
		grep -qwE 'vmx|svm' /proc/cpuinfo; then
		opts="--accel kvm --append cairn.bench_unit=cycles"
		mode="cycles, KVM"
	else
		opts="--accel tcg --icount --append cairn.bench_unit=instructions"
		mode="instructions, TCG with -icount shift=0"
	fi
	# shellcheck disable=SC2086
	tools/run-qemu.sh --build "$build" --test $opts \
		--modules "$build/user/bench.elf" </dev/null >"$build/bench.log" 2>&1 ||
		failed bench.log benchmark
	# Sharing by pointer against copying through IPC: shmdemo, run by init.
	# shellcheck disable=SC2086
	printf 'run shmdemo\npoweroff\n' | tools/run-qemu.sh --build "$build" --test \
		$opts >"$build/bench-shm.log" 2>&1 ||
		failed bench-shm.log shared-memory

	# Process spawn: start a program and wait for its exit, through init.
	unit=${opts##*bench_unit=}
	# shellcheck disable=SC2086
	printf 'run spawnbench %s\npoweroff\n' "$unit" | tools/run-qemu.sh \
		--build "$build" --test $opts >"$build/bench-spawn.log" 2>&1 ||
		failed bench-spawn.log spawn
	# The Linux personality: a Linux program's getppid (tests/posix/bench.c).
	tools/posix-disk.sh "$build" "$build/bench-posix.img"
	# shellcheck disable=SC2086
	printf 'run /disk/ptest/bench %s\npoweroff\n' "$unit" | tools/run-qemu.sh \
		--build "$build" --test --machine q35 $opts \
		--disk "$build/bench-posix.img" >"$build/bench-posix.log" 2>&1 ||
		failed bench-posix.log posix
	# Boot time: guest time from reset to the first prompt, and its parts,
	# from the shell's uptime; and the host's wall time to the prompt.
	# shellcheck disable=SC2086
	tools/boottime.py "$build" $opts >"$build/bench-boot.log" 2>&1 ||
		failed bench-boot.log boot-time
	# Storage: fsbench on a fresh disk, on q35 as Linux's figures were
	# made (bench/linux-storage.txt); a failure is reported in the table.
	tools/bench-disk.sh "$build/bench-disk.img"
	# shellcheck disable=SC2086
	printf 'run fsbench %s\npoweroff\n' "$unit" | timeout 900 \
		tools/run-qemu.sh --build "$build" --test --machine q35 $opts \
		--disk "$build/bench-disk.img" >"$build/bench-fs.log" 2>&1 || true
	# Network: netbench and httpd driven from the host (tools/netbench.py)
	# on a fresh copy of the site, always under TCG with -icount, as
	# Linux's figures were made (bench/linux-net.txt); a failure is
	# reported in the table.
	tools/bench-disk.sh "$build/bench-net-disk.img"
	tools/netbench.py --log "$build/bench-net-guest.log" \
		--input 'run netbench &\n' --end 'poweroff\n' -- \
		tools/run-qemu.sh --build "$build" --test --machine q35 \
		--accel tcg --icount --disk "$build/bench-net-disk.img" --net \
		--netdev-opts ',hostfwd=tcp:127.0.0.1:{http}-:80,hostfwd=tcp:127.0.0.1:{ctl}-:7070' \
		>"$build/bench-net.log" 2>&1 || true
	qemu=$(qemu-system-x86_64 --version |
		sed -n '1s/.*version \([^ ]*\).*/\1/p')
}

# A table of figures beside Linux's: those named PREFIX* in the log $1
# (lines "bench <name> <median> <min> <unit> <runs>", also added to
# bench.raw) beside Linux's file $3 (figure median min max unit), with
# the ratio where both are in the same unit, under the title $4.  A
# figure Cairn did not make is "n/a"; Linux's real dd (fs_dd_*) has "-"
# beside it.
versus_table() {
	tr -d '\r' <"$build/$1" >"$build/$1.txt"
	grep "^bench $2" "$build/$1.txt" >>"$build/bench.raw" || true
	echo
	awk -v linux="$3" -v prefix="$2" -v title="$4" '
	FILENAME == linux {
		sub(/#.*/, "")
		if (NF == 5) {
			name[++n] = $1
			lin[$1] = $2
			lunit[$1] = $5
		}
		next
	}
	$1 == "bench" && index($2, prefix) == 1 && NF == 6 {
		if (!($2 in lin)) {
			name[++n] = $2
		}
		us[$2] = $3
		unit[$2] = $5
	}
	END {
		if (linux == "/dev/null") {
			print title "; no Linux figures for this arch)"
		} else {
			print title "; Linux 6.1: " linux ", median)"
		}
		fmt = "%-24s %10s %10s %12s  %s\n"
		printf fmt, "benchmark", "Cairn", "Linux", "Cairn/Linux", "unit"
		for (i = 1; i <= n; i++) {
			f = name[i]
			c = (f in us) ? us[f] : (f ~ /^fs_dd_/) ? "-" : "n/a"
			l = (f in lin) ? lin[f] : "-"
			u = (f in unit) ? unit[f] : lunit[f]
			r = ""
			if ((f in us) && (f in lin) && unit[f] == lunit[f] &&
			    lin[f] > 0) {
				r = sprintf("%.2f", us[f] / lin[f])
			}
			printf fmt, f, c, l, r, u
		}
	}' "$3" "$build/$1.txt"
}

# The storage table: fsbench's figures from bench-fs.log beside Linux's
# (bench/linux-storage.txt; x86_64 only), and why a figure is missing.
storage_table() {
	linux=bench/linux-storage.txt
	[ "$arch" = x86_64 ] || linux=/dev/null
	versus_table bench-fs.log fs_ "$linux" \
		"Storage (fsbench through the fs service"
	# Why a figure is missing: fsbench's own skips, or why it did not run.
	sed -n 's/^skip \(fs_[^ ]*\) /\1: n\/a, /p' "$build/bench-fs.log.txt"
	if ! grep -q '^fsbench: done' "$build/bench-fs.log.txt"; then
		echo "fsbench did not finish (see $build/bench-fs.log):"
		grep -i -E 'fsbench|cannot|unknown|not found' \
			"$build/bench-fs.log.txt" | grep -v '^bench ' | tail -3 |
			sed 's/^/  /'
	fi
}

# The network table: tools/netbench.py's figures beside Linux's
# (bench/linux-net.txt, made by tools/bench-linux-net.sh; x86_64 only).
net_table() {
	linux=bench/linux-net.txt
	[ "$arch" = x86_64 ] || linux=/dev/null
	versus_table bench-net.log net_ "$linux" \
		"Network (httpd and netbench driven from the host, guest-seconds"
	if grep -q '^fail ' "$build/bench-net.log.txt"; then
		sed -n 's/^fail /the network run failed: /p' \
			"$build/bench-net.log.txt"
		echo "(see $build/bench-net.log and $build/bench-net-guest.log)"
	fi
}

case $arch in
x86_64)
	run_x86_64
	;;
aarch64)
	run_aarch64
	;;
*)
	echo "bench: ARCH must be x86_64 or aarch64, not '$arch'" >&2
	exit 1
	;;
esac

: >"$build/bench.raw"
for log in $logs; do
	# The serial console ends its lines with CR LF.
	tr -d '\r' <"$build/$log" | grep '^bench ' >>"$build/bench.raw" || {
		echo "bench: no figures in $build/$log" >&2
		exit 1
	}
done
# The table: each figure, and beside those that have one, seL4's and
# Linux's figure measured the same way (bench/yardsticks.txt) and the
# ratio of Cairn's median to it; only for figures in instructions.
awk -v mode="$mode" -v qemu="$qemu" '
FNR == NR {
	sub(/#.*/, "")
	if (NF == 3) {
		sel4[$1] = $2
		linux[$1] = $3
	}
	next
}
NF != 6 || $3 !~ /^[0-9]+(\.[0-9]+)?$/ || $4 !~ /^[0-9]+(\.[0-9]+)?$/ ||
    $6 !~ /^[0-9]+$/ {
	printf "bench: not \"bench <name> <median> <min> <unit> <runs>\": %s\n",
	    $0 > "/dev/stderr"
	bad = 1
	exit 1
}
function versus(them, us) {
	if (them == "" || them == "-" || us == 0 && them == 0) {
		return ""
	}
	return sprintf("%.2f", us / them)
}
{
	n++
	for (i = 2; i <= 6; i++) {
		cell[n, i] = $i
	}
	if ($5 == "instructions" && ($2 in sel4)) {
		if (sel4[$2] != "-") {
			cell[n, 7] = sel4[$2]
			cell[n, 8] = versus(sel4[$2], $3)
		}
		if (linux[$2] != "-") {
			cell[n, 9] = linux[$2]
			cell[n, 10] = versus(linux[$2], $3)
		}
	}
}
END {
	if (bad) {
		exit 1
	}
	split("benchmark median min unit runs seL4 Cairn/seL4 Linux " \
	    "Cairn/Linux", head, " ")
	for (i = 2; i <= 10; i++) {
		width[i] = length(head[i - 1])
		for (r = 1; r <= n; r++) {
			if (length(cell[r, i]) > width[i]) {
				width[i] = length(cell[r, i])
			}
		}
	}
	fmt = "%-" width[2] "s  %" width[3] "s  %" width[4] "s  %-" \
	    width[5] "s  %" width[6] "s  %" width[7] "s  %" width[8] \
	    "s  %" width[9] "s  %" width[10] "s"
	printf "Cairn benchmarks in %s (QEMU %s)\n", mode, qemu
	line = sprintf(fmt, head[1], head[2], head[3], head[4], head[5],
	    head[6], head[7], head[8], head[9])
	sub(/ +$/, "", line)
	print line
	for (r = 1; r <= n; r++) {
		line = sprintf(fmt, cell[r, 2], cell[r, 3], cell[r, 4],
		    cell[r, 5], cell[r, 6], cell[r, 7], cell[r, 8], cell[r, 9],
		    cell[r, 10])
		sub(/ +$/, "", line)
		print line
	}
}' "$yardsticks" "$build/bench.raw" >"$build/bench.txt"
# The figures this machine does not have, each with its reason; then
# the storage and network tables.
{
	for log in $logs; do
		tr -d '\r' <"$build/$log" |
			sed -n 's/^skip \([^ ]*\) /\1: skipped, /p'
	done
	storage_table
	net_table
} >>"$build/bench.txt"
cat "$build/bench.txt"
