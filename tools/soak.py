#!/usr/bin/env python3
"""make soak: fault injection, then a soak loop (docs/testing.md).

    tools/soak.py [--build DIR] [--crashes N] [--time SECONDS]
                  [--rounds N] [--only inject|loop]

Fault injection: one boot in which each restartable service (serial,
timer, shell) is crashed N times in a row with the shell's `crash`; each
crash must be followed by its restart, and afterwards the console
answers, `ps` shows every service running with N restarts, programs run,
the timer service keeps time, and `mem` shows the same free memory as
before.  The crashes are paced so that no service reaches 100 crashes
within 10 s (its manifest's `restart always 100 10` would give up).

Soak loop: for SECONDS (an iteration started in time runs to its end),
boot and run ROUNDS rounds of `test`, `fuzz 20000`, `run shmdemo`,
`run hello` and `mem`, the memory line the same after every round; then
a full pass of the system tests (tests/run.py --system-only).

Progress goes to stdout; every boot's console is kept in DIR/soak/.  The
exit status is 1 at the first failure, with the reason and the log.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time

PROMPT = b"cairn> "
# Lines that fail any boot of the soak, wherever they appear.
FATAL = re.compile(rb"PANIC|giving up|cannot restart|FAILED|not ok \d+ ")
SERVICES = ["serial", "timer", "shell"]
# init gives up on a service crashed more than 100 times within 10 s; the
# crashes are paced to at most CRASH_LIMIT in any CRASH_WINDOW seconds.
CRASH_LIMIT, CRASH_WINDOW = 90, 10.5
# The timer restarts at once (no backoff: it is the one that would wake
# init), so its crashes are spaced by this much more.
TIMER_GAP = 0.15
# In the soak loop's boots nothing may crash at all.
SOAK_FATAL = re.compile(FATAL.pattern + rb"|supervisor: ")
# init writes its lines to the kernel's console when the serial driver is
# busy, and such a line can land inside one the driver is still sending:
# "supervisor: shell (pid 3supervisor: restarted shell (restart 597)\n):
# page fault at 0x0, ip 0x0".  Lines of init's that start mid-line.
TANGLED = re.compile(rb"(?<=[^\n])(?:supervisor|init): [^\n]*\n")
FUZZ_CALLS = 20000


class Failure(Exception):
    pass


class Console:
    """A Cairn boot under QEMU (TCG, isa-debug-exit) with the serial
    console on a pipe: commands are typed at the shell's prompt and the
    output is read as it comes, and kept in LOG."""

    def __init__(self, build, log, fatal=FATAL):
        self.fatal = fatal
        self.log = open(log, "wb")
        self.out = bytearray()
        self.cond = threading.Condition()
        self.ended = False
        self.p = subprocess.Popen(
            ["tools/run-qemu.sh", "--build", build, "--accel", "tcg",
             "--test"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        while True:
            b = self.p.stdout.read1(4096)
            with self.cond:
                if not b:
                    self.ended = True
                    self.cond.notify_all()
                    return
                self.out.extend(b)
                self.log.write(b)
                self.log.flush()
                self.cond.notify_all()

    def mark(self):
        with self.cond:
            return len(self.out)

    def text(self, start):
        """The output since START, untangled."""
        with self.cond:
            b = bytes(self.out[start:])
        return untangle(b.replace(b"\r", b"")).decode("utf-8", "replace")

    def wait(self, done, start, timeout, what):
        """Wait until done(bytes since START) is true; fail on a fatal
        line, a timeout or QEMU's end."""
        t0 = time.monotonic()
        with self.cond:
            while True:
                seen = bytes(self.out[start:]).replace(b"\r", b"")
                bad = self.fatal.search(seen)
                if bad:
                    a = seen.rfind(b"\n", 0, bad.start()) + 1
                    b = seen.find(b"\n", bad.end())
                    raise Failure("%s: %r on the console (%s)" % (
                        what, seen[a:b if b >= 0 else None].decode(
                            "utf-8", "replace"), self.log.name))
                seen = untangle(seen)
                if done(seen):
                    return seen
                if self.ended:
                    raise Failure("%s: QEMU ended (%s)" % (
                        what, self.log.name))
                left = timeout - (time.monotonic() - t0)
                if left <= 0:
                    raise Failure("%s: no answer in %d s (%s)" % (
                        what, timeout, self.log.name))
                self.cond.wait(min(left, 1.0))

    def type(self, line):
        start = self.mark()
        try:
            self.p.stdin.write(line.encode() + b"\n")
            self.p.stdin.flush()
        except OSError:
            raise Failure("%s: QEMU's console is closed" % line)
        return start

    def command(self, line, timeout=60, need=None):
        """Type LINE and wait for the next prompt (and for NEED, a regex,
        before it); return what came between."""
        start = self.type(line)
        need = re.compile(need.encode(), re.M) if need else None

        def done(seen):
            return PROMPT in seen and (need is None or need.search(seen))
        seen = self.wait(done, start, timeout, line)
        i = seen.rindex(PROMPT)
        return (seen[:i] + seen[i + len(PROMPT):]).decode("utf-8", "replace")

    def poweroff(self, timeout=60):
        self.type("poweroff")
        try:
            status = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failure("poweroff: QEMU still runs after %d s" % timeout)
        if status != 0:
            raise Failure("poweroff: QEMU exit status %d" % status)

    def close(self):
        """End QEMU if it still runs: this console's run-qemu.sh and its
        QEMU, a process group of their own (killing the script alone
        would leave QEMU running)."""
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.p.wait()
        with self.cond:
            self.cond.wait_for(lambda: self.ended, 5)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def untangle(b):
    """B with init's lines that started inside another line moved out of
    it, to the end, each on a line of its own.  (The kernel's console
    writes a line at once, so one pass and then another for a line
    moved out of one itself moved out suffice; the loop is for safety.)"""
    moved = []

    def take(m):
        moved.append(m.group(0))
        return b""
    while True:
        rest = TANGLED.sub(take, b)
        if rest == b:
            break
        b = rest
    return b + b"\n" + b"".join(moved) if moved else b


