#!/usr/bin/env python3
"""System tests of aarch64 (docs/aarch64.md): boot the bring-up,
BUILD/aarch64/Image, in qemu-system-aarch64 -M virt -cpu cortex-a53 and
-M raspi3b, and the portable kernel, BUILD/aarch64/cairn.img, on virt
with BUILD/aarch64/root-test.elf (tests/system/aarch64_root.c) or
root-irq.elf (tests/system/aarch64_irq.c) as its initrd, and check their console lines and QEMU's exit status.

    tests/system/aarch64.py [--build DIR] [--only TEXT]

One line per test ("ok N name" or "not ok N name" with the reasons), then
"N passed, N failed"; the exit status is 1 if any failed.  A missing
qemu-system-aarch64 or image is a failure, not a skip.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

QEMU = "qemu-system-aarch64"
BANNER = r"^Cairn \d+\.\d+\.\d+ \(aarch64\)$"



def virt_steps(mib=128):
    """The lines every complete bring-up run prints on virt with mib MiB
    of RAM, in this order."""
    return [
        BANNER,
        r"^boot: QEMU virt, entered at EL[12], running at EL1, image at "
        r"0x40080000$",
        r"^mmu: 4 KiB granule, 48-bit VAs \(user TTBR0, kernel TTBR1\), "
        r"40-bit PAs, 16-bit ASIDs, \d+ table pages$",
        r"^mmu: kernel text rx, rodata r, data rw-xn; direct map of %d MiB "
        r"RAM at 0xffff800040000000, devices nGnRE$" % mib,
        r"^gic: GICv2, distributor at 0x8000000, cpu interface at 0x8010000, "
        r"\d+ interrupts$",
        r"^timer: 10 ticks at 100 Hz in 100000 us \(CNTP, 62500000 Hz, INTID "
        r"30\)$",
        r"^el0: code at 0x400000, stack at 0x7ffffffef000, ASID 1; entering "
        r"EL0$",
        r"^svc: from EL0 at 0x400008, svc #0, x8 -9 \(null\): answered 0$",
        r"^el0: null call returned 0, word 0xc0ffee; 5 ticks since entering "
        r"EL0$",
        r"^el0: 1000 null calls in \d+ ns, \d+ ns each \(under -icount "
        r"shift=0: instructions\)$",
        r"^asid: 0xa5a5000000000001 read at 0x10000000000 in ASID 1, "
        r"0xb6b6000000000002 in ASID 2, 0xa5a5000000000001 in ASID 1 again$",
        r"^el0: unmapped 0x10000000000 from ASID 1 \(tlbi vae1is\)$",
        r"^fault: data abort from a lower EL at pc 0x4000[0-9a-f]{2}, far "
        r"0x10000000000, esr 0x92000007 \(translation fault, level 3, read\)$",
        r"^bringup: all steps done$",
        r"^power: off, status 0$",
    ]


STEPS = virt_steps()

# The portable kernel on virt with tests/system/aarch64_root.c as the
# root task: it checks its start and prints one line per check.
KERNEL_STEPS = [
    BANNER,
    r"^dtb: at 0x4[0-9a-f]+, 1048576 bytes: RAM 0x40000000-0x47ffffff, ",
    r"^module 0: [0-9a-f]+-[0-9a-f]+ \d+ bytes \"initrd\"$",
    r"^mem: 131072 KiB RAM, kernel \d+ KiB, reserved by the tree 0 KiB, "
    r"free \d+ KiB in \d+ ranges$",
    r"^timer: 100 Hz \(CNTP, counter 62500000 Hz, INTID 30\)$",
    r"^root: 'initrd' entry 0x400000; \d+ Untyped ",
    r"^el0: the root task runs$",
    r"^el0: x0 is the bootinfo, with its magic: ok$",
    r"^el0: TPIDRRO_EL0 is the IPC buffer: ok$",
    r"^el0: FP/SIMD after the lazy trap: ok$",
    r"^el0: a call on an empty slot is refused: ok$",
    r"^power: off, status 0$",
]

# The portable kernel on virt with tests/system/aarch64_irq.c as the root
# task: device memory from the device tree, and IRQ handler capabilities
# on the PL031 RTC's SPI.
IRQ_STEPS = [BANNER, r"^dtb: \d+ device ranges, 0 reserved$",
             r"^el0: the IRQ test's root task runs$",
             r"^dev: device Untyped covers the RTC, GPIO, virtio-mmio, PCI: "
             r"ok$",
             r"^dev: none covers the GIC \(the kernel's\), one the console: "
             r"ok$",
             r"^dev: none covers what the tree does not list, or RAM: ok$"] + [
    r"^irq: %s: ok$" % c for c in [
        r"a notification and the RTC's registers",
        r"IRQ_CONTROL_GET of the RTC's SPI",
        r"the timer's PPI is refused",
        r"the console's line is handed out",
        r"a line past the GIC's is refused",
        r"the same line twice is refused",
        r"an occupied slot is refused",
        r"a handler's unknown method is refused",
        r"SET_NOTIFICATION of a non-notification is refused",
        r"SET_NOTIFICATION",
        r"the RTC's interrupt arrives as the notification's badge",
        r"the line is masked until IRQ_ACK",
        r"IRQ_ACK with the RTC still asserting: signalled again",
        r"the RTC served, IRQ_ACK: no more signals",
        r"IRQ_CLEAR",
        r"after IRQ_CLEAR the interrupt signals nothing",
        r"deleting the handler frees the line",
        r"a second notification bound",
        r"deleting the bound notification",
        r"then an interrupt signals nothing; bound again, it does"]] + [
            r"^power: off, status 0$"]

# On raspi3b the board's lines differ; the rest is the same.
PI_STEPS = [BANNER,
            r"^boot: Raspberry Pi 3, entered at EL2, running at EL1, image "
            r"at 0x80000$",
            STEPS[2],
            r"^mmu: kernel text rx, rodata r, data rw-xn; direct map of 960 "
            r"MiB RAM at 0xffff800000000000, devices nGnRE$",
            r"^intc: BCM2836 per-core block at 0x40000000, BCM2835 "
            r"controller at 0x3f00b200, 72 interrupts, all masked$",
            r"^timer: 10 ticks at 100 Hz in \d+ us \(CNTP, 62500000 Hz, "
            r"core source 1\)$",
            STEPS[6], STEPS[7],
            r"^el0: null call returned 0, word 0xc0ffee; \d+ ticks since "
            r"entering EL0$"] + STEPS[9:]


def in_order(patterns):
    def check(out, status):
        pos = 0
        for p in patterns:
            m = re.compile(p, re.M).search(out, pos)
            if not m:
                return "no line matches %r after the previous step" % p
            pos = m.end()
    return check


def first_line(pattern):
    def check(out, status):
        lines = out.splitlines()
        if not lines or not re.match(pattern, lines[0]):
            return "first line %r does not match %r" % (lines[:1], pattern)
    return check


def has(pattern):
    def check(out, status):
        if not re.search(pattern, out, re.M):
            return "no line matches %r" % pattern
    return check


def lacks(pattern):
    def check(out, status):
        m = re.search(pattern, out, re.M)
        if m:
            return "unexpected %r" % m.group(0)
    return check


def status(want):
    def check(out, status):
        if status != want:
            return "QEMU's exit status %r, expected %r" % (status, want)
    return check


def tests():
    """(name, machine, QEMU options, image, checks)."""
    off = [lacks(r"could not power off"), lacks(r"PANIC")]
    def fault(test, access):
        return ("deliberate kernel fault cairn.test=%s: PANIC, status 3"
                % test, "virt", ["-semihosting", "-append",
                                 "cairn.test=" + test], "Image",
                [first_line(BANNER),
                 has(r'^boot: command line "cairn.test=%s"$' % test),
                 has(r"^PANIC: %s in the kernel at 0xffffffff800[0-9a-f]+ "
                     r"\(vector 4\)$" % ("instruction abort" if
                                          access.startswith("fetch")
                                          else "data abort")),
                 has(r"^  access: %s$" % access),
                 has(r"^  backtrace: 0xffffffff800[0-9a-f]+ 0x"),
                 has(r"^power: off, status 3$"), lacks(r"goes on"),
                 lacks(r"^el0: "), status(3)])

    return [
        fault("panic", r"write, translation fault, level 0, address "
              r"0xfffffe0000000000"),
        fault("write-text", r"write, permission fault, level 3, address "
              r"0xffffffff800[0-9a-f]+"),
        fault("write-text-alias", r"write, permission fault, level 3, "
              r"address 0xffff8000400[0-9a-f]+"),
        fault("exec-data", r"fetch, permission fault, level 3, address "
              r"0xffffffff800[0-9a-f]+"),
        ("virt at EL1, Image, semihosting exit status",
         "virt", ["-semihosting"], "Image",
         [first_line(BANNER), in_order(STEPS),
          has(r"^boot: QEMU virt, entered at EL1, "),
          has(r"^dtb: at 0x44000000, 1048576 bytes: RAM 0x40000000-0x47ffffff,"
              r" pl011 0x9000000, gic 0x8000000 0x8010000, psci hvc$"),
          status(0)] + off),
        ("virt at EL2 (virtualization=on), 2 GiB from the DTB, PSCI by SMC",
         "virt,virtualization=on", ["-m", "2G"], "Image",
         [first_line(BANNER), in_order(virt_steps(2048)),
          has(r"^boot: QEMU virt, entered at EL2, running at EL1, "),
          has(r"^dtb: at 0x48000000, 1048576 bytes: RAM 0x40000000-"
              r"0xbfffffff, pl011 0x9000000, gic 0x8000000 0x8010000, "
              r"psci smc$"),
          status(0)] + off),
        ("virt at EL1, no semihosting: PSCI SYSTEM_OFF by HVC",
         "virt", [], "Image",
         [first_line(BANNER), in_order(STEPS), status(0)] + off),
        ("virt loads the ELF file (no DTB: the fixed map)",
         "virt", ["-semihosting"], "cairn-bringup.elf",
         [first_line(BANNER), in_order(STEPS),
          has(r"^dtb: none at 0x40000000; QEMU virt's fixed map$"),
          status(0)] + off),
        ("raspi3b at EL2: BCM2836 timer interrupts, semihosting exit",
         "raspi3b", ["-semihosting"], "Image",
         [first_line(BANNER), in_order(PI_STEPS),
          has(r"^dtb: none at 0x100; Raspberry Pi 3's fixed map$"),
          status(0)] + off),
        ("raspi3b, no semihosting: the watchdog powers off",
         "raspi3b", [], "Image",
         [first_line(BANNER), in_order(PI_STEPS), status(0)] + off),
        ("kernel: virt boots the root task from the initrd",
         "virt", ["-semihosting", "-initrd", "{build}/root-test.elf"],
         "cairn.img",
         [first_line(BANNER), in_order(KERNEL_STEPS), status(0)] + off),
        ("kernel: virt IRQ handler capabilities (PL031 RTC, SPI 2)",
         "virt", ["-semihosting", "-initrd", "{build}/root-irq.elf"],
         "cairn.img",
         [first_line(BANNER), in_order(IRQ_STEPS), lacks(r"WRONG"),
          status(0)] + off),
        ("kernel: RAM the device tree reserves is not free memory",
         "virt", ["-semihosting", "-initrd", "{build}/root-test.elf",
                  "-dtb", "{build}/virt-reserved.dtb"], "cairn.img",
         [first_line(BANNER),
          has(r"^dtb: \d+ device ranges, 2 reserved$"),
          # 2 MiB of /reserved-memory and 1 MiB of the reservation map.
          has(r"^mem: 131072 KiB RAM, kernel \d+ KiB, reserved by the "
              r"tree 3072 KiB, free \d+ KiB in \d+ ranges$"),
          has(r"^el0: a call on an empty slot is refused: ok$"),
          status(0)] + off),
        ("kernel: virt without an initrd: no boot module, status 1",
         "virt", ["-semihosting"], "cairn.img",
         [first_line(BANNER), has(r"^boot: no initrd: no boot module$"),
          has(r"^boot: no boot module to run$"),
          has(r"^power: off, status 1$"), status(1)] + off),
    ]


def reserved_dtb(build):
    """BUILD/aarch64/virt-reserved.dtb: QEMU virt's own tree (128 MiB)
    with 1 MiB in its memory reservation map and 2 MiB under
    /reserved-memory, as firmware leaves them.  Returns why it could not
    be made, or None."""
    base = os.path.join(build, "aarch64")
    dumped = os.path.join(base, "virt-dumped.dtb")
    p = subprocess.run([QEMU, "-M", "virt,dumpdtb=" + dumped, "-cpu",
                        "cortex-a53", "-m", "128M", "-nographic", "-nic",
                        "none"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return "dumpdtb failed: " + p.stdout.decode("utf-8", "replace")
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dumped],
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    dts = dts.replace("/dts-v1/;", "/dts-v1/;\n/memreserve/ 0x46000000 "
                      "0x100000;", 1)
    head, tail = dts.rsplit("};", 1)
    dts = head + """
	reserved-memory {
		#address-cells = <0x02>;
		#size-cells = <0x02>;
		ranges;
		firmware@45000000 {
			reg = <0x00 0x45000000 0x00 0x200000>;
			no-map;
		};
	};
};""" + tail
    p = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                        os.path.join(base, "virt-reserved.dtb")],
                       input=dts.encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return "dtc failed: " + p.stdout.decode("utf-8", "replace")
    return None


def run(build, machine, opts, image, timeout=60):
    """Boot image.  virt runs under -icount shift=0,sleep=off, so that
    guest time is instructions (a wfi skips to the next timer deadline)
    and the tick counts are exact.  raspi3b has its CPU
    and its 1 GiB fixed, and runs without: under -icount its three
    parked cores make a run take 8 s, not 0.3 s; so its tick count from
    EL0 is not checked (virt's is)."""
    board = []
    if machine.startswith("virt"):
        board = ["-cpu", "cortex-a53", "-icount", "shift=0,sleep=off"]
        if "-m" not in opts:
            board += ["-m", "128M"]
    cmd = [QEMU, "-M", machine] + board + [
        "-nographic", "-nodefaults", "-serial", "stdio", "-nic", "none",
        "-no-reboot", "-kernel", os.path.join(build, "aarch64", image)] + [
            o.replace("{build}", os.path.join(build, "aarch64")) for o in opts]
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        st, raw = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        st, raw = "timeout", e.stdout or b""
    out = raw.decode("utf-8", "replace").replace("\r", "")
    return st, out, time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--only")
    a = ap.parse_args()
    logdir = os.path.join(a.build, "tests")
    os.makedirs(logdir, exist_ok=True)
    passed = failed = 0
    missing = None
    if shutil.which(QEMU) is None:
        missing = "%s is missing: apt-get install qemu-system-arm" % QEMU
    else:
        missing = reserved_dtb(a.build)
    for n, (name, machine, opts, image, checks) in enumerate(tests(), 1):
        if a.only is not None and a.only not in name:
            continue
        if missing is None and not os.path.exists(
                os.path.join(a.build, "aarch64", image)):
            whys = ["no %s/aarch64/%s: make aarch64-bringup-test builds "
                    "it" % (a.build, image)]
            out, secs = "", 0.0
        elif missing is not None:
            whys, out, secs = [missing], "", 0.0
        else:
            st, out, secs = run(a.build, machine, opts, image)
            fname = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            with open(os.path.join(logdir, "aarch64-" + fname + ".log"),
                      "w") as f:
                f.write(out)
            whys = [w for w in (c(out, st) for c in checks) if w]
            if st == "timeout":
                whys.insert(0, "timed out")
        if whys:
            failed += 1
            print("not ok %d %s (%.1f s)" % (n, name, secs), flush=True)
            for w in whys + ["--- last lines of the output:"] + \
                    out.splitlines()[-12:]:
                print("#   " + w, flush=True)
        else:
            passed += 1
            print("ok %d %s (%.1f s)" % (n, name, secs), flush=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(0 if failed == 0 and passed > 0 else 1)


if __name__ == "__main__":
    main()
