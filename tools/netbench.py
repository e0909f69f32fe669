#!/usr/bin/env python3
"""The host end of make bench's network figures (docs/net.md, "Figures").

    tools/netbench.py [options] -- COMMAND...

COMMAND boots a guest (Cairn through tools/run-qemu.sh, or Linux through
../shared/bench-linux/run.sh) whose NIC is on QEMU's restricted user
network with two forwards from this machine's loopback, written in
COMMAND as {http} (to the guest's port 80, its web server) and {ctl} (to
port 7070, programs/netbench); this script puts free ports there.  It
types --input on the guest's console, waits for netbench, and then
measures, reading the guest's clock through netbench (guest instructions
under QEMU's -icount shift=0, so a guest-second is 10^9 ticks):

  net_http_keepalive_1k  --requests GETs of /files/1k.txt, one at a time
                         on each of 64 connections kept open (a server
                         that does not keep them gets a new connection
                         per request), timed from when all 64 have had an
                         answer: requests per guest-second
  net_tcp_to_guest       --stream MiB sent to the guest, checked there:
                         MiB per guest-second
  net_tcp_from_guest     the same from the guest, checked here
  net_ping               --pings echoes of the gateway, 10.0.2.2, one
                         after another: their median round trip in
                         guest microseconds

Each figure is measured --repeat times and printed as "bench <name>
<median> <least> <unit> <repeats>"; a failure as "fail <what>", with exit
status 1.  Then --end is typed (Cairn's "poweroff") and the guest must
stop.  The console goes to --log.

While the guest idles, QEMU's virtual clock (and so the guest's) runs at
the host's real time, so figures that wait on the host vary with its
load: run them on an idle machine.
"""
import argparse
import os
import selectors
import signal
import socket
import subprocess
import sys
import time

TICKS_PER_SECOND = 10**9  # -icount shift=0: one tick per nanosecond
MIB = 1 << 20


