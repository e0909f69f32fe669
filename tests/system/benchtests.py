"""System test of make bench's network figures (docs/net.md, "Figures"):
programs/netbench in the guest, driven by tools/netbench.py's own code
from the host as the bench drives it, on small loads: every command and
every refusal, a stream each way with its bytes checked (and a stream
with wrong bytes, which netbench must count), the HTTP load on kept
connections against httpd, and ping.  The figures themselves are
make bench's, never a test's.
"""
import importlib.util
import os

import httptests
import socktests


def driver():
    """tools/netbench.py as a module."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "tools",
                        "netbench.py")
    spec = importlib.util.spec_from_file_location("netbench", path)
    nb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nb)
    return nb


class Running:
    """The guest as netbench.Control waits for it: still running."""

    @staticmethod
    def poll():
        return None


REFUSED = (
    ("bogus", "error unknown command"),
    ("clock 5", "error unknown command"),
    ("sink 0", "error bytes: 1-1073741824"),
    ("sink 1073741825", "error bytes: 1-1073741824"),
    ("source 12x", "error bytes: 1-1073741824"),
    ("sink", "error unknown command"),
    ("ping 10.0.2 3", "error usage: ping A.B.C.D 1-1000"),
    ("ping 10.0.2.2 0", "error usage: ping A.B.C.D 1-1000"),
    ("ping 10.0.2.2 1001", "error usage: ping A.B.C.D 1-1000"),
)


def drive(http, ctl_port):
    def host(out):
        nb = driver()
        if not socktests.wait_for(out, rb"netbench: ready on port 7070", 120):
            return "netbench never said it was ready"
        ctl = nb.Control(ctl_port, 120, Running)
        for command, want in REFUSED:
            ctl.sock.sendall(command.encode() + b"\n")
            got = ctl.line()
            if got != want:
                return "%r: answered %r, expected %r" % (command, got, want)
        t0, t1 = ctl.clock(), ctl.clock()
        if t1 <= t0:
            return "the guest's clock did not move: %d, %d" % (t0, t1)
        # Three bytes broken in 5000: netbench counts them.
        data = bytearray(nb.pattern(5000))
        for i in (0, 2500, 4999):
            data[i] ^= 0xFF
        ctl.ask("sink 5000")
        ctl.sock.sendall(bytes(data))
        words = ctl.line().split()
        if len(words) != 3 or words[0] != "done" or words[2] != "3":
            return "sink of 3 broken bytes: %r" % " ".join(words)
        for name, rate in (
                ("to the guest", nb.to_guest(ctl, 1 << 20)),
                ("from the guest", nb.from_guest(ctl, 1 << 20)),
                ("http", nb.http(ctl, http, 200)),
                ("ping", nb.ping(ctl, 3))):
            if not rate > 0:
                return "%s: %r" % (name, rate)
        ctl.ask("quit", "bye")
        if not socktests.wait_for(out, rb"netbench: done", 60):
            return "netbench did not end after quit"
        return None
    return host


def tests(build, arch):
    """q35 only: the figures are x86_64's."""
    import systests as st
    if arch != "x86_64":
        return []
    http, ctl = socktests.free_port(), socktests.free_port()
    return [(
        "netbench (q35): every command and refusal from the host, streams "
        "each way checked (3 broken bytes of 5,000 counted), the HTTP load "
        "on kept connections, ping, quit",
        ["--test", "--machine", "q35", "--disk",
         httptests.www_image("%s/www-netbench-q35.img" % build),
         "--net", "--netdev-opts",
         ",hostfwd=tcp:127.0.0.1:%d-:80,hostfwd=tcp:127.0.0.1:%d-:7070" %
         (http, ctl), "--host", drive(http, ctl), "--input",
         "run netbench &\n@host\n@wait\npoweroff\n"], 300,
        [st.host_result(), st.has(r"^netbench: done$"),
         st.lacks(r"supervisor|PANIC|assertion"), st.status(0)])]