def boot(build, log, fatal=FATAL, timeout=180):
    con = Console(build, log, fatal)
    try:
        con.wait(lambda seen: PROMPT in seen, 0, timeout, "boot")
    except BaseException:
        con.close()
        raise
    return con


def mem(con):
    """`mem`: the memory line, its free KiB, and {name: used KiB}."""
    out = con.command("mem")
    m = re.search(r"^(memory: \d+ KiB in all, (\d+) KiB free, .*)$", out,
                  re.M)
    if not m:
        raise Failure("mem: no memory line")
    used = {name: int(k) for name, k in
            re.findall(r"^ +\d+  (\S+) +(\d+)K +\d+K$", out, re.M)}
    return m.group(1), int(m.group(2)), used


def ps(con):
    """`ps`: {name: (state, restarts)}."""
    out = con.command("ps")
    return {name: (state, int(restarts)) for name, state, restarts in
            re.findall(r"^ +\d+  (\S+) +(\S+) +\d+K +\d+K +(\d+) +\d+$",
                       out, re.M)}


def crash_one(con, name, k):
    """Crash NAME the K-th time; wait for its K-th restart and the prompt
    (the shell's own restart prints its banner first)."""
    start = con.type("crash " + name)
    restarted = re.compile((r"^supervisor: restarted %s \(restart %d\)$"
                            % (name, k)).encode(), re.M)
    banner = b"Cairn shell. Type 'help'"

    def done(seen):
        m = restarted.search(seen)
        if not m:
            return False
        if name == "shell":
            i = seen.find(banner)
            return i >= 0 and PROMPT in seen[i:]
        return PROMPT in seen
    con.wait(done, start, 60, "crash %s (%d)" % (name, k))


