#!/usr/bin/env python3
"""The in-OS kernel test suite on aarch64 (docs/testing.md): boot the
portable kernel, BUILD/aarch64/cairn.img, in qemu-system-aarch64 on a
board with BUILD/aarch64/user/ktest.elf as its initrd (the root task),
and check its TAP output.  The boards (BOARDS): QEMU virt (-cpu
cortex-a53), and QEMU's Raspberry Pi 3, given Cairn's device tree for
the Pi, BUILD/aarch64/rpi3.dtb, as its -dtb (QEMU 7.2 passes raspi3b
none of its own; its loader writes the initrd's place into that tree's
/chosen, docs/aarch64.md "The kernel on the Pi").

    tests/system/aarch64_ktest.py [--build DIR] [--board virt|raspi3b]

Every test that runs must pass; the suite must say it ran to the end,
its summary must count what its lines say, and QEMU's exit status (the
kernel's power-off status through semihosting) must be 0.  A test the
suite skips on aarch64 says so on its line ("ok N name # SKIP reason");
skips are printed, and their number must be SKIPS_EXPECTED, so that one
cannot be added silently.  The line t_irq.c prints must name the
board's interrupt controller, and the run must print the board's own
line (on the Pi: that it took the tree's /chosen only).  Prints one line
per kernel test, then "N passed, N failed"; exits 1 if anything failed.
A missing qemu-system-aarch64, image or tree is a failure, not a skip.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

QEMU = "qemu-system-aarch64"
# Tests the suite skips on aarch64: none today.  A skip must give its
# reason on its TAP line, and this number must change with it.
SKIPS_EXPECTED = 0

# Each board: QEMU's machine options, the files under BUILD/aarch64 it
# boots (image, initrd, then an optional -dtb), how long it may take, the
# controller t_irq.c must find, the lines the run must print (regular
# expressions: virt's PCI configuration space as the suite found it, the
# Pi's kernel reading the tree's /chosen only, each board's MSI lines),
# and the name for its log and its output lines.
BOARDS = {
    "virt": {
        "machine": ["-M", "virt", "-cpu", "cortex-a53", "-m", "128M"],
        "files": ("cairn.img", "user/ktest.elf"),
        "timeout": 600, "irq_lines": "GIC",
        "must": (r"^# pci: ecam 0x4010000000, buses 0-255, in device "
                 r"Untyped$",
                 r"^gic: GICv2m MSI frame at 0x8020000, SPIs 80-143$",
                 r"^# msi: 64 lines$"),
        "log": "ktest.log", "name": "aarch64",
    },
    "raspi3b": {
        "machine": ["-M", "raspi3b"],
        "files": ("cairn.img", "user/ktest.elf", "rpi3.dtb"),
        "timeout": 120, "irq_lines": "BCM2835",
        "must": (r"^dtb: .*/chosen only; Raspberry Pi 3's fixed map$",
                 r"^# pci: no ecam$", r"^# msi: 0 lines$"),
        "log": "ktest-rpi3.log", "name": "raspi3b",
    },
}


def boot(build, board):
    """Run the suite; return (exit status or "timeout", console text)."""
    base = os.path.join(build, "aarch64")
    b = BOARDS[board]
    paths = [os.path.join(base, f) for f in b["files"]]
    cmd = [QEMU] + b["machine"] + [
        "-nographic", "-nic", "none", "-semihosting", "-no-reboot",
        "-kernel", paths[0], "-initrd", paths[1]]
    if len(paths) > 2:
        cmd += ["-dtb", paths[2]]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=b["timeout"])
        st, raw = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        st, raw = "timeout", e.stdout or b""
    return st, raw.decode("utf-8", "replace").replace("\r", "")


def check(status, out, irq_lines="GIC", must=()):
    """The suite's verdict from its output: (per-test results, a list of
    what is wrong with the run as a whole, the skips with reasons).
    irq_lines: the interrupt controller t_irq.c must have found; must: the
    lines the run must have printed (regular expressions)."""
    lines = out.splitlines()
    results = re.findall(r"^(ok|not ok) (\d+) (\S+)(?: # SKIP (.*))?$",
                         out, re.M)
    wrong = []
    m = re.search(r"^1\.\.(\d+)$", out, re.M)
    planned = int(m.group(1)) if m else -1
    if planned != len(results) or planned <= 0:
        wrong.append("planned %d tests, %d ran" % (planned, len(results)))
    if [int(n) for _, n, _, _ in results] != list(range(1, len(results) + 1)):
        wrong.append("test numbers out of order")
    if "ktest: all tests ran" not in lines:
        wrong.append("no 'ktest: all tests ran'")
    failed = sum(1 for v, _, _, _ in results if v != "ok")
    summary = "%d passed, %d failed" % (len(results) - failed, failed)
    if summary not in lines:
        wrong.append("no summary '%s'" % summary)
    skips = [(name, why) for v, _, name, why in results if why]
    if len(skips) != SKIPS_EXPECTED:
        wrong.append("%d skipped, %d expected" % (len(skips),
                                                   SKIPS_EXPECTED))
    if status != (0 if failed == 0 else 1):
        wrong.append("exit status %r" % (status,))
    if "# irq: %s lines" % irq_lines not in lines:
        wrong.append("no '# irq: %s lines'" % irq_lines)
    for rx in must:
        if not re.search(rx, out, re.M):
            wrong.append("no line '%s'" % rx)
    for bad in ("PANIC", "ubsan:"):
        if any(l.startswith(bad) for l in lines):
            wrong.append("a '%s' line" % bad)
    return results, wrong, skips


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--board", default="virt", choices=sorted(BOARDS))
    a = ap.parse_args()
    b = BOARDS[a.board]
    base = os.path.join(a.build, "aarch64")
    missing = [f for f in b["files"]
               if not os.path.exists(os.path.join(base, f))]
    if shutil.which(QEMU) is None or missing:
        print("not ok 1 %s kernel suite: missing %s"
              % (b["name"], missing or [QEMU]))
        print("0 passed, 1 failed")
        sys.exit(1)
    t0 = time.time()
    status, out = boot(a.build, a.board)
    with open(os.path.join(base, b["log"]), "w") as f:
        f.write(out)
    results, wrong, skips = check(status, out, b["irq_lines"], b["must"])
    passed = failed = 0
    comments = [l for l in out.splitlines() if l.startswith("# ")]
    for v, n, name, why in results:
        print("%s %s %s kernel: %s%s" % (v, n, b["name"], name,
                                          " # SKIP " + why if why
                                          else ""))
        if v == "ok":
            passed += 1
        else:
            failed += 1
    if failed:
        print("\n".join("#   " + l for l in comments[-20:]))
    for name, why in skips:
        print("# skipped on %s: %s: %s" % (b["name"], name, why))
    n = len(results) + 1
    if wrong:
        print("not ok %d %s kernel suite ran whole (%.1f s): %s"
              % (n, b["name"], time.time() - t0, "; ".join(wrong)))
        print("\n".join("#   " + l for l in out.splitlines()[-15:]))
        failed += 1
    else:
        print("ok %d %s kernel suite ran whole (%.1f s), %d skipped"
              % (n, b["name"], time.time() - t0, len(skips)))
        passed += 1
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
