"""System tests of the sockets (services/net, the libc's BSD calls;
docs/net.md, "Sockets"): socktest over the stack's loopback, and TCP
between the host and the guest through QEMU's restricted user network,
a forward on 127.0.0.1 (run-qemu.sh --netdev-opts): bytes each way
checked, the echo service with 64 host clients at once, and a
connection that lives through 25 crashes of the NIC driver.

QEMU's restricted network drops the guest's UDP but DHCP's, so UDP is
tested over the loopback only.
"""
import re
import socket
import threading
import time


def free_port():
    """A TCP port on 127.0.0.1 nobody listens on now."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wire(n):
    """socktest's pattern: byte i is (7i + i / 256) mod 256."""
    return bytes((i * 7 + i // 256) & 255 for i in range(n))


def wait_for(out, pattern, seconds):
    """Wait until the console printed pattern (a bytes regex)."""
    t = time.monotonic() + seconds
    while time.monotonic() < t:
        if re.search(pattern, bytes(out)):
            return True
        time.sleep(0.1)
    return False


def connect(port, seconds=60):
    """Connect to the guest's forwarded port, trying while QEMU's
    forward has nobody behind it yet."""
    t = time.monotonic() + seconds
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=60)
            s.settimeout(120)
            return s
        except OSError:
            if time.monotonic() > t:
                raise
            time.sleep(0.5)


def recv_all(s, n):
    got = bytearray()
    while len(got) < n:
        b = s.recv(65536)
        if not b:
            break
        got.extend(b)
    return bytes(got)


def sink(port, n, seconds=120):
    """Send n bytes of the pattern to socktest's sink; it answers ok
    (within seconds)."""
    def host(out):
        if not wait_for(out, rb"socktest: sink on port", 120):
            return "the sink never listened"
        s = connect(port)
        s.settimeout(seconds)
        s.sendall(wire(n))
        answer = recv_all(s, 3)
        s.close()
        return None if answer == b"ok\n" else "the sink said %r" % answer
    return host


def source(port, n):
    """Take n bytes from socktest's source and check them."""
    def host(out):
        if not wait_for(out, rb"socktest: source on port", 120):
            return "the source never listened"
        s = connect(port)
        got = recv_all(s, n + 1)
        s.close()
        if got != wire(n):
            return "%d bytes came, %s" % (
                len(got), "the pattern broken" if len(got) == n else "")
        return None
    return host


def echo_clients(port, clients, each):
    """clients connections to echod at once, each sending each bytes
    (its own pattern) and reading them back while it sends."""
    def host(out):
        if not wait_for(out, rb"echod: tcp and udp port", 120):
            return "echod never listened"
        socks = [connect(port) for _ in range(clients)]
        bad = []

        def one(i, s):
            data = bytes((j * 13 + i) & 255 for j in range(each))
            t = threading.Thread(target=s.sendall, args=(data,))
            t.start()
            got = recv_all(s, each)
            t.join()
            if got != data:
                bad.append(i)
            s.close()
        threads = [threading.Thread(target=one, args=(i, s))
                   for i, s in enumerate(socks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(240)
        return None if not bad else "clients %s got wrong echoes" % bad
    return host


FETCH_BODY = b"".join(b"line %05d of the fetch test\n" % i
                     for i in range(800))


def http_server():
    """A web server on 127.0.0.1 (a free port) for fetch, in a thread of
    the test runner: QEMU's guestfwd connects to it when QEMU starts, so
    it must be up before.  Serves FETCH_BODY at /t.txt."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            ok = self.path == "/t.txt"
            body = FETCH_BODY if ok else b"no such page\n"
            self.send_response(200 if ok else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def tests(build, arch):
    """The tests for ARCH: q35 on x86_64 (loopback, host traffic, the
    crash), virt on aarch64 (loopback, host traffic)."""
    import systests as st
    del build
    if arch == "x86_64":
        opts, prefix, name = ["--machine", "q35"], "", "q35"
    else:
        opts, prefix, name = ["--arch", "aarch64"], "aarch64: ", "virt"
    out = [(
        "%ssockets (%s): socktest over 127.0.0.1: NOTIFY's refusals and "
        "signals, 256 KiB echoed, the peer's close, UDP datagrams and "
        "senders, poll, 19 refusals, 64 connections at once; then 1,000 "
        "opened and dropped" %
        (prefix, name),
        opts + ["--test", "--net", "--input",
                "run socktest\nrun socktest churn 1000\nps\npoweroff\n"],
        600,
        [st.has(r"^socktest: notify: 3 refusals; signalled at once, at a "
                r"connection, bytes and a close$"),
         st.has(r"^socktest: tcp: 262144 bytes echoed through "
                r"127\.0\.0\.1:7001$"),
         st.has(r"^socktest: udp: datagrams with their senders$"),
         st.has(r"^socktest: refusals: 19 checked$"),
         st.has(r"^socktest: 64 connections open at once, 64 carried a "
                r"byte$"),
         st.has(r"^socktest: all passed$"),
         st.has(r"^socktest: churn: 1000 of 1000 connections opened, used "
                r"and dropped$"),
         st.lacks(r"WRONG|supervisor|PANIC|assertion"), st.status(0)])]
    port, port2 = free_port(), free_port()
    fwd = ",hostfwd=tcp:127.0.0.1:%d-:7,hostfwd=tcp:127.0.0.1:%d-:8" % (
        port, port2)
    out.append((
        "%ssockets (%s): 1 MiB from the host into the guest and 1 MiB "
        "back, through forwards on 127.0.0.1, every byte checked at "
        "both ends" % (prefix, name),
        opts + ["--test", "--net", "--netdev-opts", fwd, "--host",
                both(sink(port, 1 << 20), source(port2, 1 << 20)),
                "--input", "run socktest sink 7 1048576 &\n"
                "run socktest source 8 1048576 &\n@host\n@wait\n"
                "poweroff\n"],
        600,
        [st.has(r"^socktest: sink: 1048576 bytes, 0 wrong$"),
         st.has(r"^socktest: source: 1048576 bytes, 0 wrong$"),
         st.host_result(), st.lacks(r"WRONG|supervisor|PANIC"),
         st.status(0)]))
    if arch != "x86_64":
        return out
    import hashlib
    out.append((
        "sockets (q35): fetch gets a page from a web server on the host "
        "(QEMU's guestfwd to 127.0.0.1), its bytes and SHA-256 right; bad "
        "URLs refused",
        opts + ["--test", "--net", "--netdev-opts",
                ",guestfwd=tcp:10.0.2.100:80-tcp:127.0.0.1:%d" %
                http_server(), "--input",
                "fetch http://10.0.2.100/t.txt\nfetch ftp://x/\n"
                "fetch http://10.0.2.300/\nfetch http://1.2.3.4:0/\n"
                "fetch\npoweroff\n"], 120,
        [st.has(r"^fetch: HTTP/1\.0 200 OK: 23200 bytes, sha256 %s$" %
                hashlib.sha256(FETCH_BODY).hexdigest()),
         st.has(r"^line 00799 of the fetch test$"),
         st.count(r"^fetch: usage: fetch http://HOST\[:PORT\]/PATH "
                  r"\[FILE\]$", 4),
         st.lacks(r"supervisor|PANIC"), st.status(0)]))
    out.append((
        "sockets (q35): netstat lists echod's TCP listener and UDP socket "
        "on port 7 and httpd's listener on 80, with their owners; refuses "
        "arguments",
        opts + ["--test", "--net", "--input",
                "run echod &\nrun socktest churn 5\nnetstat\nnetstat x\n"
                "poweroff\n"], 120,
        [st.has(r"^SOCK PROTO STATE\s+LOCAL\s+REMOTE\s+PID\s+RX-Q$"),
         st.has(r"^\s+\d+ tcp\s+listen\s+0\.0\.0\.0:7\s+\*:\*\s+\d+\s+0$"),
         st.has(r"^\s+\d+ udp\s+new\s+0\.0\.0\.0:7\s+\*:\*\s+\d+\s+0$"),
         st.has(r"^\s+\d+ tcp\s+listen\s+0\.0\.0\.0:80\s+\*:\*\s+\d+\s+0$"),
         st.has(r"^3 sockets$"), st.has(r"^netstat: takes no arguments$"),
         st.lacks(r"supervisor|PANIC"), st.status(0)]))
    port = free_port()
    out.append((
        "sockets (q35): the echo service, 64 host clients at once, "
        "64 KiB each echoed and checked",
        opts + ["--test", "--net", "--netdev-opts",
                ",hostfwd=tcp:127.0.0.1:%d-:7" % port, "--host",
                echo_clients(port, 64, 64 << 10), "--input",
                "run echod &\n@host\n@wait\nps\npoweroff\n"],
        600,
        [st.host_result(), st.has(r"^\s+\d+\s+echod\s+running"),
         st.lacks(r"supervisor|PANIC|assertion"), st.status(0)]))
    port = free_port()
    out.append((
        "sockets (q35): a TCP connection lives through 25 crashes of "
        "the NIC driver: 1 MiB from the host, every byte checked",
        opts + ["--test", "--net", "--netdev-opts",
                ",hostfwd=tcp:127.0.0.1:%d-:7" % port, "--host",
                sink(port, 1 << 20, 500), "--input",
                "run socktest sink 7 1048576 25 &\n@host\n@wait\n"
                "poweroff\n"],
        600,
        [st.count(r"^socktest: crash \d+ of virtio-net at byte \d+: "
                  r"status 0$", 25),
         st.count(r"supervisor: restarted virtio-net", 25),
         st.has(r"^socktest: sink: 1048576 bytes, 0 wrong$"),
         st.host_result(), st.lacks(r"PANIC|assertion"), st.status(0)]))
    return out


def both(first, second):
    """Two host parts, one after the other."""
    def host(out):
        return first(out) or second(out)
    return host
