"""System tests: boot Cairn in QEMU headless and check what it prints on
the serial line, the way a person at the console would read it.

Each test is a QEMU run (tools/run-qemu.sh) and a list of checks on its
output and its power-off status (docs/boot.md).  tests(..., "x86_64")
boots the PC; tests(..., "aarch64") boots QEMU virt with the same shell
tests (shell_tests), what differs by machine in a MACHINES entry.
"""
import hashlib
import os
import re
import signal
import subprocess
import threading
import time

import pcitests

import fstests

import blktests

import nictests

import nettests

import httptests
import socktests

import dnstests
import posixtests
import bbtests
import benchtests

def banner(arch):
    return re.compile(r"^Cairn \d+\.\d+\.\d+ \(%s\)$" % arch)


BANNER = banner("x86_64")
PROMPT = b"cairn> "

# Power-off statuses (kernel/arch/x86_64/arch.h; the same on aarch64).
OK, FAILED, FAULT, PANIC = 0, 1, 2, 3


class Run:
    def __init__(self, status, out, seconds):
        self.status = status
        self.out = out
        self.lines = out.splitlines()
        self.seconds = seconds


def kill_group(p):
    """End run-qemu.sh and the QEMU under it (its own process group)."""
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def qemu(build, opts, timeout):
    """Boot with run-qemu.sh OPTS; return a Run.  ["--input", TEXT] in
    OPTS is typed on the console, a line at a time, each once the shell's
    prompt is there (as a person would: firmware and boot loaders read
    the serial line too, and would eat what came early).  ["--pipe",
    TEXT] sends TEXT all at once, as into `make run`, once the console
    prints (a UART drops what came before the kernel set it up: QEMU's
    PL011 empties its FIFO when the FIFO is turned on).  ["--dialog",
    STEPS] types each step's text once its expected bytes have come
    (after the last step's): STEPS a list of (expect, text), bytes both,
    or (expect, text, seconds) to wait that long more, for a program
    other than the shell that reads the console."""
    lines = piped = host = None
    dialog, pos, seen = [], 0, None
    if "--dialog" in opts:
        i = opts.index("--dialog")
        dialog = list(opts[i + 1])
        opts = opts[:i] + opts[i + 2:]
    if "--host" in opts:
        i = opts.index("--host")
        host = opts[i + 1]
        opts = opts[:i] + opts[i + 2:]
    if "--pipe" in opts:
        i = opts.index("--pipe")
        piped = opts[i + 1].encode()
        opts = opts[:i] + opts[i + 2:]
    if "--input" in opts:
        i = opts.index("--input")
        # Split at "\n" only (str.splitlines would split at \v too).
        lines = [l + "\n" for l in opts[i + 1].split("\n")[:-1]]
        opts = opts[:i] + opts[i + 2:]
    cmd = ["tools/run-qemu.sh", "--build", build, "--accel", "tcg"] + opts
    t0 = time.monotonic()
    typed = lines is not None or piped is not None or dialog != []
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE if typed
                         else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
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
    prompts = 0
    hosting = {}
    while not done.wait(0.05):
        if time.monotonic() - t0 > timeout:
            kill_group(p)
            done.wait(5)
            p.wait()
            text = out.decode("utf-8", "replace").replace("\r", "")
            return Run("timeout", text, time.monotonic() - t0)
        if piped is not None and out:
            try:
                p.stdin.write(piped)
                p.stdin.close()
            except OSError:
                pass
            piped = None
        if dialog:
            k = out.find(dialog[0][0], pos) if seen is None else pos
            if k >= 0 and seen is None:
                pos, seen = k + len(dialog[0][0]), time.monotonic()
            if seen is not None and (len(dialog[0]) < 3 or
                                     time.monotonic() - seen >= dialog[0][2]):
                seen = None
                try:
                    p.stdin.write(dialog.pop(0)[1])
                    p.stdin.flush()
                except OSError:
                    dialog = []
            continue
        if lines and lines[0] in ("@host\n", "@wait\n"):
            prompts = host_step(lines, out, prompts, host, hosting)
            continue
        if lines:
            n = out.count(PROMPT)
            if n > prompts:
                prompts = n
                try:
                    p.stdin.write(lines.pop(0).encode())
                    p.stdin.flush()
                    if not lines:
                        p.stdin.close()
                except OSError:
                    lines = []
    status = p.wait()
    text = out.decode("utf-8", "replace").replace("\r", "")
    run = Run(status, text, time.monotonic() - t0)
    if "thread" in hosting:
        hosting["thread"].join(5)
    run.host = hosting.get("result", "the host's part never ran")
    return run


def host_step(lines, out, prompts, host, hosting):
    """The input lines "@host" and "@wait": "@host" starts the test's host
    part, host(out) (out: what the console printed so far, growing), in
    a thread, once the prompt is there as for a typed line; "@wait" waits
    for it to end.  Neither is typed.  What host returns is the run's
    .host: None if all went well, else why not.  Returns the prompts
    seen."""
    if lines[0] == "@host\n":
        n = out.count(PROMPT)
        if n > prompts:
            def part():
                try:
                    hosting["result"] = host(out)
                except Exception as e:  # a failed check, not a crash
                    hosting["result"] = "host: %r" % e
            hosting["thread"] = threading.Thread(target=part, daemon=True)
            hosting["thread"].start()
            lines.pop(0)
            return n - 1  # no prompt follows: the next line goes now
        return prompts
    if "thread" not in hosting or not hosting["thread"].is_alive():
        lines.pop(0)  # the next line goes at the next prompt, as ever
    return prompts


def host_result():
    """The check that the run's host part went well."""
    def check(run):
        return run.host
    return check


# Checks: each returns None when it holds, else why not.

def status(want):
    def check(run):
        if run.status != want:
            return "power-off status %r, expected %r" % (run.status, want)
    return check


def has(pattern):
    rx = re.compile(pattern, re.M)

    def check(run):
        if not rx.search(run.out):
            return "no line matches %r" % pattern
    return check


def lacks(pattern):
    rx = re.compile(pattern, re.M)

    def check(run):
        m = rx.search(run.out)
        if m:
            return "unexpected %r" % m.group(0)
    return check


def same_memory(run):
    """The first and last `mem` figures are the same, to the byte."""
    m = re.findall(r"^memory: .*; (\d+) bytes free$", run.out, re.M)
    if len(m) < 2:
        return "fewer than two memory lines with the bytes free"
    if m[0] != m[-1]:
        return "free memory changed: %s bytes, then %s" % (m[0], m[-1])


def count(pattern, n):
    rx = re.compile(pattern, re.M)

    def check(run):
        k = len(rx.findall(run.out))
        if k != n:
            return "%d lines match %r, expected %d" % (k, pattern, n)
    return check


