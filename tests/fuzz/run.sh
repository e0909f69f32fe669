#!/bin/sh
# Run the host fuzz targets that mk/fuzz.mk built.
#
#	run.sh fuzz BUILD SECONDS TARGET...	fuzz each target SECONDS
#	run.sh regress BUILD 0 TARGET...	run each once over its seeds
#						and tests/fuzz/regress/TARGET
#
# Seeds are tests/fuzz/corpus/TARGET plus those made at build time in
# BUILD/fuzz/seeds (the ELF ones, read by elf and manifest).  Fuzzing
# starts from a copy of them in BUILD/fuzz/work/TARGET, which keeps what
# each run adds; an input that crashes goes to BUILD/fuzz/crashes.  Prints
# one line per target and exits 1 if any target failed.
set -u

mode=$1 build=$2 seconds=$3
shift 3
out=$build/fuzz
mkdir -p "$out/crashes"
failed=""

# The seed directories of target $1, those that exist.
seeds() {
	for d in tests/fuzz/corpus/$1 $out/seeds/$1; do
		[ -d "$d" ] && echo "$d"
	done
	if [ "$1" = manifest ]; then
		echo "$out/seeds/elf"
	fi
}

# libFuzzer's options for target $1: its dictionary, if it has one.
options() {
	echo "-artifact_prefix=$out/crashes/$1- -timeout=10"
	[ -f "tests/fuzz/$1.dict" ] && echo "-dict=tests/fuzz/$1.dict"
}

# Fuzz target $1 for $seconds seconds; print its runs and coverage.
fuzz() {
	work=$out/work/$1
	log=$out/$1.log
	mkdir -p "$work"
	for d in $(seeds "$1"); do
		cp "$d"/* "$work"/ 2>/dev/null
	done
	rm -f "$work/.done"
	"$out/fuzz_$1" $(options "$1") -max_total_time="$seconds" \
		-print_final_stats=1 -use_value_profile=1 "$work" >"$log" 2>&1
	status=$?
	done=$(grep '^Done [0-9]* runs' "$log" | tail -n 1)
	# A run cut short has no "Done" line: its last status line instead.
	[ -n "$done" ] || done=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+[[:space:]]+DONE ' "$log" | tail -n 1 |
		sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//')
	echo "fuzz $1: ${done:-no final line}; ${cov:-no coverage line}"
	if [ $status -ne 0 ]; then
		echo "fuzz $1: FAILED (exit $status); log $log:"
		grep -E 'ERROR|runtime error|broken promise|SUMMARY|Test unit written' \
			"$log" | head -n 20
		failed="$failed $1"
	fi
}

# Run target $1 once over every seed and regression input.
regress() {
	log=$out/$1.regress.log
	files=$(find $(seeds "$1") tests/fuzz/regress/$1 -type f \
		! -name .done 2>/dev/null | sort)
	n=$(echo "$files" | grep -c .)
	# shellcheck disable=SC2086 # one argument per file
	if "$out/fuzz_$1" $(options "$1") $files >"$log" 2>&1; then
		echo "fuzz-regress $1: $n inputs ok"
	else
		echo "fuzz-regress $1: FAILED; log $log:"
		grep -E 'ERROR|runtime error|broken promise|SUMMARY|Running:' \
			"$log" | tail -n 20
		failed="$failed $1"
	fi
}

for t in "$@"; do
	case $mode in
	fuzz) fuzz "$t" ;;
	regress) regress "$t" ;;
	*)
		echo "run.sh: unknown mode $mode" >&2
		exit 2
		;;
	esac
done
if [ -n "$failed" ]; then
	echo "$mode: failed:$failed"
	exit 1
fi
echo "$mode: all ${#} targets passed"
