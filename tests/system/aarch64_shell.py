#!/usr/bin/env python3
"""User land on aarch64 QEMU virt (docs/aarch64.md, "User land"): boot
the portable kernel, BUILD/aarch64/cairn.img, with the boot bundle
BUILD/aarch64/boot.img (init and the initramfs) as its initrd, drive the
shell over the serial line as a person would (a line each time the
prompt shows), and check the answers.

    tests/system/aarch64_shell.py [--build DIR]

One line per check ("ok N name" or "not ok N name: why"), then
"N passed, N failed"; exits 1 if anything failed.  A missing
qemu-system-aarch64 or image is a failure, not a skip.
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

QEMU = "qemu-system-aarch64"
MEM = "256M"  # as x86_64's run-qemu.sh: the in-place suite's 64 MiB block
PROMPT = b"cairn> "
# What is typed, a line per prompt; the last powers the machine off.
INPUT = ["help", "ps", "echo over the PL011", "run hello one two",
         "run ticker", "uptime", "run fault", "crash serial", "echo alive",
         "test", "fuzz 5000 7", "ps", "poweroff"]


def boot(build, lines, timeout=120):
    """Run virt, typing lines; return (exit status or "timeout", text)."""
    base = os.path.join(build, "aarch64")
    cmd = [QEMU, "-M", "virt", "-cpu", "cortex-a53", "-m", MEM,
           "-nographic", "-nic", "none", "-semihosting", "-no-reboot",
           "-kernel", os.path.join(base, "cairn.img"),
           "-initrd", os.path.join(base, "boot.img")]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = bytearray()
    done = threading.Event()

    def reader():
        while True:
            b = p.stdout.read1(4096)
            if not b:
                break
            out.extend(b)
        done.set()

    threading.Thread(target=reader, daemon=True).start()
    t0, prompts, lines = time.monotonic(), 0, list(lines)
    while not done.wait(0.05):
        if time.monotonic() - t0 > timeout:
            p.kill()
            p.wait()
            return "timeout", out.decode("utf-8", "replace")
        n = out.count(PROMPT)
        if lines and n > prompts:
            prompts = n
            try:
                p.stdin.write((lines.pop(0) + "\r").encode())
                p.stdin.flush()
            except OSError:
                lines = []
    st = p.wait()
    return st, out.decode("utf-8", "replace").replace("\r", "")


def has(pattern):
    return lambda st, out: None if re.search(pattern, out, re.M) else \
        "no line matches %r" % pattern


def lacks(pattern):
    def check(st, out):
        m = re.search(pattern, out, re.M)
        return None if m is None else "unexpected %r" % m.group(0)
    return check


CHECKS = [
    ("the first line is the banner",
     lambda st, out: None if out.lstrip("\n").startswith(
         "Cairn ") and re.match(r"Cairn \S+ \(aarch64\)\n",
                                out.lstrip("\n")) else
     "first line %r" % out.lstrip("\n").split("\n")[0]),
    ("init takes the initramfs from the boot bundle",
     has(r'^module 1: [0-9a-f]+-[0-9a-f]+ \d+ bytes "initramfs"$')),
    ("the shell's prompt", has(r"^cairn> ")),
    ("help lists the commands", has(r"^  ps +processes$")),
    ("ps: the serial driver, the timer service and the shell run",
     lambda st, out: has(r"^ +1  serial +running ")(st, out) or
     has(r"^ +2  timer +running ")(st, out) or
     has(r"^ +3  shell +running ")(st, out)),
    ("echo comes back over the PL011", has(r"^over the PL011$")),
    ("a program runs with its arguments",
     has(r"^hello from hello, pid \d+, with 2 arguments: one two$")),
    ("the timer service's periodic timer and sleep (CNTV)",
     lambda st, out: has(r"^ticker: tick 5 \(1 expiries\) at \d+ ms$")(
         st, out) or has(r"^ticker: none early$")(st, out)),
    ("uptime from the generic counter", has(r"^up \d+\.\d{3} s$")),
    ("a fault is reported by the supervisor",
     has(r"^supervisor: fault \(pid \d+\): page fault at 0x0")),
    ("the serial driver crashed and restarted: the console still answers",
     lambda st, out: has(r"^supervisor: restarted serial \(restart 1\)$")(
         st, out) or has(r"^alive$")(st, out) or
     has(r"^ +1  serial +running .* 1 +6$")(st, out)),
    ("the kernel test suite passes in place",
     has(r"^test: every kernel test passed$")),
    ("the system-call fuzzer: the kernel survives",
     has(r"^fuzz: the kernel survived; every call was answered$")),
    ("no panic, no other restart",
     lambda st, out: lacks(r"^PANIC.*")(st, out) or
     lacks(r"^supervisor: restarted (?!serial \(restart 1\)$).*")(st, out)),
    ("poweroff ends QEMU with status 0",
     lambda st, out: None if st == 0 else "status %r" % (st,)),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    a = ap.parse_args()
    try:
        st, out = boot(a.build, INPUT)
    except OSError as e:
        print("not ok 1 boot: %s" % e)
        print("0 passed, 1 failed")
        return 1
    failed = 0
    for i, (name, check) in enumerate(CHECKS, 1):
        why = check(st, out)
        if why is None:
            print("ok %d %s" % (i, name))
        else:
            failed += 1
            print("not ok %d %s: %s" % (i, name, why))
    if failed:
        print("--- console ---\n" + "\n".join(out.splitlines()[-40:]))
    print("%d passed, %d failed" % (len(CHECKS) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
