#!/usr/bin/env python3
"""`make debug` works with GDB (README, docs/testing.md): start `make
debug` for an arch (QEMU halted, its GDB stub on 127.0.0.1:1234), run the
GDB command it prints, in batch mode, and check that GDB stops the kernel
at kmain with a backtrace and the source line, then ends QEMU.

    tests/system/debug.py [--build DIR] [--arch x86_64|aarch64]

Prints "ok N check" or "not ok N check: why" per check, then
"N passed, N failed"; exits 1 if anything failed.  The image must be
built (make debug builds what is missing, as it would for a person).
"""
import argparse
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time

HINT = re.compile(r"^debug: QEMU waits for GDB; in another terminal: (.+)$",
                  re.M)


def wait_for_hint(p, timeout):
    """Read make's output until the line that says how to attach."""
    out = b""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        line = p.stdout.readline()
        if not line:
            break
        out += line
        m = HINT.search(out.decode("utf-8", "replace"))
        if m:
            return m.group(1), out
    return None, out


def wait_for_stub(port=1234, timeout=30):
    """Whether QEMU's GDB stub accepts a connection on 127.0.0.1:port
    within timeout seconds (make prints its line before QEMU listens).
    The probe closes at once; the stub then takes GDB's connection."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            with socket.create_connection(("127.0.0.1", port), 1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--arch", default="x86_64")
    a = ap.parse_args()
    make = subprocess.Popen(
        ["make", "--no-print-directory", "BUILD=" + a.build,
         "ARCH=" + a.arch, "debug"], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    checks = []
    gdb_out = ""
    try:
        cmd, out = wait_for_hint(make, 600)
        checks.append(("make debug says how to attach",
                       None if cmd else "no hint in: %r" % out[-400:]))
        if cmd:
            checks.append(("QEMU's GDB stub listens",
                           None if wait_for_stub() else "nothing on :1234"))
            argv = shlex.split(cmd)
            argv[1:1] = ["-batch", "-nx"]
            argv += ["-ex", "bt 2", "-ex", "kill"]
            g = subprocess.run(argv, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=120)
            gdb_out = g.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        gdb_out = (e.stdout or b"").decode("utf-8", "replace")
        checks.append(("gdb ran to the end", "timed out"))
    finally:
        try:
            rc = make.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            rc = "killed"
    checks += [
        ("gdb stops the kernel at kmain",
         None if re.search(r"^Breakpoint 1, (0x[0-9a-f]+ in )?kmain \(",
                           gdb_out, re.M) else "no stop at kmain"),
        ("the backtrace names kmain with its source line",
         None if re.search(r"^#0 .*kmain \(.*\) at kernel/\S+\.c:\d+$",
                           gdb_out, re.M) else "no frame #0 in kmain"),
        ("kill from gdb ends QEMU and make debug",
         None if rc != "killed" else "QEMU went on"),
    ]
    failed = 0
    for i, (name, why) in enumerate(checks, 1):
        if why is None:
            print("ok %d %s (%s)" % (i, name, a.arch))
        else:
            failed += 1
            print("not ok %d %s (%s): %s" % (i, name, a.arch, why))
    if failed:
        print("--- gdb ---\n" + "\n".join(gdb_out.splitlines()[-25:]))
    print("%d passed, %d failed" % (len(checks) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
