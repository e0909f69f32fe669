#!/usr/bin/env python3
"""The in-OS kernel test suite on QEMU's Raspberry Pi 3 (docs/testing.md,
docs/aarch64.md "The kernel on the Pi"): boot the portable kernel,
BUILD/aarch64/cairn.img, in qemu-system-aarch64 -M raspi3b with
BUILD/aarch64/user/ktest.elf as its initrd (the root task) and Cairn's
device tree for the Pi, BUILD/aarch64/rpi3.dtb, as its -dtb (QEMU 7.2
passes raspi3b none of its own; its loader writes the initrd's place
into that tree's /chosen).  The checks are aarch64_ktest.py's: every
test that runs passes, the suite ran to the end, the summary counts
what the lines say, QEMU's exit status is 0, the skips number
SKIPS_EXPECTED; and the kernel took the tree's /chosen, and t_irq.c
found the BCM2835's lines.

    tests/system/aarch64_rpi3.py [--build DIR]

Prints one line per kernel test, then "N passed, N failed"; exits 1 if
anything failed.  A missing qemu-system-aarch64, image or tree is a
failure, not a skip.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aarch64_ktest import check  # noqa: E402

QEMU = "qemu-system-aarch64"
# Tests the suite skips on the Pi: none.  A skip must give its reason on
# its TAP line, and this number must change with it.
SKIPS_EXPECTED = 0
FILES = ("cairn.img", "user/ktest.elf", "rpi3.dtb")
DTB_LINE = "/chosen only; Raspberry Pi 3's fixed map"


def boot(build, timeout=120):
    """Run the suite; return (exit status or "timeout", console text)."""
    base = os.path.join(build, "aarch64")
    cmd = [QEMU, "-M", "raspi3b", "-nographic", "-nic", "none",
           "-semihosting", "-no-reboot",
           "-kernel", os.path.join(base, "cairn.img"),
           "-initrd", os.path.join(base, "user", "ktest.elf"),
           "-dtb", os.path.join(base, "rpi3.dtb")]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        st, raw = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        st, raw = "timeout", e.stdout or b""
    return st, raw.decode("utf-8", "replace").replace("\r", "")


def verdict(status, out):
    """check()'s verdict with the Pi's own checks added."""
    results, wrong, skips = check(status, out, irq_lines="BCM2835")
    if len(skips) != SKIPS_EXPECTED:
        wrong.append("%d skipped on the Pi, %d expected"
                     % (len(skips), SKIPS_EXPECTED))
    if not any(l.startswith("dtb: ") and l.endswith(DTB_LINE)
               for l in out.splitlines()):
        wrong.append("no 'dtb: ... %s'" % DTB_LINE)
    return results, wrong, skips


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    a = ap.parse_args()
    base = os.path.join(a.build, "aarch64")
    missing = [f for f in FILES if not os.path.exists(os.path.join(base, f))]
    if shutil.which(QEMU) is None or missing:
        print("not ok 1 raspi3b kernel suite: missing %s"
              % (missing or [QEMU]))
        print("0 passed, 1 failed")
        sys.exit(1)
    t0 = time.time()
    status, out = boot(a.build)
    with open(os.path.join(base, "ktest-rpi3.log"), "w") as f:
        f.write(out)
    results, wrong, skips = verdict(status, out)
    failed = sum(1 for v, _, _, _ in results if v != "ok")
    for v, n, name, why in results:
        print("%s %s raspi3b kernel: %s%s"
              % (v, n, name, " # SKIP " + why if why else ""))
    if failed:
        comments = [l for l in out.splitlines() if l.startswith("# ")]
        print("\n".join("#   " + l for l in comments[-20:]))
    for name, why in skips:
        print("# skipped on raspi3b: %s: %s" % (name, why))
    n = len(results) + 1
    if wrong:
        print("not ok %d raspi3b kernel suite ran whole (%.1f s): %s"
              % (n, time.time() - t0, "; ".join(wrong)))
        print("\n".join("#   " + l for l in out.splitlines()[-15:]))
        failed += 1
    else:
        print("ok %d raspi3b kernel suite ran whole (%.1f s), %d skipped"
              % (n, time.time() - t0, len(skips)))
    print("%d passed, %d failed" % (n - failed, failed))
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
