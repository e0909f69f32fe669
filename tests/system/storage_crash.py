#!/usr/bin/env python3
"""Crash tests of the storage stack (issue 11, docs/storage.md, "Crashes").

    storage_crash.py [--build DIR] [--arch x86_64|aarch64]
                     --kind qemu|fs|driver [--count N] [--seed S]

Every kind runs programs/fscrash, which rewrites eight files on /disk in
rounds and prints a line when each round begins and when it is fsync'ed.
The host knows each round's bytes (fill below, the twin of fscrash_fill).

- qemu: N boots, each killed (SIGKILL to QEMU) at a random moment while
  fscrash writes.  After each, `e2fsck -p` must repair the image on its
  own (status 0 or 1), `e2fsck -fn` then find nothing, and every file
  whose last line was `synced` read back (debugfs) as that round wrote it.
- fs, driver: one boot; fscrash writes in the background while the shell
  kills the fs service (or the virtio-blk driver) N times, a round or two
  apart.  Each time the service must come back by its restart policy and
  fscrash go on with no error (its calls are retried); after the
  power-off, `e2fsck -p` must repair on its own what a kill mid-write-back
  left, `e2fsck -fn` then find nothing, and every file whose last line was
  `synced` read back as written.

Prints "ok N ..." or "not ok N ...: why" per check and "N passed, N
failed" last; exits 1 if anything failed.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import systests  # noqa: E402

FILES = 8
FILE_BYTES = 24576
EVENT = re.compile(r"^fscrash: (begin|synced) (\d+) f(\d+)", re.M)


def size(i):
    return 1 + (i * 7919 + 4093) % FILE_BYTES


def fill(i):
    """Round i's bytes, as fscrash_fill makes them."""
    x = ((i * 2654435761) & 0xFFFFFFFF) ^ 0x9E3779B9
    out = bytearray(size(i))
    for j in range(len(out)):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[j] = x & 0xFF
    return bytes(out)


