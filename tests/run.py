#!/usr/bin/env python3
"""Run every Cairn test and print one line per test, TAP style, and the
verdict last: `N passed, N failed`.  Exits 1 if anything failed.

    tests/run.py [--build DIR] [--system-only] [--jobs N] [--only TEXT]

Steps: formatting, the clang and gcc builds, the host unit tests (counted
one by one from cmocka's summary), the same under ASan and UBSan, the
host fuzz targets over their seeds and past crashes, the static analysis,
the kernel built with UBSan running the in-OS suite, the kernel built
without its fast path (FASTPATH=0) running it too, then the system
tests in QEMU, x86_64's and aarch64 virt's ("aarch64: ..."; the kernel
and boot.img for it built first), two at a time (one per core).  Logs go
to BUILD/tests/.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "system"))
import systests  # noqa: E402


class Tally:
    def __init__(self):
        self.n = 0
        self.passed = 0
        self.failed = 0

    def report(self, name, why=None, count=1):
        self.n += 1
        if why is None:
            self.passed += count
            print("ok %d %s" % (self.n, name), flush=True)
        else:
            self.failed += count
            print("not ok %d %s" % (self.n, name), flush=True)
            for line in why.splitlines()[-20:]:
                print("#   " + line, flush=True)


# make's jobs: one per core (the builds, the analysis and the kernel
# variants are most of the wall time before the system tests).
JOBS = os.cpu_count() or 1


def make(target, log, build):
    p = subprocess.run(["make", "--no-print-directory", "-j%d" % JOBS,
                        "BUILD=" + build] + target,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", "replace")
    with open(log, "w") as f:
        f.write(out)
    return p.returncode, out


def step(tally, name, target, build, logdir, log=None):
    rc, out = make(target, os.path.join(logdir, (log or target[0]) + ".log"),
                   build)
    tally.report(name, None if rc == 0 else out)
    return rc == 0


def script(tally, name, argv, logdir, log):
    """A test script of its own (exit status 0: passed), as one entry."""
    p = subprocess.run([sys.executable] + argv, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", "replace")
    with open(os.path.join(logdir, log + ".log"), "w") as f:
        f.write(out)
    tally.report(name, None if p.returncode == 0 else out)


def unit(tally, build, logdir, target="unit", what="host unit tests"):
    rc, out = make([target], os.path.join(logdir, target + ".log"), build)
    m = re.search(r"^unit: (\d+) passed, (\d+) failed$", out, re.M)
    if not m:
        tally.report(what, out)
        return
    passed, failed = int(m.group(1)), int(m.group(2))
    for line in out.splitlines():
        if line.startswith(("[  FAILED  ]", "[  ERROR   ]",
                            "unit: broken: ")):
            print("# " + line)
    tally.n += 1
    tally.passed += passed
    tally.failed += failed
    print("%s %d %s: %d passed, %d failed"
          % ("ok" if rc == 0 and failed == 0 else "not ok", tally.n, what,
             passed, failed), flush=True)
    if rc != 0 and failed == 0:
        tally.report(what + ": runner", out)


def system(tally, build, jobs, only, logdir):
    gcc = os.path.join(build, "gcc")
    x86 = systests.tests(build, gcc)
    arm = systests.tests(build, gcc, "aarch64")
    pi = systests.tests(build, gcc, "raspi3b")
    cases = [t for t in x86 + arm + pi if only is None or only in t[0]]
    for name, why in systests.NOT_YET.items():
        if only is None or only in name:
            print("# not run yet: %s: waits for %s" % (name, why))
    if any(t in arm for t in cases) and not step(
            tally, "aarch64 virt's kernel and boot bundle built",
            ["ARCH=aarch64", "kernel", build + "/aarch64/boot.img",
             build + "/aarch64/disk.img"], build,
            logdir, "aarch64-user"):
        cases = [t for t in cases if t not in arm]
    if any(t in pi for t in cases) and not step(
            tally, "the Raspberry Pi 3's SD-card files built (make rpi3)",
            ["rpi3"], build, logdir, "rpi3"):
        cases = [t for t in cases if t not in pi]

    def run(case):
        name, opts, timeout, checks = case
        r = systests.qemu(build, opts, timeout)
        fname = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        with open(os.path.join(logdir, fname + ".log"), "w") as f:
            f.write(r.out)
        whys = [w for w in (c(r) for c in checks) if w]
        if r.status == "timeout":
            whys.insert(0, "timed out after %d s" % timeout)
        return name, r, whys

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for name, r, whys in pool.map(run, cases):
            why = None
            if whys:
                why = "\n".join(whys) + "\n--- last lines of the output:\n" \
                    + "\n".join(r.lines[-12:])
            tally.report("%s (%.1f s)" % (name, r.seconds), why)


# The storage crash tests (tests/system/storage_crash.py): kind, count.
# The counts keep make test under 15 minutes; storage_crash.py --count N
# runs more by hand (its own defaults are twice these).
CRASHES = [("qemu", 25, "QEMU killed mid-write"),
           ("fs", 50, "the fs service killed mid-write"),
           ("driver", 50, "the virtio-blk driver killed mid-write")]


def crash_tests(tally, build, jobs, only, logdir):
    """Each kind of crash on each arch, as one entry, two at a time."""
    cases = []
    for arch in ("x86_64", "aarch64"):
        for kind, n, what in CRASHES:
            name = ("%s%s %d times: e2fsck -p repairs, no fsync'ed data "
                    "lost (tests/system/storage_crash.py --kind %s)" % (
                        "aarch64: " if arch == "aarch64" else "", what, n,
                        kind))
            if only is None or only in name:
                cases.append((name, arch, kind, n))

    def run(case):
        name, arch, kind, n = case
        argv = [sys.executable, "tests/system/storage_crash.py", "--build",
                build, "--arch", arch, "--kind", kind, "--count", str(n)]
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        out = p.stdout.decode("utf-8", "replace")
        log = "crash-%s-%s.log" % (arch, kind)
        with open(os.path.join(logdir, log), "w") as f:
            f.write(out)
        return name, p.returncode, out

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for name, rc, out in pool.map(run, cases):
            tally.report(name, None if rc == 0 else out)


def kernel_suite(tally, build, logdir):
    """The in-OS test suite: one TAP line per test, counted one by one."""
    r = systests.qemu(build, ["--test", "--modules",
                              "%s/user/ktest.elf" % build], 600)
    with open(os.path.join(logdir, "ktest.log"), "w") as f:
        f.write(r.out)
    results = re.findall(r"^(ok|not ok) \d+ (\S+)$", r.out, re.M)
    m = re.search(r"^ktest: (\d+) tests$", r.out, re.M)
    planned = int(m.group(1)) if m else -1
    for verdict, name in results:
        why = None
        if verdict != "ok":
            why = "\n".join(l for l in r.lines if l.startswith("# "))
        tally.report("kernel: " + name, why)
    complete = re.search(r"^ktest: all tests ran$", r.out, re.M)
    if planned != len(results) or not complete or r.status != (
            0 if all(v == "ok" for v, _ in results) else 1):
        tally.report("kernel suite ran to the end (%d of %d, status %r)"
                     % (len(results), planned, r.status),
                     "\n".join(r.lines[-15:]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--system-only", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only")
    a = ap.parse_args()
    logdir = os.path.join(a.build, "tests")
    os.makedirs(logdir, exist_ok=True)
    tally = Tally()
    built = True
    if not a.system_only:
        step(tally, "format-check (clang-format)", ["format-check"],
             a.build, logdir)
        built = step(tally, "build with clang and lld", ["all", "iso", "disk"],
                     a.build, logdir)
        built &= step(tally, "build with gcc and GNU ld", ["gcc-check"],
                      a.build, logdir)
        unit(tally, a.build, logdir)
        unit(tally, a.build, logdir, "unit-san",
             "host unit tests under ASan+UBSan")
        step(tally, "host fuzz regression", ["fuzz-regress"], a.build,
             logdir)
        step(tally, "static analysis (cppcheck, clang-tidy)", ["analyze"],
             a.build, logdir)
        if built:
            step(tally, "the kernel under UBSan runs the in-OS suite",
                 ["ubsan"], a.build, logdir)
            step(tally, "the kernel with checked invariants runs the "
                 "in-OS suite", ["kdebug"], a.build, logdir)
            step(tally, "the kernel without its fast path runs the in-OS "
                 "suite", ["nofast"], a.build, logdir)
    if built:
        system(tally, a.build, a.jobs, a.only, logdir)
        arm = "aarch64 bring-up on QEMU virt (tests/system/aarch64.py)"
        if a.only is None or a.only in arm:
            step(tally, arm, ["aarch64-bringup-test"], a.build, logdir)
        for arch in ("x86_64", "aarch64"):
            name = ("make debug ARCH=%s stops at kmain under GDB "
                    "(tests/system/debug.py)" % arch)
            if a.only is None or a.only in name:
                script(tally, name, ["tests/system/debug.py", "--build",
                                     a.build, "--arch", arch], logdir,
                       "debug-" + arch)
        crash_tests(tally, a.build, a.jobs, a.only, logdir)
        arm = ("the in-OS kernel suite on aarch64 QEMU virt "
               "(tests/system/aarch64_ktest.py)")
        if a.only is None or a.only in arm:
            step(tally, arm, ["aarch64-ktest"], a.build, logdir)
        arm = ("the in-OS kernel suite on aarch64 QEMU raspi3b "
               "(tests/system/aarch64_ktest.py --board raspi3b)")
        if a.only is None or a.only in arm:
            step(tally, arm, ["aarch64-rpi3-ktest"], a.build, logdir)
        if a.only is None:
            kernel_suite(tally, a.build, logdir)
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    sys.exit(0 if tally.failed == 0 and built else 1)


if __name__ == "__main__":
    main()
