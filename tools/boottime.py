#!/usr/bin/env python3
"""Boot time: boot Cairn to the shell's first prompt and print, in the
benchmark format (`bench <name> <median> <min> <unit> <runs>`), the guest
time to the prompt from the machine's reset (the TSC starts at zero
there) and its parts, from the shell's `uptime`, and the host's wall time
from QEMU's start to the prompt on the serial line.

    tools/boottime.py BUILD [run-qemu.sh options...]
    tools/boottime.py BUILD -- COMMAND...

The second form boots with COMMAND in place of tools/run-qemu.sh (QEMU
for aarch64, started by tools/bench.sh); on aarch64 the shell's uptime
counts from the generic counter, which starts at zero at the reset too.
"""
import os
import re
import subprocess
import sys
import time

BOOT = re.compile(rb"boot: kernel entered at ([\d.]+) ms, init at ([\d.]+) "
                  rb"ms, first prompt at ([\d.]+) ms")


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    if sys.argv[2:3] == ["--"]:
        cmd = sys.argv[3:]
    else:
        cmd = ["tools/run-qemu.sh", "--build", build] + sys.argv[2:]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = b""
    host = None
    deadline = t0 + 300
    os.set_blocking(p.stdout.fileno(), False)
    while time.monotonic() < deadline and p.poll() is None:
        chunk = p.stdout.read() or b""
        if not chunk:
            time.sleep(0.005)
            continue
        out += chunk
        if host is None and b"cairn> " in out:
            host = (time.monotonic() - t0) * 1000
            p.stdin.write(b"uptime\n")
            p.stdin.flush()
        if host is not None and BOOT.search(out):
            p.stdin.write(b"poweroff\n")
            p.stdin.flush()
            break
    try:
        rest, _ = p.communicate(timeout=60)
        out += rest or b""
    except subprocess.TimeoutExpired:
        p.kill()
    m = BOOT.search(out)
    if host is None or m is None:
        sys.stdout.write(out.decode("utf-8", "replace")[-2000:])
        print("boottime: no prompt, or no boot times", file=sys.stderr)
        return 1
    kernel, init, prompt = (float(x) for x in m.groups())
    for name, v in (("boot_to_prompt", prompt),
                    ("boot_firmware_to_kernel", kernel),
                    ("boot_kernel_to_init", init - kernel),
                    ("boot_init_to_prompt", prompt - init),
                    ("boot_to_prompt_host_wall", host)):
        print("bench %s %.1f %.1f ms 1" % (name, v, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