def disk_image(path):
    """The disk make builds, checked on the host as any Linux would: e2fsck
    finds nothing, and debugfs reads its files back (README.txt, a
    program in bin/) as disk/ and the build have them."""
    def check(run):
        p = subprocess.run(["e2fsck", "-fn", path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return "e2fsck -fn %s: status %d" % (path, p.returncode)
        got = subprocess.run(["debugfs", "-R", "cat /hello.txt", path],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout
        with open("disk/hello.txt", "rb") as f:
            if got != f.read():
                return "debugfs: /hello.txt is %r" % got[:60]
        ls = subprocess.run(["debugfs", "-R", "ls /bin", path],
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL).stdout
        if b"hello" not in ls:
            return "debugfs: no /bin/hello"
    return check


def first_line_is(rx):
    def check(run):
        if not run.lines or not rx.match(run.lines[0]):
            return "first line %r is not the banner" % (run.lines[:1],)
    return check


first_line_is_banner = first_line_is(BANNER)


def banner_somewhere(run):
    if not any(BANNER.match(l) for l in run.lines):
        return "no banner line"


def module_sizes(build):
    """The kernel reports each module with the size the file has."""
    def check(run):
        for i, name in enumerate(["user/hello.elf", "initramfs.tar"]):
            size = os.path.getsize(os.path.join(build, name))
            rx = r'^module %d: [0-9a-f]+-[0-9a-f]+ %d bytes "\S*%s' % (
                i, size, re.escape(os.path.basename(name)))
            if not re.search(rx, run.out, re.M):
                return "module %d (%s, %d bytes) not reported" % (
                    i, name, size)
    return check


def memory_account(run):
    m = re.search(r"^mem: (\d+) KiB available, kernel (\d+) KiB, "
                  r"modules (\d+) KiB, free (\d+) KiB", run.out, re.M)
    if not m:
        return "no memory account line"
    avail, kernel, mods, free = map(int, m.groups())
    # 256 MiB of RAM less the BIOS's share.
    if not 200 * 1024 < avail <= 256 * 1024:
        return "available %d KiB is not about 256 MiB" % avail
    if free > avail - kernel - mods - 384 or free < avail - 4096:
        return "free %d KiB does not add up" % free
    if not re.search(r"^mem: 0{16}-[0-9a-f]{16} available$", run.out, re.M):
        return "no memory map lines"


def ticks(run):
    m = re.search(r"^timer: 10 ticks in (\d+) us by the tsc$", run.out, re.M)
    if not m or int(m.group(1)) == 0:
        return "the timer did not tick"


def backtrace_names(*funcs):
    def check(run):
        frames = re.findall(r"^  #(\d+)\s+[0-9a-f]{16}\s+(\S+)$", run.out,
                            re.M)
        for i, f in enumerate(funcs):
            if i >= len(frames) or not (frames[i][1] == f or
                                        frames[i][1].startswith(f + "+0x")):
                return "frame #%d is %r, expected %s" % (
                    i, frames[i][1] if i < len(frames) else None, f)
    return check


# The typed poweroff is echoed after the prompt, or on a line of its own
# when a service's line (the PCI table, the disk's) came in between.
SHELL_UP = [has(r"^Cairn shell\. Type 'help' for the commands\.$"),
            has(r"^(cairn> )?poweroff$"), lacks(r"PANIC|fault")]

HELLO_OK = [has(r'^hello from user mode'),
            has(r"^hello: every bad call was refused$"),
            has(r"^hello: goodbye$"),
            has(r"^power: off, status 0$"),
            lacks(r"PANIC")]


# Tests written but not run yet, each with what it waits for; tests/run.py
# names them.
NOT_YET = {}


def tests(build, gcc_build, arch="x86_64"):
    """The system tests of ARCH that run: (name, run-qemu options,
    timeout, checks).  aarch64's names begin "aarch64: "."""
    if arch == "aarch64":
        cases = aarch64_tests(build)
    elif arch == "raspi3b":
        cases = raspi3b_tests()
    else:
        cases = x86_64_tests(build, gcc_build)
    return [t for t in cases if t[0] not in NOT_YET]


def x86_64_tests(build, gcc_build):
    """The PC's: the kernel's own, the shell's, the PC's ways to boot."""
    kernel = ["--test", "--root", "hello"]
    return [
        ("banner is the first line", kernel, 60,
         [first_line_is_banner, status(OK)]),
        ("memory map and free memory account", kernel, 60,
         [memory_account, has(r"^boot: multiboot1, ")]),
        ("boot modules: names, addresses, sizes", kernel, 60,
         [module_sizes(build)]),
        ("acpi tables, apics and hpet", kernel, 60,
         [has(r"^acpi: rsdp found rev \d, \d+ tables \(0 refused\), 1 cpus,"
              r" 1 i/o apics, hpet yes, s5 yes$"),
          has(r"^apic: local APIC id 0 "),
          has(r"^apic: I/O APIC id \d+ at 0xfec00000, GSIs 0-23, all masked$"),
          has(r"^pci: no MCFG; configuration by ports 0xcf8-0xcff$")]),
        ("timer calibrated and ticking", kernel, 60,
         [has(r"^timer: calibrated by the hpet: tsc \d+\.\d{3} MHz"), ticks]),
        ("W^X kernel, NX, SMEP and SMAP on", kernel, 60,
         [has(r"^cpu: .* nx smep smap"),
          has(r"^paging: kernel text rx, rodata r, data rw-nx")]),
        ("user program runs, bad calls refused, exit 0",
         kernel + ["--args", "one two"], 60,
         HELLO_OK + [has(r'^hello from user mode \(args "one two"\)$'),
                     status(OK)]),
        ("deliberate panic names the faulting function",
         kernel + ["--append", "cairn.test=panic"], 60,
         [has(r"^PANIC: page fault in the kernel at panic_test_fault\+0x"),
          has(r"^  access: write, kernel mode, page not present$"),
          has(r"^  cr0 [0-9a-f]{16}  cr2 fffffe0000000000  cr3 "),
          backtrace_names("panic_test_fault", "deliberate_fault", "kmain"),
          status(PANIC)]),
        ("kernel text is not writable",
         kernel + ["--append", "cairn.test=write-text"], 60,
         [has(r"^PANIC: page fault in the kernel at write_text\+0x"),
          has(r"^  access: write, kernel mode, protection violation$"),
          backtrace_names("write_text", "deliberate_fault", "kmain"),
          lacks(r"the kernel goes on"), status(PANIC)]),
        ("kernel rodata is not writable",
         kernel + ["--append", "cairn.test=write-rodata"], 60,
         [has(r"^PANIC: page fault in the kernel at write_rodata\+0x"),
          has(r"^  access: write, kernel mode, protection violation$"),
          lacks(r"the kernel goes on"), status(PANIC)]),
        ("kernel data is not executable",
         kernel + ["--append", "cairn.test=exec-data"], 60,
         [has(r"^PANIC: page fault in the kernel at \?$"),
          has(r"^  access: instruction fetch, kernel mode, "
              r"protection violation$"),
          backtrace_names("?", "exec_data", "deliberate_fault", "kmain"),
          lacks(r"the kernel goes on"), status(PANIC)]),
        ("SMEP on: the kernel running code in a user page faults",
         kernel + ["--append", "cairn.test=smep"], 60,
         [has(r"^PANIC: page fault in the kernel at "),
          has(r"^  access: instruction fetch, kernel mode, "
              r"protection violation$"),
          has(r"^  cause: SMEP: the kernel ran code in a user page$"),
          has(r"^  cr0 [0-9a-f]{16}  cr2 0000000000400"),
          lacks(r"the kernel goes on|not enforced"), status(PANIC)]),
        ("SMAP on: the kernel reading a user page faults",
         kernel + ["--append", "cairn.test=smap"], 60,
         [has(r"^PANIC: page fault in the kernel at read_user\+0x"),
          has(r"^  access: read, kernel mode, protection violation$"),
          has(r"^  cause: SMAP: the kernel touched a user page$"),
          backtrace_names("read_user", "deliberate_fault", "kmain"),
          lacks(r"the kernel goes on|not enforced"), status(PANIC)]),
        ("the direct map's view of kernel text is not writable",
         kernel + ["--append", "cairn.test=write-text-alias"], 60,
         [has(r"^PANIC: page fault in the kernel at write_text_alias\+0x"),
          has(r"^  access: write, kernel mode, protection violation$"),
          has(r"^  cr0 [0-9a-f]{16}  cr2 ffff8000001"),
          lacks(r"the kernel goes on"), status(PANIC)]),
        ("kernel stack overflow hits the guard page: double fault report",
         kernel + ["--append", "cairn.test=stack-overflow"], 60,
         [has(r"^PANIC: double fault at stack_overflow\+0x"),
          backtrace_names("stack_overflow", "stack_overflow"),
          lacks(r"the kernel goes on"), status(PANIC)]),
        ("an NMI is reported and survived",
         kernel + ["--append", "cairn.test=nmi"], 60,
         HELLO_OK + [has(r"^nmi: non-maskable interrupt at 0x[0-9a-f]+ "
                         r"\(kernel mode\); going on$"),
                     has(r"^test: nmi: the kernel goes on$"), status(OK)]),
        ("user page fault with no handler: thread stopped, reported",
         kernel + ["--args", "fault"], 60,
         [has(r"^fault: page fault in thread 'root' at ip 0x[0-9a-f]+, "
              r"address 0x8, code 0x6; no handler: thread stopped$"),
          has(r"^kernel: every thread has stopped; powering off$"),
          lacks(r"PANIC|goodbye"), status(FAULT)]),
        ("unknown system call ends the program, not the kernel",
         kernel + ["--args", "syscall"], 60,
         [has(r"^fault: unknown system call in thread 'root' at ip "
              r"0x[0-9a-f]+, address 0x7, code 0x0; no handler"),
          lacks(r"PANIC|goodbye"), status(FAULT)]),
        ("a boot module that is not ELF is refused",
         kernel + ["--modules", "%s/initramfs.tar" % build], 60,
         [has(r"^root: '\S*initramfs.tar' refused: not an ELF file"),
          lacks(r"PANIC"), status(FAILED)]),
        ("a position-independent root task is refused",
         kernel + ["--modules", "%s/rootfs/bin/hello" % build], 60,
         [has(r"^root: '\S*bin/hello' refused: position-independent"),
          lacks(r"PANIC"), status(FAILED)]),
        ("no boot module: said plainly, no panic",
         kernel + ["--modules", "none"], 60,
         [has(r"^boot: no boot module to run$"), lacks(r"PANIC"),
          status(FAILED)]),
        ("q35 machine", kernel + ["--machine", "q35"], 60,
         HELLO_OK + [status(OK)]),
        ("the disk make run attaches: clean ext2 made by mke2fs -d, on "
         "virtio-blk (q35), the shell boots beside it; the Linux tests "
         "in /ptest run",
         ["--machine", "q35", "--disk", "%s/disk.img" % build, "--input",
          "run /disk/ptest/hello make\npoweroff\n"], 60,
         SHELL_UP + [has(r"^hello from Linux: argc 2 \[make\]$"),
                     disk_image("%s/disk.img" % build), status(0)]),
        ("q35: the in-OS kernel suite passes; PCI configuration space from "
         "ACPI's MCFG, in device memory",
         ["--test", "--machine", "q35", "--modules",
          "%s/user/ktest.elf" % build], 300,
         [has(r"^pci: configuration space at 0xb0000000, buses 0-255 "
              r"\(MCFG\)$"),
          has(r"^# pci: ecam 0xb0000000, buses 0-255, in device Untyped$"),
          has(r"^# msi: 24 lines$"),
          has(r"^ktest: all tests ran$"), has(r"^\d+ passed, 0 failed$"),
          status(OK)]),
        ("no HPET: calibrated by the PIT",
         kernel + ["--machine", "pc,hpet=off"], 60,
         [has(r"hpet no"), has(r"^timer: calibrated by the pit: "), ticks,
          status(OK)]),
        ("CPU without SMEP and SMAP (qemu64): a user page run from the "
         "kernel, not stopped",
         kernel + ["--cpu", "qemu64", "--append", "cairn.test=smep"], 60,
         HELLO_OK + [lacks(r"^cpu: .*smep"),
                     has(r"^test: smep: SMEP is not enforced$"),
                     lacks(r"cause: SMEP"), status(OK)]),
        ("CPU without SMEP and SMAP (qemu64): a user page read by the "
         "kernel, not stopped",
         kernel + ["--cpu", "qemu64", "--append", "cairn.test=smap"], 60,
         HELLO_OK + [lacks(r"^cpu: .*smap"),
                     has(r"^test: smap: SMAP is not enforced$"),
                     lacks(r"cause: SMAP"), status(OK)]),
        ("kernel built by gcc boots",
         ["--test", "--root", "hello", "--build", gcc_build], 60,
         HELLO_OK + [status(OK)]),
        ("the in-OS kernel suite passes on the gcc-built kernel and tests",
         ["--test", "--build", gcc_build, "--modules",
          "%s/user/ktest.elf" % gcc_build], 300,
         [has(r"^ktest: all tests ran$"), has(r"^\d+ passed, 0 failed$"),
          status(OK)]),
        ("the benchmark suite runs and prints every figure",
         ["--test", "--icount", "--append", "cairn.bench_unit=instructions",
          "--modules", "%s/user/bench.elf" % build], 300,
         [has(r"^bench %s \d+ \d+ instructions \d+$" % name) for name in (
             "syscall_sysret_floor", "null_syscall", "yield_alone",
             "ipc_call_cross_as", "ipc_replyrecv_cross_as",
             "ipc_roundtrip_cross_as", "ipc_call_long_cross_as",
             "ipc_call_same_as", "ipc_replyrecv_same_as",
             "ipc_roundtrip_same_as", "notify_roundtrip",
             "notify_roundtrip_fpu", "yield_cross_as", "fault_roundtrip",
             "map_4k", "unmap_4k", "map_unmap_4k",
             "ioport_out_invocation", "thread_create",
             "thread_destroy", "revoke_4000_max_irqoff",
             "reset_32m_max_irqoff", "irq_latency", "irq_latency_load",
             "irq_latency_worst")] +
         [has(r"^bench: done$"), status(OK)]),
    ] + shell_tests(MACHINES["x86_64"]) + fstests.tests(
        build, "x86_64") + pcitests.tests(
        build, "x86_64") + shell_disk_tests(
        MACHINES["x86_64"], build) + blktests.tests(
        build, "x86_64") + nictests.tests(build, "x86_64") + socktests.tests(
        build, "x86_64") + httptests.tests(build, "x86_64") + nettests.tests(
        build, "x86_64") + dnstests.tests(build, "x86_64") + posixtests.tests(
        build, "x86_64") + bbtests.tests(
        build, "x86_64") + benchtests.tests(
        build, "x86_64") + [
        ("reboot resets the machine (QEMU, -no-reboot, then exits)",
         ["--input", "reboot\n"], 60,
         [has(r"^(cairn> )?reboot$"), has(r"^rebooting$"),
          lacks(r"reboot failed"), status(0)]),
        ("ACPI power-off without isa-debug-exit",
         ["--input", "poweroff\n"], 60,
         SHELL_UP + [has(r"^power: off, status 0$"), status(0),
                     lacks(r"could not power off")]),
        ("ISO boots under BIOS (GRUB, Multiboot2)",
         ["--iso", "bios", "--input", "poweroff\n"], 180,
         SHELL_UP + [banner_somewhere, has(r"^boot: multiboot2, "),
                     has(r'^module 0: .* "init"$'),
                     has(r'^module 1: .* "initramfs.tar"$'),
                     has(r"^power: off, status 0$"), status(0)]),
        ("ISO boots under UEFI (OVMF, GRUB, Multiboot2)",
         ["--iso", "uefi", "--input", "poweroff\n"], 300,
         SHELL_UP + [banner_somewhere, has(r"^boot: multiboot2, "),
                     has(r"^acpi: rsdp from loader rev 2"),
                     has(r"^power: off, status 0$"), status(0)]),
    ]


def shell_tests(m):
    """The shell's tests, driven over the serial line, on machine M (a
    MACHINES entry); its names prefixed with M's."""
    shell = m["opts"] + ["--test"]
    p = pcitests.first_pid(m)  # the first program the shell runs
    cases = [
        ("shell: every command",
         shell + ["--input", "\n".join([
             "help", "echo hello,   world", "ps", "ls",
             "cat etc/boot.conf", "mem", "caps 1", "uptime", "log 2",
             "run hello a \"b c\"", "log 1", "run fault", "run wait &",
             "ps", "kill %d" % (p + 2), "poweroff"]) + "\n"], 120,
         [has(r"^  crash <service> +make a service fault"),
          has(r"^hello, world$"),
          has(r"^ +1  serial +running "), has(r"^ +2  timer +running "),
          has(r"^ +3  shell +running "),
          has(r"^ +\d+  bin/hello$"), has(r"^ +\d+  etc/boot\.conf$"),
          has(r"^start serial$"),
          has(r"^memory: \d+ KiB in all, \d+ KiB free, "),
          *[has(rx) for rx in m["serial_caps"]],
          has(r"^up \d+\.\d{3} s$"),
          has(r"^resident: \d+ KiB: kernel \d+ KiB, init \d+ KiB, processes "
              r"\d+ KiB \(USED\); the initramfs's files \d+ KiB$"),
          has(r"^boot: kernel entered at \d+\.\d{3} ms, init at \d+\.\d{3} "
              r"ms, first prompt at \d+\.\d{3} ms$"),
          has(r"^init: started hello \(pid %d\)$" % p),
          has(r"^hello from hello, pid %d, with 2 arguments: a b c$" % p),
          has(r"^hello: made a notification in slot \d+; nothing "
              r"pending$"),
          has(r"^supervisor: fault \(pid %d\): page fault at 0x0, ip 0x"
              % (p + 1)),
          has(r"^run: fault exited with status 139$"),
          has(r"^\[%d\] wait$" % (p + 2)),
          has(r"^ +%d  wait +running " % (p + 2)),
          has(r"^init: killed wait \(pid %d\)$" % (p + 2)),
          has(r"^power: off, status 0$"), status(OK)] + m["every"]),
        ("shell: bad input gets one clear line, the shell goes on",
         shell + ["--input", "\n".join([
             "frobnicate", "kill", "kill abc", "kill 99", "caps", "caps x",
             "caps 99", "log 9", "log x", "run", "run nothing",
             "run greedy", "run notelf", "cat", "cat no/such/file",
             "crash nobody", "echo \"open", "x" * 300,
             "\x01\x02\x04\x07\x0b\x0e\x1a\x7f\x7f",
             "\x1b[1;5X\x1bOZ\x1b[99~zz\x1b[D\x1b[Dy",
             "\x80\x81\xfe\xff\xc3\xa9echo garbage",
             "half a line\x03echo after ctrl-c",
             "echo alive", "poweroff"]) + "\n"], 120,
         [has(r"^frobnicate: unknown command \(try 'help'\)$"),
          has(r"^kill: usage: kill <pid>$"),
          has(r"^kill: 'abc' is not a number$"),
          has(r"^kill: no running process 99"),
          has(r"^caps: usage: caps <pid>$"), has(r"^caps: 'x' is not"),
          has(r"^caps: no running process 99$"),
          has(r"^log: level 9 is out of range 0-3$"),
          has(r"^run: usage: run"), has(r"^run: nothing: no such program$"),
          has(r"^run: greedy: ioport 0x2f8\+8 not allowed by boot\.conf$"),
          has(r"^run: notelf: bad ELF file: not an ELF file"),
          has(r"^cat: usage: cat <file>\.\.\.$"),
          has(r"^cat: no/such/file: No such file or directory$"),
          has(r"^crash: no running service 'nobody'$"),
          has(r"^shell: a quote is left open$"),
          has(r"^x{200}: unknown command"),
          has(r"^yzz: unknown command"),
          has(r"^garbage$"), has(r"^after ctrl-c$"), has(r"^alive$"),
          lacks(r"greedy: I should not"),
          has(r"^power: off, status 0$"), status(OK)]),
        ("shell: line editing and history",
         shell + ["--input", "\n".join([
             "echo first", "echo second",
             "\x1b[A\x1b[A",              # up twice: echo first
             "\x1b[A\x1b[B\x1b[A",        # up, down, up: echo first
             # (^A is QEMU's own escape key on the console: Home here.)
             "abc\x1b[HX\x05Y",           # Home, ^E: XabcY
             "echo zz\x1b[D\x1b[Dy\x1b[H\x1b[F!",  # left, home, end
             "junk\x15echo after ctrl-u",  # ^U clears the line
             "echo hi\x7f\x7fyo",          # backspace
             "poweroff"]) + "\n"], 120,
         [count(r"^first$", 3), count(r"^second$", 1),
          has(r"^XabcY: unknown command"), has(r"^yzz!$"),
          has(r"^after ctrl-u$"), has(r"^yo$"), status(OK)]),
        ("supervisor gives up after too many crashes in its window",
         # The timer's policy is 100 in 10 s; piped, the 101 crashes
         # land within about 3 s.
         shell + ["--pipe", "crash timer\n" * 101 + "ps\npoweroff\n"],
         120,
         [count(r"^supervisor: timer \(pid 2\): page fault at 0x0", 101),
          count(r"^supervisor: restarted timer", 100),
          has(r"^supervisor: timer crashed 101 times in 10 s: giving up$"),
          lacks(r"^ +2  timer +running"), status(OK)]),
        ("the serial driver crashed 50 times: the console still answers",
         shell + ["--input", "crash serial\n" * 50 + "echo alive\nps\n"
                  "poweroff\n"], 300,
         [count(r"^supervisor: serial \(pid 1\): page fault at 0x0", 50),
          count(r"^supervisor: restarted serial", 50),
          # (A first request may find the timer service busy and restart
          # at once, on a loaded host: the growth is what is checked.)
          has(r"^supervisor: restarting serial in (1|2|4) ms$"),
          has(r"^supervisor: restarting serial in 128 ms$"),
          has(r"^alive$"), has(r"^ +1  serial +running .* 50 +7$"),
          has(r"^power: off, status 0$"), status(OK)]),
        # A service with a restart policy is not lost to a kill: it is
        # restarted by its policy, or the kill is refused with the reason.
        ("serial driver: READ_NB and NOTIFY, for a server that must never "
         "wait, and their refusals",
         shell + ["--dialog", [
             (b"cairn> ", b"run serialtest\n"),
             (b"serialtest: type a line", b"hello\r"),
             (b"cairn> ", b"echo alive\n"), (b"cairn> ", b"poweroff\n")]],
         120,
         [has(r"^serialtest: READ_NB of 0 bytes: 1$"),
          has(r"^serialtest: NOTIFY without a capability: 5$"),
          has(r"^serialtest: READ_NB with nothing typed: 0$"),
          has(r"^serialtest: read 'hello' after \d+ signals?$"),
          has(r"^serialtest: READ_NB after UNREAD has its bytes: 1$"),
          has(r"^serialtest: ok$"), lacks(r"WRONG|supervisor"),
          has(r"^alive$"), status(OK)]),
        ("kill a service: its restart policy starts it again, the console "
         "answers",
         shell + ["--input", "kill 1\necho alive\nkill 2\nps\nrun ticker\n"
                  "poweroff\n"], 120,
         # (What the killed driver had not sent yet is lost with it: the
         # kernel's lines after the kill may follow a line cut short, and
         # under load init's or the kernel's may run into the shell's.)
         [has(r"init: killed serial \(pid 1\); its restart policy starts "
              r"it again$"),
          # (The restart may come before the shell asks: "started".)
          has(r"\bkill: 1 stopped; its restart policy start(s|ed) it "
              r"again( in \d+ ms)?$"),
          has(r"supervisor: restarted serial \(restart 1\)$"),
          has(r"^alive$"),
          has(r"\bkill: 2 stopped; its restart policy start(s|ed) it "
              r"again( in \d+ ms)?$"),
          has(r"supervisor: restarted timer \(restart 1\)$"),
          has(r"^ +1  serial +running .* 1 +\d+$"),
          has(r"^ +2  timer +running .* 1 +\d+$"),
          has(r"^ticker: none early$"),
          lacks(r"^supervisor: .*giving up"),
          has(r"^power: off, status 0$"), status(OK)]),
        ("kill a service its policy would give up on: refused with the "
         "reason, it keeps running",
         # 100 crashes of the timer (each restarted at once: it is the
         # one that would time the backoff) fill its window of 10 s.
         shell + ["--pipe", "crash timer\n" * 100 + "kill 2\nps\n"
                  "run ticker\npoweroff\n"], 120,
         [count(r"^supervisor: restarted timer", 100),
          has(r"^kill: refused: timer \(pid 2\) restarted 100 times in "
              r"10 s: its policy would give up$"),
          has(r"^ +2  timer +running .* 100 +\d+$"),
          has(r"^ticker: none early$"),
          has(r"^ticker: SIGNAL of a timer not armed: status 1, without "
              r"a capability: status 5$"),
          has(r"^ticker: signalling timer ok$"),
          lacks(r"^supervisor: .*giving up"), status(OK)]),
        ("memory identical before and after 100 processes spawned and "
         "killed",
         shell + ["--input", "mem\n" + "".join(
             "run wait &\nkill %d\n" % (p + i) for i in range(100)) +
             "run hello\nrun notelf\nmem\npoweroff\n"], 300,
         [same_memory, count(r"^init: killed wait \(pid \d+\)$", 100),
          has(r"^power: off, status 0$"), status(OK)]),
        ("sharing by pointer: a list walked in place, 64 MiB through a "
         "shared ring, memory back after",
         shell + ["--input", "mem\nrun shmdemo\nmem\npoweroff\n"], 300,
         [has(r"^shmdemo: a region of 1024 KiB at 0x[0-9a-f]+$"),
          has(r"^shmdemo: shmpeer walked 1000 nodes from 0x[0-9a-f]+, "
              r"sum 500500 \(expected 500500\)$"),
          has(r"^shmdemo: 64 MiB through the shared ring, checked$"),
          has(r"^bench shm_transfer \d+ \d+ MiB/s 1$"),
          has(r"^bench ipc_copy_transfer \d+ \d+ MiB/s 1$"),
          has(r"^shmdemo: done$"), lacks(r"FAILED|supervisor"),
          same_memory, status(OK)]),
        ("timer service: a periodic timer and a sleep, none early; a "
         "timer that signals a notification, and SIGNAL's refusals",
         shell + ["--input", "run ticker\ncaps 2\npoweroff\n"], 120,
         [count(r"^ticker: tick \d \(\d+ expiries\) at \d+ ms$", 5),
          has(r"^ticker: slept 50 ms in \d+ ms$"),
          has(r"^ticker: none early$"),
          has(r"^ticker: SIGNAL of a timer not armed: status 1, without "
              r"a capability: status 5$"),
          has(r"^ticker: 3 signals in \d+ ms$"),
          has(r"^ticker: signalling timer ok$"),
          *[has(rx) for rx in m["timer_caps"]],
          status(OK)]),
        ("init and the serial driver survive 6,000 random calls",
         shell + ["--input", "mem\nrun initfuzz 3000\n"
                  "run initfuzz 3000 12345\nmem\necho alive\n"
                  "poweroff\n"], 300,
         [count(r"initfuzz: init answers, the console answers$", 2),
          has(r"^alive$"), same_memory, lacks(r"PANIC|supervisor"),
          status(OK)]),
        ("system-call fuzzer: 50,000 random calls from an unprivileged "
         "process, its Untyped whole after, memory back",
         shell + ["--input", "mem\nfuzz 50000\nmem\necho alive\n"
                  "poweroff\n"], 600,
         [has(r"^sysfuzz: seed \d+, 50000 calls$"),
          has(r"^sysfuzz: 50000 calls: \d+ succeeded, \d+ errors, \d+ "
              r"faulted, \d+ blocked or stopped; \d+ restarts$"),
          has(r"^sysfuzz: the Untyped is whole again after revoke$"),
          has(r"^fuzz: the kernel survived; every call was answered$"),
          has(r"^alive$"), lacks(r"PANIC|FAILED"), same_memory,
          status(OK)]),
        # Seeds that once found something, kept: 12345 renamed the worker
        # with control characters, which the kernel log printed raw.
        ("system-call fuzzer: the seeds that once found bugs, and bad "
         "arguments",
         shell + ["--input", "fuzz 3000 12345\nfuzz x\nfuzz 1 2 3\n"
                  "fuzz 0\npoweroff\n"], 300,
         [count(r"^sysfuzz: the Untyped is whole again after revoke$", 2),
          has(r"^fuzz: 'x' is not a number$"),
          has(r"^fuzz: usage: fuzz \[calls\] \[seed\]$"),
          has(r"^sysfuzz: 0 calls: 0 succeeded"),
          lacks(r"thread '[^']*[^ -~'][^']*'"), lacks(r"PANIC|FAILED"),
          status(OK)]),
        ("shell: test runs the kernel test suite in place, memory back "
         "after",
         shell + ["--input", "mem\ntest\nmem\nps\npoweroff\n"], 600,
         [has(r"^ktest: all tests ran$"), has(r"^\d+ passed, 0 failed$"),
          has(r"^test: every kernel test passed$"), lacks(r"^not ok"),
          lacks(r"^ +\d+  ktest "), same_memory, status(OK)]),
        ("shell: bench runs the benchmarks in place, memory back after",
         shell + ["--input", "mem\nbench\nmem\npoweroff\n"], 600,
         [has(r"^bench %s \d+ \d+ cycles \d+$" % name) for name in (
             "syscall_sysret_floor", "null_syscall", "ipc_call_cross_as",
             "ipc_roundtrip_cross_as", "notify_roundtrip",
             "fault_roundtrip", "map_unmap_4k",
             "reset_16m_max_irqoff")] +
         [has(r"^bench: all figures printed$"), same_memory, status(OK)]),
        ("device memory by manifest: %s written and read, twice"
         % m["mmio"],
         shell + ["--input", "mem\nrun mmiotest\nrun mmiotest\nmem\n"
                  "poweroff\n"], 120,
         [count(r"^mmiotest: device memory at 0x[0-9a-f]+ \(0x1000 bytes\):"
                r" wrote 0x5a5aa5a5, read 0x5a5aa5a5 \(%s\)$"
                % re.escape(m["mmio_what"]), 2),
          lacks(r"^run: mmiotest"), same_memory, status(OK)]),
        ("DMA memory from init: contiguous pages mapped with their bus "
         "address, refusals, memory back after",
         # (lspci first: its call is answered once the pci service has
         # handed init the table, which dmatest's grant needs.)
         shell + ["--input", "lspci\nmem\nrun dmatest\nmem\npoweroff\n"],
         120,
         [has(r"^dmatest: 12288 bytes at 0x[0-9a-f]+, bus address 0x[0-9a-f]+"
              r"000: written and read back$"),
          count(r"^dmatest: .*: refused$", 5), has(r"^dmatest: done$"),
          lacks(r"WRONG|FAILED"), same_memory, status(OK)]),
        ("an ordinary program may not kill, crash, power off or spawn",
         shell + ["--input", "run nosy\nps\necho alive\npoweroff\n"], 120,
         [count(r"^nosy: .*: refused$", 12), lacks(r"ALLOWED"),
          has(r"^ +1  serial +running +\d+K +\d+K +0 "),
          has(r"^alive$"), status(OK)]),
        ("commands piped in all at once, as into make run",
         shell + ["--pipe", "echo one\ncrash serial\necho two\n"
                  "run hello\necho three\npoweroff\n"], 120,
         [has(r"^one$"), has(r"^two$"), has(r"^three$"),
          has(r"^hello from hello"), has(r"^power: off, status 0$"),
          status(OK)]),
        ("run a program from a file: loaded from a region, held to what "
         "'*' may have, refusals",
         shell + ["--input", "run /bin/hello a b\nmem\nrun /bin/serial\n"
                  "run /bin/nosuch\nrun /bin\nrun /etc/boot.conf\n"
                  "run /bin/hello\nmem\npoweroff\n"], 120,
         [has(r"^hello from /bin/hello, pid \d+, with 2 arguments: a b$"),
          has(r"^hello from /bin/hello, pid \d+, with 0 arguments:$"),
          has(r"^run: serial \(started from a file\): \*: (irq|ioport|mmio) "
              r"\S+ not allowed by boot\.conf$"),
          has(r"^run: /bin/nosuch: No such file or directory$"),
          has(r"^run: /bin: Is a directory$"),
          has(r"^run: boot\.conf: bad ELF file"),
          same_memory, status(OK)]),
    ]
    return [(m["prefix"] + name, opts, timeout, checks)
            for name, opts, timeout, checks in cases]


# What the shell tests expect that differs by machine: run-qemu.sh's
# options, the names' prefix, the serial driver's and the timer service's
# capabilities (caps 1, caps 2; docs/services.md), the device word that
# mmiotest writes (programs/mmiotest/arch), and checks added to "shell:
# every command".
MACHINES = {
    "x86_64": {
        "opts": [], "prefix": "",
        "serial_caps": [r"^  slot +5  ioport 0x3f8-0x3ff$",
                        r"^  slot +6  irq 4 handler, notification in 7$",
                        r"^  slot +8  endpoint serial \(provides\)$"],
        "timer_caps": [r"^  slot +5  ioport 0x40-0x43$",
                       r"^  slot +9  notification: wakes init$",
                       r"^  slot +10  16 reply objects, to slot 25$"],
        "mmio": "a page of VGA memory", "mmio_what": "VGA memory",
        "every": [],
    },
    # QEMU virt: the PL011 (its page mapped, no slot) and the virtual
    # timer's PPI; init and the initramfs come as one boot bundle.
    "aarch64": {
        "opts": ["--arch", "aarch64"], "prefix": "aarch64: ",
        "serial_caps": [r"^  no slot   mmio 0x9000000-0x9000fff at "
                        r"0x[0-9a-f]+$",
                        r"^  slot +5  irq 33 handler, notification in 6$",
                        r"^  slot +7  endpoint serial \(provides\)$"],
        "timer_caps": [r"^  slot +5  irq 27 handler, notification in 6$",
                       r"^  slot +8  notification: wakes init$",
                       r"^  slot +9  16 reply objects, to slot 24$"],
        "mmio": "the PL031 RTC's match register",
        "mmio_what": "the PL031 RTC's match register",
        "every": [first_line_is(banner("aarch64")),
                  has(r'^module 1: [0-9a-f]+-[0-9a-f]+ \d+ bytes '
                      r'"initramfs"$')],
    },
}


# The Raspberry Pi 3 (QEMU raspi3b), booted from the files `make rpi3`
# writes for an SD card: the PL011 on the BCM2835's line 57, the virtual
# timer on line 75, mmiotest on the system timer; the kernel finds the
# boot bundle through the tree's /chosen.
MACHINES["raspi3b"] = dict(
    MACHINES["aarch64"],
    opts=["--arch", "aarch64", "--board", "raspi3b"], prefix="raspi3b: ",
    serial_caps=[r"^  no slot   mmio 0x3f201000-0x3f201fff at 0x[0-9a-f]+$",
                 r"^  slot +5  irq 57 handler, notification in 6$",
                 r"^  slot +7  endpoint serial \(provides\)$"],
    timer_caps=[r"^  slot +5  irq 75 handler, notification in 6$",
                r"^  slot +8  notification: wakes init$",
                r"^  slot +9  16 reply objects, to slot 24$"],
    mmio="the system timer's compare register C1",
    mmio_what="the system timer's compare register C1",
    every=MACHINES["aarch64"]["every"] + [
        has(r"^boot: Raspberry Pi 3, entered at EL2, running at EL1, "
            r"image at 0x80000$"),
        has(r"^dtb: .*/chosen only; Raspberry Pi 3's fixed map$")])


# The shell's file commands (services/shell/cmd_fs.c) on a fresh ext2
# disk of their own: its files, what the session writes checked on the
# host after the power-off by e2fsck and debugfs.
SHELL_DISK_HELLO = b"hello from the shell's test disk\n"


def shell_disk_blob():
    """70,000 bytes of xorshift32 (seed 7): a file of many blocks."""
    x, out = 7, bytearray()
    for _ in range(70000):
        x ^= (x << 13) & 0xffffffff
        x ^= x >> 17
        x ^= (x << 5) & 0xffffffff
        out.append(x & 0xff)
    return bytes(out)


def shell_disk_image(path):
    """A new 8 MiB ext2 image at PATH (1 KiB blocks) made by mke2fs -d
    from hello.txt and blob.bin."""
    root = path + "-root"
    subprocess.run(["rm", "-rf", root, path], check=True)
    os.makedirs(root)
    with open(os.path.join(root, "hello.txt"), "wb") as f:
        f.write(SHELL_DISK_HELLO)
    with open(os.path.join(root, "blob.bin"), "wb") as f:
        f.write(shell_disk_blob())
    for name in ("hello.txt", "blob.bin"):
        os.chmod(os.path.join(root, name), 0o644)
    subprocess.run(["truncate", "-s", "8M", path], check=True)
    subprocess.run(["mke2fs", "-q", "-t", "ext2", "-d", root, path],
                   check=True)
    return path


def debugfs_cat(img, path):
    return subprocess.run(["debugfs", "-R", "cat %s" % path, img],
                          stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout


def shell_disk_after(img, prog):
    """After the session, on the host: e2fsck -fn clean; what echo, cp
    and mv wrote is there as debugfs reads it; each digest sha256 printed
    is hashlib's of the same file read back by debugfs (and of PROG, the
    program the session copied from the initramfs)."""
    def check(run):
        p = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return "e2fsck -fn: status %d: %s" % (
                p.returncode, p.stdout.decode(errors="replace")[-300:])
        want = {"/d/notes.txt": b"first line\nsecond  line\n",
                "/moved.txt": SHELL_DISK_HELLO,
                "/blob.bin": shell_disk_blob()}
        with open(prog, "rb") as f:
            want["/d/hello"] = f.read()
        for path, data in want.items():
            if debugfs_cat(img, path) != data:
                return "debugfs: %s is not what was written" % path
        digests = dict((m.group(2), m.group(1)) for m in re.finditer(
            r"^([0-9a-f]{64})  /disk(\S+)$", run.out, re.M))
        for path in ("/d/hello", "/blob.bin", "/moved.txt"):
            host = hashlib.sha256(debugfs_cat(img, path)).hexdigest()
            if digests.get(path) != host:
                return "sha256 /disk%s: %r, the host's %s" % (
                    path, digests.get(path), host)
        ls = subprocess.run(["debugfs", "-R", "ls -l /", img],
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL).stdout
        if b"gone" in ls or b"hello.txt" in ls:
            return "debugfs: / still has gone or hello.txt: %r" % ls
    return check


def shell_disk_tests(m, build):
    """The file commands on machine M's virtio-blk disk."""
    arch = "x86_64" if m["prefix"] == "" else "aarch64"
    opts = m["opts"] + (["--machine", "q35"] if arch == "x86_64" else [])
    img = shell_disk_image("%s/shell-disk-%s.img" % (build, arch))
    prog = "%s%s/rootfs/bin/hello" % (
        build, "" if arch == "x86_64" else "/aarch64")
    session = [
        "ls /disk", "ls -l /disk", "cat /disk/hello.txt", "stat /disk/hello.txt",
        "mkdir /disk/d /disk/gone", "mkdir /disk/d", "rmdir /disk/gone",
        "cp /bin/hello /disk/d", "run /disk/d/hello from disk",
        "cp /disk/hello.txt /disk/d/copy.txt",
        "echo first line > /disk/d/notes.txt",
        "echo second \"\" line >> /disk/d/notes.txt",
        "cat /disk/d/notes.txt", "mv /disk/hello.txt /disk/moved.txt",
        "ls -l /disk/d", "sha256 /disk/d/hello /disk/blob.bin /disk/moved.txt",
        "rm /disk/d/copy.txt", "sync", "df", "mount",
        # Each refusal: one line, as coreutils says it.
        "cat /disk/nothing", "ls /disk/nothing", "stat /disk/nothing",
        "sha256 /disk/nothing", "sha256 /disk/d", "rm /disk/d/copy.txt",
        "rmdir /disk/d", "rmdir /disk/moved.txt", "mkdir /disk/moved.txt",
        "cp /disk/nothing /disk/x", "cp /disk/d /disk/x",
        "cp /disk/moved.txt /disk/./moved.txt", "ls /bin",
        "mv /disk/nothing /disk/x", "echo no > /etc/new",
        "cp", "mv a", "rm", "mkdir", "rmdir", "stat", "sha256",
        "echo a >", "cat /etc/boot.conf", "ls -l", "cd /disk/d", "pwd",
        "cat notes.txt", "cd /disk/nothing", "cd", "pwd", "poweroff"]
    checks = [
        has(r"^hello\.txt$"), has(r"^blob\.bin$"),
        has(r"^-rw-r--r-- +1 +70000 blob\.bin$"),
        has(r"^hello from the shell's test disk$"),
        has(r"^  Size: 33  Blocks: 2  regular file$"),
        has(r"^ Inode: \d+  Links: 1  Mode: \(0644/-rw-r--r--\)$"),
        has(r"^Modify: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"),
        has(r"^mkdir: /disk/d: File exists$"),
        has(r"^hello from /disk/d/hello, pid \d+, with 2 arguments: from "
            r"disk$"),
        has(r"^first line$"), has(r"^second  line$"),
        has(r"^-rw-r--r-- +1 +\d+ hello$"),
        has(r"^-rw-r--r-- +1 +33 copy\.txt$"),
        has(r"^-rw-r--r-- +1 +24 notes\.txt$"),
        has(r"^[0-9a-f]{64}  /disk/blob\.bin$"),
        has(r"^Filesystem +1K-blocks +Used +Available +Use% +Mounted on$"),
        has(r"^initramfs +\d+ +\d+ +0 +100%  /$"),
        has(r"^virtio-blk +\d+ +\d+ +\d+ +\d+%  /disk$"),
        has(r"^initramfs on / type initramfs \(ro, \d+ KiB in \d+ "
            r"files\)$"),
        has(r"^virtio-blk on /disk type ext2 \(rw, \d+ KiB of \d+ KiB "
            r"used, \d+%, \d+ KiB free\)$"),
        has(r"^cat: /disk/nothing: No such file or directory$"),
        has(r"^ls: /disk/nothing: No such file or directory$"),
        has(r"^stat: /disk/nothing: No such file or directory$"),
        has(r"^sha256: /disk/nothing: No such file or directory$"),
        has(r"^sha256: /disk/d: Is a directory$"),
        has(r"^rm: /disk/d/copy\.txt: No such file or directory$"),
        has(r"^rmdir: /disk/d: Directory not empty$"),
        has(r"^rmdir: /disk/moved\.txt: Not a directory$"),
        has(r"^mkdir: /disk/moved\.txt: File exists$"),
        has(r"^cp: /disk/nothing: No such file or directory$"),
        has(r"^cp: /disk/d: Is a directory$"),
        has(r"^cp: /disk/moved\.txt and /disk/\./moved\.txt are the same "
            r"file$"), has(r"^hello$"),
        has(r"^mv: /disk/nothing: No such file or directory$"),
        has(r"^echo: /etc/new: Read-only file system$"),
        has(r"^cp: usage: cp <source> <destination>$"),
        has(r"^mv: usage: mv <source> <destination>$"),
        has(r"^rm: usage: rm <file>\.\.\.$"),
        has(r"^mkdir: usage: mkdir <directory>\.\.\.$"),
        has(r"^rmdir: usage: rmdir <directory>\.\.\.$"),
        has(r"^stat: usage: stat <path>$"),
        has(r"^sha256: usage: sha256 <file>\.\.\.$"),
        has(r"^echo: usage: echo \[words\] > file"),
        has(r"^start serial$"), has(r"^-r--r--r-- +1 +\d+ bin/hello$"),
        has(r"^/disk/d$"), count(r"^first line$", 2), has(r"^/$"),
        has(r"^cd: /disk/nothing: No such file or directory$"),
        lacks(r"supervisor|PANIC"),
        has(r"^power: off, status 0$"), status(0),
        shell_disk_after(img, prog)]
    name = (m["prefix"] + "shell: the file commands on a fresh ext2 disk, "
            "checked by e2fsck and debugfs after")
    conf = ("initramfs/etc/boot.conf" if arch == "x86_64"
            else "initramfs-aarch64/virt/etc/boot.conf")
    with open(conf) as f:
        if "start virtio-blk" not in f.read():
            NOT_YET[name] = "boot.conf to start the virtio-blk driver"
    return [(name, opts + ["--disk", img, "--input",
                           "\n".join(session) + "\n"], 180, checks)]


def power_tests(m, reset, off):
    """An ARM board's reset and power-off without semihosting, by the
    means its name gives (M a MACHINES entry): `reboot` resets (QEMU,
    -no-reboot, then exits), `poweroff` turns it off."""
    opts = m["opts"]
    return [
        ("%sreboot resets the machine (%s; QEMU, -no-reboot, then exits)"
         % (m["prefix"], reset),
         opts + ["--input", "reboot\n"], 60,
         [has(r"^(cairn> )?reboot$"), has(r"^rebooting$"),
          lacks(r"reboot failed|reset failed|^power: off"), status(0)]),
        ("%s%s powers off without semihosting" % (m["prefix"], off),
         opts + ["--input", "poweroff\n"], 60,
         SHELL_UP + [has(r"^power: off, status 0$"), status(0)]),
    ]


def raspi3b_tests():
    """The Pi's: the shell's, then its watchdog's reset and power-off."""
    return shell_tests(MACHINES["raspi3b"]) + power_tests(
        MACHINES["raspi3b"], "the watchdog", "the watchdog")


def aarch64_tests(build):
    """QEMU virt's: the shell's, the disk beside it, then PSCI's reset and
    power-off."""
    a64 = MACHINES["aarch64"]["opts"]
    return shell_tests(MACHINES["aarch64"]) + pcitests.tests(
        build, "aarch64") + fstests.tests(
        build, "aarch64") + shell_disk_tests(
        MACHINES["aarch64"], build) + [
        ("aarch64: the disk make run attaches: clean ext2 made by mke2fs "
         "-d, on virtio-blk (virt's PCIe), the shell boots beside it",
         a64 + ["--disk", "%s/aarch64/disk.img" % build, "--input",
                "poweroff\n"], 60,
         SHELL_UP + [disk_image("%s/aarch64/disk.img" % build), status(0)]),
    ] + blktests.tests(build, "aarch64") + nictests.tests(
        build, "aarch64") + nettests.tests(build, "aarch64") + socktests.tests(
        build, "aarch64") + httptests.tests(build, "aarch64") + power_tests(
        MACHINES["aarch64"], "PSCI SYSTEM_RESET", "PSCI")
