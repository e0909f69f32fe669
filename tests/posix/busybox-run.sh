#!/bin/sh
# /bbtest/run on the disk of busybox's test suite (tools/bbtest-disk.sh,
# docs/posix.md, "busybox's test suite"), on Cairn and on Linux alike.
#
#	/bbtest/run [-v] [APPLET...]
#
# It runs the suite's own runner, testsuite/runtest, once for each
# applet: those named, else those of /bbtest/applets if there is one,
# else each of busybox's applets that has tests, as runtest picks them.
# An applet's lines (runtest's PASS, FAIL, SKIPPED, UNTESTED) come
# between "bbtest: applet NAME" and "bbtest: applet NAME status N, S s".
# The environment is that of Debian's build (debian/rules,
# TESTSUITE_ENV) but for ECHO and SHELL: busybox's own echo and sh are
# the ones tested.  -v is runtest's: each failure's diff, or its
# old-style test's output.
cd /bbtest/testsuite || exit 1
v=""
if [ "${1:-}" = -v ]; then
	v=-v
	shift
fi
if [ $# -eq 0 ] && [ -f /bbtest/applets ]; then
	# A list of names: split on purpose.
	# shellcheck disable=SC2046
	set -- $(cat /bbtest/applets)
elif [ $# -eq 0 ]; then
	for a in busybox $(/bbtest/busybox --list | grep -vx busybox); do
		if [ -d "$a" ] || [ -f "$a.tests" ]; then
			set -- "$@" "$a"
		fi
	done
fi
echo "bbtest: $# applets"
t0=$(date +%s)
for a; do
	echo "bbtest: applet $a"
	t=$(date +%s)
	SKIP_KNOWN_BUGS=y SKIP_INTERNET_TESTS=y LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		SHELL=/bin/sh sh ./runtest $v "$a"
	echo "bbtest: applet $a status $?, $(($(date +%s) - t)) s"
done
echo "bbtest: done, $(($(date +%s) - t0)) s"