class Console:
    """A QEMU booted with run-qemu.sh, its serial line read as it comes."""

    def __init__(self, build, arch, disk):
        cmd = ["tools/run-qemu.sh", "--build", build, "--accel", "tcg",
               "--disk", disk]
        if arch == "aarch64":
            cmd += ["--arch", "aarch64"]
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT,
                                  start_new_session=True)
        self.buf = bytearray()
        self.lock = threading.Lock()
        self.done = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            b = self.p.stdout.read1(4096)
            if not b:
                break
            with self.lock:
                self.buf.extend(b)
        self.done.set()

    def text(self):
        with self.lock:
            return self.buf.decode("utf-8", "replace").replace("\r", "")

    def wait(self, pred, timeout):
        """Wait until pred(text) holds; returns its value or None."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            v = pred(self.text())
            if v:
                return v
            if self.done.is_set():
                return pred(self.text())
            time.sleep(0.05)
        return None

    def type(self, line):
        self.p.stdin.write(line.encode() + b"\n")
        self.p.stdin.flush()

    def kill(self):
        systests.kill_group(self.p)
        self.done.wait(5)
        self.p.wait()

    def end(self, timeout):
        """Wait for QEMU to end by itself (a power-off)."""
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return False
        self.done.wait(5)
        return True


def prompts(n):
    return lambda t: t.count("cairn> ") >= n


def host_check(img, expect, repair):
    """e2fsck (repairing first if REPAIR) and the files' bytes: None or
    why not."""
    if repair:
        p = subprocess.run(["e2fsck", "-p", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode not in (0, 1):
            return "e2fsck -p: status %d: %s" % (
                p.returncode, p.stdout.decode()[-400:])
    p = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return "e2fsck -fn: status %d: %s" % (p.returncode,
                                              p.stdout.decode()[-600:])
    for k, i in sorted(expect.items()):
        if i is None:
            continue
        got = subprocess.run(["debugfs", "-R", "cat /crash/f%d" % k, img],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout
        if got != fill(i):
            return "/crash/f%d: %d bytes, not round %d's %d" % (
                k, len(got), i, size(i))
    return None


def apply_events(text, expect):
    """Fold fscrash's lines into expect {file: last synced round or None
    (being written)}; returns the highest round begun, or -1."""
    last = -1
    for what, i, k in EVENT.findall(text):
        i, k = int(i), int(k)
        expect[k] = i if what == "synced" else None
        last = max(last, i)
    return last


def make_image(path, block):
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-b", str(block),
                    "-L", "crash", path, "16M"], check=True)


def qemu_kills(build, arch, count, rng, report):
    with tempfile.TemporaryDirectory() as d:
        img = os.path.join(d, "crash.img")
        make_image(img, 1024)
        expect, first = {}, 0
        for n in range(count):
            c = Console(build, arch, img)
            ok = c.wait(prompts(1), 120)
            if ok:
                c.type("run fscrash write %d 100000" % first)
                want = rng.randint(1, 6)
                ok = c.wait(lambda t: len(re.findall(
                    r"^fscrash: synced", t, re.M)) >= want, 120)
                time.sleep(rng.uniform(0, 1.0))
            c.kill()
            text = c.text()
            if not ok:
                report("boot %d: fscrash ran" % n,
                       "\n".join(text.splitlines()[-15:]))
                return
            first = apply_events(text, expect) + 1
            why = host_check(img, expect, True)
            if why:
                report("boot %d: killed after round %d, repaired, files "
                       "intact" % (n, first - 1), why)
                return
        report("%d QEMU kills mid-write: e2fsck -p repairs each time, every "
               "fsync'ed file intact" % count, None)


def pid_of(text, name):
    m = re.findall(r"^\s*(\d+)\s+%s\s+running" % re.escape(name), text, re.M)
    return int(m[-1]) if m else None


def service_kills(build, arch, service, count, rng, report):
    with tempfile.TemporaryDirectory() as d:
        img = os.path.join(d, "crash.img")
        make_image(img, 4096)
        c = Console(build, arch, img)
        why = service_run(c, service, count, rng)
        if why:
            c.kill()
            report("%d kills of %s mid-write" % (count, service), why)
            return
        expect = {}
        apply_events(c.text(), expect)
        why = host_check(img, expect, True)
        report("%d kills of %s mid-write: it comes back each time, fscrash "
               "goes on, e2fsck -p repairs, every fsync'ed file intact"
               % (count, service), why)


def service_run(c, service, count, rng):
    """The boot of service_kills: None, or why it failed.  fscrash writes
    in the background; the shell kills SERVICE COUNT times, each a round
    or two after the last; then fscrash itself, and the machine is
    powered off (the fs service unmounts)."""
    def tail():
        return "\n".join(c.text().splitlines()[-15:])

    def synced():
        return len(re.findall(r"^fscrash: synced", c.text(), re.M))

    def answers(t):
        # Whole lines only: the serial line may be read mid-line.
        return re.findall(r"^kill: .*\n", t, re.M)

    def kill(pid):
        n = len(answers(c.text()))
        c.type("kill %d" % pid)
        if not c.wait(lambda t: len(answers(t)) > n, 60):
            return None
        return answers(c.text())[-1].rstrip("\n")

    if not c.wait(prompts(1), 120):
        return "no prompt\n" + tail()
    pid = None
    for _ in range(20):  # the disk's stack starts after the prompt
        n = c.text().count("cairn> ")
        c.type("ps")
        c.wait(prompts(n + 1), 60)
        pid = pid_of(c.text(), service)
        if pid and pid_of(c.text(), "fs"):
            break
        time.sleep(0.5)
    else:
        return "%s is not running, or no disk\n" % service + tail()
    c.type("run fscrash write 0 1000000 &")
    m = c.wait(lambda t: re.search(r"^\[(\d+)\] fscrash$", t, re.M), 60)
    if not m:
        return "fscrash did not start\n" + tail()
    writer = int(m.group(1))
    kills = 0
    while kills < count:
        want = synced() + rng.randint(1, 2)
        if not c.wait(lambda t: synced() >= want or "fscrash: round" in t,
                      120):
            return "fscrash stalled after %d kills\n" % kills + tail()
        if "fscrash: round" in c.text():
            return "fscrash saw an error\n" + tail()
        answer = kill(pid)
        if answer is None:
            return "kill %d not answered\n" % pid + tail()
        if answer.startswith("kill: %d stopped" % pid):
            kills += 1
        elif answer.startswith("kill: refused"):
            time.sleep(1)  # its restart window is full: wait, kill again
        else:
            return "kill %d: %s\n" % (pid, answer) + tail()
    want = synced() + 2
    if not c.wait(lambda t: synced() >= want or "fscrash: round" in t, 120):
        return "fscrash stalled after the last kill\n" + tail()
    if "fscrash: round" in c.text():
        return "fscrash saw an error\n" + tail()
    n = c.text().count("cairn> ")
    c.type("kill %d" % writer)
    c.wait(lambda t: t.count("cairn> ") > n, 60)
    c.type("poweroff")
    if not c.end(60):
        return "no power-off\n" + tail()
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--arch", default="x86_64")
    ap.add_argument("--kind", choices=["qemu", "fs", "driver"],
                    required=True)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    seed = a.seed or random.randrange(1, 1 << 30)
    print("# seed %d" % seed, flush=True)
    rng = random.Random(seed)
    results = []

    def report(name, why):
        results.append(why is None)
        n = len(results)
        print(("ok %d %s" if why is None else "not ok %d %s") % (n, name),
              flush=True)
        for line in (why or "").splitlines()[-20:]:
            print("#   " + line, flush=True)

    if a.kind == "qemu":
        qemu_kills(a.build, a.arch, a.count or 50, rng, report)
    else:
        service = "fs" if a.kind == "fs" else "virtio-blk"
        service_kills(a.build, a.arch, service, a.count or 100, rng, report)
    passed = sum(results)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    sys.exit(0 if results and all(results) else 1)


if __name__ == "__main__":
    main()