def inject(build, crashes, logdir):
    """The fault injection boot; returns the free KiB figure."""
    with boot(build, os.path.join(logdir, "inject.log")) as con:
        before_line, before, used0 = mem(con)
        print("soak: inject: %s" % before_line, flush=True)
        start = ps(con)
        for name in SERVICES:
            if name not in start or start[name][0] != "running":
                raise Failure("ps: %s is not running at boot" % name)
        summary = [crash_service(con, name, crashes, start[name][1])
                   for name in SERVICES]
        after_line, after, used1 = mem(con)
        now = ps(con)
        for name in SERVICES:
            want = start[name][1] + crashes
            if now.get(name) != ("running", want):
                raise Failure("ps: %s is %r, expected running with %d "
                              "restarts" % (name, now.get(name), want))
        con.command("echo alive", need=r"^alive$")
        con.command("run hello", need=r"^hello from hello, pid \d+")
        con.command("uptime", need=r"^up \d+\.\d{3} s$")
        con.command("run ticker", need=r"^ticker: none early$")
        last_line, last, used2 = mem(con)
        con.poweroff()
    for name, n, faults, restarts, secs in summary:
        print("soak: inject: %-6s %d crashes, %d faults and %d restarts "
              "seen, %.0f s (%.0f ms each)"
              % (name, n, faults, restarts, secs, 1000 * secs / n))
    print("soak: inject: ps after: %s" % ", ".join(
        "%s %s with %d restarts" % (name, now[name][0], now[name][1])
        for name in SERVICES))
    print("soak: inject: before:        %s" % before_line)
    print("soak: inject: after crashes: %s" % after_line)
    print("soak: inject: at the end:    %s" % last_line)
    for name in sorted(used0):
        u = (used0[name], used1.get(name), used2.get(name))
        print("soak: inject: %-6s used %sK before, %sK after the crashes, "
              "%sK at the end" % ((name,) + u))
    if not before == after == last:
        raise Failure("free memory changed: %d KiB, %d KiB after the "
                      "crashes, %d KiB at the end" % (before, after, last))
    print("soak: inject: passed; free memory %d KiB before and after"
          % before, flush=True)
    return before


def crash_service(con, name, crashes, restarts0):
    """Crash NAME CRASHES times, paced; return its summary: crashes, the
    faults and restarts init reported, seconds."""
    t0 = time.monotonic()
    first = con.mark()
    times = []
    for i in range(1, crashes + 1):
        if len(times) >= CRASH_LIMIT:
            wait = times[-CRASH_LIMIT] + CRASH_WINDOW - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        if name == "timer" and times:
            time.sleep(max(0, times[-1] + TIMER_GAP - time.monotonic()))
        times.append(time.monotonic())
        crash_one(con, name, restarts0 + i)
        if i % 100 == 0 or i == crashes:
            print("soak: inject: %s: %d/%d crashes, %.1f s"
                  % (name, i, crashes, time.monotonic() - t0), flush=True)
    secs = time.monotonic() - t0
    out = con.text(first)
    faults = len(re.findall(r"^supervisor: %s \(pid \d+\): page fault at "
                            r"0x0, ip 0x0$" % name, out, re.M))
    restarts = len(re.findall(r"^supervisor: restarted %s \(restart \d+\)$"
                              % name, out, re.M))
    if faults != crashes or restarts != crashes:
        raise Failure("%s: %d crashes, but %d faults and %d restarts "
                      "reported" % (name, crashes, faults, restarts))
    others = len(re.findall(r"^supervisor: \S+ \(pid \d+\): ", out, re.M))
    if others != faults:
        raise Failure("%s: %d faults of other processes while it was "
                      "crashed" % (name, others - faults))
    return name, crashes, faults, restarts, secs


class Totals:
    """The soak loop's counts (boots: the loop's)."""

    def __init__(self):
        self.iterations = self.boots = self.rounds = self.ktests = 0
        self.fuzz = self.systests = 0
        self.free_start = self.free_end = None

    def show(self, secs):
        print("soak: %d iterations in %.0f s: %d boots, %d rounds, %d "
              "kernel-suite runs, %d fuzz calls, %d system-test passes; "
              "free memory %s KiB at the start, %s KiB at the end"
              % (self.iterations, secs, self.boots, self.rounds,
                 self.ktests, self.fuzz, self.systests, self.free_start,
                 self.free_end), flush=True)