class Failed(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pattern(n):
    """The bytes netbench sends and expects: byte i is i % 251."""
    period = bytes(range(251))
    return (period * (n // 251 + 1))[:n]


class Control:
    """The control connection to netbench."""

    def __init__(self, port, wait, guest):
        deadline = time.monotonic() + wait
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), 5)
                self.sock.settimeout(600)
                self.rest = b""
                self.ask("clock")
                return
            except (OSError, Failed):
                if guest.poll() is not None:
                    raise Failed("the guest stopped before netbench "
                                 "answered")
                if time.monotonic() > deadline:
                    raise Failed("netbench never answered on port %d" %
                                 port)
                time.sleep(1)

    def line(self):
        while b"\n" not in self.rest:
            got = self.sock.recv(4096)
            if not got:
                raise Failed("netbench closed the connection")
            self.rest += got
        line, _, self.rest = self.rest.partition(b"\n")
        return line.decode()

    def ask(self, command, want="ok"):
        self.sock.sendall(command.encode() + b"\n")
        words = self.line().split()
        if not words or words[0] != want:
            raise Failed("%s: netbench answered %r" % (command,
                                                      " ".join(words)))
        return [int(w) for w in words[1:]]

    def clock(self):
        return self.ask("clock")[0]


PATH = "/files/1k.txt"
REQUEST = ("GET %s HTTP/1.1\r\nHost: bench\r\n\r\n" % PATH).encode()
CLIENTS = 64
FRESH = 2


class Conn:
    """One client connection of the load: a request at a time."""

    def __init__(self, port):
        self.sock = socket.socket()
        self.sock.setblocking(False)
        self.sock.connect_ex(("127.0.0.1", port))
        self.got = b""
        self.open = False  # connected: the first request goes

    def answer(self):
        """A whole answer in got: (its length, whether the server keeps
        the connection), else None.  Raise if it is no 200."""
        head, sep, _ = self.got.partition(b"\r\n\r\n")
        if not sep:
            return None
        lines = head.decode(errors="replace").lower().split("\r\n")
        if not lines[0].startswith("http/1.") or lines[0][9:12] != "200":
            raise Failed("GET %s: %r" % (PATH, lines[0]))
        fields = dict(l.split(":", 1) for l in lines[1:] if ":" in l)
        size = len(head) + 4 + int(fields.get("content-length", "-1"))
        if size < len(head) + 4 or len(self.got) < size:
            return None
        keep = fields.get("connection", "").strip() != "close" and \
            lines[0].startswith("http/1.1")
        return size, keep


def load(port, n, mark=None):
    """GETs of PATH on CLIENTS connections, each kept while the server
    keeps it (a new one when it does not).  With mark: once CLIENTS
    connections have had an answer, mark() is called, and the load ends
    n answers later (those asked before the mark among them); else after
    n in all.  Raise on any failure.

    At most FRESH connections at a time wait for their first answer:
    QEMU's user network listens with a backlog of 1, and the host drops
    a SYN beyond it, to try again a second or more later."""
    sel = selectors.DefaultSelector()
    conns, fresh = set(), set()
    asked = done = warmed = 0
    connecting = 0  # each will ask once connected
    counting = mark is None  # whether the answers count toward n yet
    deadline = time.monotonic() + 600

    def ask(c):
        nonlocal asked
        c.sock.send(REQUEST)  # a few bytes: the socket takes them
        asked += 1
        sel.modify(c.sock, selectors.EVENT_READ, c)

    while not counting or done < n:
        while len(conns) < CLIENTS and len(fresh) < FRESH and \
                (not counting or asked + connecting < n):
            c = Conn(port)
            conns.add(c)
            fresh.add(c)
            connecting += 1
            sel.register(c.sock, selectors.EVENT_WRITE, c)
        if time.monotonic() > deadline:
            raise Failed("the load: %d of %d answered in 600 s" % (done, n))
        for key, _ in sel.select(1):
            c = key.data
            if not c.open:
                if c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    raise Failed("cannot connect to the web server")
                c.open = True
                connecting -= 1
                ask(c)
                continue
            part = c.sock.recv(65536)
            c.got += part
            whole = c.answer()
            if whole is None and part:
                continue
            if whole is None:
                raise Failed("the server closed a connection mid-answer")
            done += 1
            c.got = c.got[whole[0]:]
            if c in fresh:
                fresh.remove(c)
                warmed += 1
                if not counting and warmed == CLIENTS:
                    mark()
                    counting = True
                    asked, done = asked - done, 0  # those in flight count
            if whole[1] and (not counting or asked < n):
                ask(c)
                continue
            sel.unregister(c.sock)
            c.sock.close()
            conns.remove(c)
    sel.close()


def warm(port):
    """Wait for the web server, then warm it up."""
    deadline = time.monotonic() + 120
    while True:  # the web server may start after netbench
        try:
            load(port, 1)
            break
        except (Failed, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(2)
    load(port, 400)


def http(ctl, port, n):
    """Requests per guest-second, from when every connection is open."""
    t0 = []
    load(port, n, lambda: t0.append(ctl.clock()))
    return n * TICKS_PER_SECOND / (ctl.clock() - t0[0])


def to_guest(ctl, n):
    ctl.ask("sink %d" % n)
    ctl.sock.sendall(pattern(n))
    words = ctl.line().split()
    if len(words) != 3 or words[0] != "done" or words[2] != "0":
        raise Failed("sink: netbench answered %r" % " ".join(words))
    return n / MIB * TICKS_PER_SECOND / int(words[1])


def from_guest(ctl, n):
    ctl.ask("source %d" % n)
    got = bytearray(ctl.rest)
    ctl.rest = b""
    while len(got) < n:
        part = ctl.sock.recv(min(n - len(got), 1 << 20))
        if not part:
            raise Failed("source: the stream ended at %d bytes" % len(got))
        got += part
    ctl.rest = bytes(got[n:])
    if bytes(got[:n]) != pattern(n):
        raise Failed("source: the bytes that came are not the pattern")
    ticks = ctl.ask("got", "done")[0]
    return n / MIB * TICKS_PER_SECOND / ticks


def ping(ctl, n):
    """The median round trip of n echoes, in guest microseconds."""
    med, _, got = ctl.ask("ping 10.0.2.2 %d" % n, "done")
    if got != n:
        raise Failed("ping: %d of %d echoes came back" % (got, n))
    return med / 1000


def figures(ctl, port, a):
    """Each figure: its name, its unit and how to measure it once."""
    n, stream = a.requests, a.stream * MIB
    return (
        ("http_keepalive_1k", "req/guest-s", lambda: http(ctl, port, n)),
        ("tcp_to_guest", "MiB/guest-s", lambda: to_guest(ctl, stream)),
        ("tcp_from_guest", "MiB/guest-s", lambda: from_guest(ctl, stream)),
        ("ping", "guest-us", lambda: ping(ctl, a.pings)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--stream", type=int, default=8, help="MiB each way")
    ap.add_argument("--pings", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3,
                    help="measure each figure this often")
    ap.add_argument("--input", default="", help="typed on the console "
                    "once it boots (\\n for a new line)")
    ap.add_argument("--end", default="", help="typed after the figures")
    ap.add_argument("--log", default="/dev/null")
    ap.add_argument("--wait", type=int, default=600,
                    help="seconds for the guest to boot")
    ap.add_argument("command", nargs="+")
    a = ap.parse_args()

    ports = {"http": free_port(), "ctl": free_port()}
    cmd = [w.format(**ports) for w in a.command]
    log = open(a.log, "wb")
    guest = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
    status = 0
    try:
        guest.stdin.write(a.input.replace("\\n", "\n").encode())
        guest.stdin.flush()
        ctl = Control(ports["ctl"], a.wait, guest)
        warm(ports["http"])
        for name, unit, measure in figures(ctl, ports["http"], a):
            v = sorted(measure() for _ in range(a.repeat))
            print("bench net_%s %.2f %.2f %s %d" % (name, v[len(v) // 2],
                                                     v[0], unit, a.repeat),
                  flush=True)
        ctl.ask("quit", "bye")
        guest.stdin.write(a.end.replace("\\n", "\n").encode())
        guest.stdin.close()
        guest.wait(300)
    except (Failed, OSError, subprocess.SubprocessError) as e:
        print("fail %s" % e, flush=True)
        status = 1
    finally:
        if guest.poll() is None:
            os.killpg(guest.pid, signal.SIGTERM)
            guest.wait()
    return status


if __name__ == "__main__":
    sys.exit(main())
