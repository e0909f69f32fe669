#!/bin/sh
# make size: text, data and bss of the kernel and of every program, in
# bytes and KiB, and the kernel image (text and data) against its 100 KiB
# target.  What is resident at run time is the shell's `mem`.
set -eu
build=${1:-build}
row() { # name file
	size -A "$2" | awk -v name="$1" '
		$1 ~ /^\.(boot|text|rodata|eh_frame|ksyms|cairn)/ { t += $2 }
		$1 ~ /^\.(data|got|init_array|fini_array|dynamic|rela)/ { d += $2 }
		$1 ~ /^\.(bss|tbss)/ { b += $2 }
		END { printf "%-10s %9d %9d %9d %9d KiB\n", name, t, d, b,
			(t + d + b + 1023) / 1024 }'
}
printf '%-10s %9s %9s %9s %13s\n' program text data bss total
row kernel "$build/cairn.elf"
row init "$build/user/init.elf"
for f in "$build"/rootfs/bin/*; do
	# bin/notelf is a test's deliberately bad file.
	size -A "$f" >/dev/null 2>&1 && row "$(basename "$f")" "$f"
done
size -A "$build/cairn.elf" | awk '
	$1 ~ /^\.(boot|text|rodata|ksyms|data)/ { s += $2 }
	END { printf "kernel image (text, rodata, data): %d KiB; target 100 KiB: %s\n",
		(s + 1023) / 1024, s <= 100 * 1024 ? "met" : "MISSED" }'