def soak_boot(build, rounds, log, totals):
    """One boot: ROUNDS rounds of the suites, the memory line the same
    after each.  Nothing may crash: any supervisor line fails it."""
    with boot(build, log, SOAK_FATAL) as con:
        totals.boots += 1
        base, free, _ = mem(con)
        if totals.free_start is None:
            totals.free_start = free
        for r in range(1, rounds + 1):
            t0 = time.monotonic()
            out = con.command("test", timeout=900,
                              need=r"^test: every kernel test passed$")
            m = re.search(r"^(\d+) passed, 0 failed$", out, re.M)
            ktests = m.group(1) if m else "?"
            out = con.command("fuzz %d" % FUZZ_CALLS, timeout=600,
                              need=r"^fuzz: the kernel survived")
            m = re.search(r"^sysfuzz: seed (\d+)", out, re.M)
            seed = m.group(1) if m else "?"
            con.command("run shmdemo", timeout=600,
                        need=r"^shmdemo: done$")
            con.command("run hello", need=r"^hello from hello, pid \d+")
            line, free, _ = mem(con)
            if line != base:
                raise Failure("round %d: memory drifted: %r, then %r"
                              % (r, base, line))
            totals.rounds += 1
            totals.ktests += 1
            totals.fuzz += FUZZ_CALLS
            totals.free_end = free
            print("soak:   round %d: test (%s passed), fuzz %d (seed %s), "
                  "shmdemo, hello: passed; %s (%.0f s)"
                  % (r, ktests, FUZZ_CALLS, seed, line,
                     time.monotonic() - t0), flush=True)
        con.poweroff()


def systests(build, log):
    """A full pass of the QEMU system tests; returns (passed, failed)."""
    with open(log, "w") as f:
        p = subprocess.run([sys.executable, "tests/run.py", "--build",
                            build, "--system-only"], stdout=f,
                           stderr=subprocess.STDOUT)
    with open(log) as f:
        out = f.read()
    m = re.search(r"^(\d+) passed, (\d+) failed$", out, re.M)
    if p.returncode != 0 or not m or m.group(2) != "0":
        bad = [l for l in out.splitlines()
               if l.startswith("not ok") or l.startswith("#")]
        raise Failure("system tests failed (%s):\n%s"
                      % (m.group(0) if m else "no verdict",
                         "\n".join(bad[:60])))
    return int(m.group(1))


def loop(build, seconds, rounds, logdir, totals):
    t0 = time.monotonic()
    it = 0
    while it == 0 or time.monotonic() - t0 < seconds:
        it += 1
        totals.iterations = it
        print("soak: iteration %d (%.0f s of %d)" % (
            it, time.monotonic() - t0, seconds), flush=True)
        t1 = time.monotonic()
        soak_boot(build, rounds, os.path.join(logdir, "boot%d.log" % it),
                  totals)
        print("soak:   boot %d: %d rounds passed (%.0f s)" % (
            it, rounds, time.monotonic() - t1), flush=True)
        t1 = time.monotonic()
        n = systests(build, os.path.join(logdir, "systests%d.log" % it))
        totals.systests += 1
        print("soak:   system tests: %d passed, 0 failed (%.0f s)" % (
            n, time.monotonic() - t1), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--crashes", type=int, default=1000)
    ap.add_argument("--time", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--only", choices=["inject", "loop"])
    a = ap.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    logdir = os.path.join(a.build, "soak")
    os.makedirs(logdir, exist_ok=True)
    totals = Totals()
    try:
        if a.only != "loop":
            t0 = time.monotonic()
            inject(a.build, a.crashes, logdir)
            print("soak: fault injection took %.0f s" % (
                time.monotonic() - t0), flush=True)
        if a.only != "inject":
            t0 = time.monotonic()
            loop(a.build, a.time, a.rounds, logdir, totals)
            totals.show(time.monotonic() - t0)
    except Failure as e:
        if totals.iterations > 0:
            totals.show(time.monotonic() - t0)
        print("soak: FAILED: %s" % e, file=sys.stderr)
        print("soak: the logs are in %s" % logdir, file=sys.stderr)
        sys.exit(1)
    print("soak: passed")


if __name__ == "__main__":
    main()
