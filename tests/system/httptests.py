"""System tests of httpd (programs/httpd, docs/net.md "httpd"), driven
from the host through a forward on 127.0.0.1 to the guest's port 80, as
`make run` has it: curl fetches pages and files and their digests are
compared with the disk's; ApacheBench makes 10,000 requests on 16 kept
connections and 1,000 on connections of their own; and httpd is sent
malformed, oversized and slow requests, 64 clients at once and 1,000
connections that are opened and dropped, and keeps serving throughout.

Each test boots with a fresh disk made by mke2fs -d from disk/ (its
www/ is the site) and a 1 MiB file of random bytes beside it.
"""
import hashlib
import os
import random
import re
import socket
import subprocess
import threading
import time

import socktests

BIG = 1 << 20


def www_image(path):
    """A new ext2 image at PATH from disk/, with www/big.bin (BIG random
    bytes, the same every time) added.  The path."""
    root = path + "-root"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    subprocess.run(["rm", "-rf", root, path], check=True)
    subprocess.run(["cp", "-R", "disk", root], check=True)
    with open(os.path.join(root, "www", "big.bin"), "wb") as f:
        f.write(random.Random(11).randbytes(BIG))
    subprocess.run(["truncate", "-s", "16M", path], check=True)
    subprocess.run(["mke2fs", "-q", "-t", "ext2", "-d", root, path],
                   check=True)
    return path


def served(root, rel):
    with open(os.path.join(root, rel), "rb") as f:
        return f.read()


def ready(out, port):
    """Wait for httpd's line on the console and for the forward."""
    if not socktests.wait_for(out, rb"httpd: serving /disk/www on port 80",
                              120):
        return "httpd never said it was serving"
    socktests.connect(port).close()
    return None


def curl(port, path, *opts):
    """curl's status and body for path, or raise."""
    p = subprocess.run(["curl", "-s", "-S", "--max-time", "60",
                        "--path-as-is", "-o", "-", "-w", "\n%{http_code}"] +
                       list(opts) + ["http://127.0.0.1:%d%s" % (port, path)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=True)
    body, _, code = p.stdout.rpartition(b"\n")
    return int(code), body


def fetches(port, root):
    """The host side of the curl test: files and their digests, HEAD,
    a listing, a redirect, errors."""
    def host(out):
        why = ready(out, port)
        if why:
            return why
        for rel in ("index.html", "style.css", "docs/index.html",
                    "files/1k.txt", "big.bin"):
            code, body = curl(port, "/" + rel)
            want = served(root, "www/" + rel)
            if code != 200 or hashlib.sha256(body).digest() != \
                    hashlib.sha256(want).digest():
                return "/%s: status %d, %d bytes, digest differs" % (
                    rel, code, len(body))
        code, body = curl(port, "/")
        if code != 200 or body != served(root, "www/index.html"):
            return "/ is not index.html (%d)" % code
        p = subprocess.run(["curl", "-s", "-I", "http://127.0.0.1:%d/big.bin"
                            % port], stdout=subprocess.PIPE, check=True)
        if not re.search(rb"^Content-Length: %d\r$" % BIG, p.stdout, re.M) \
                or b"application/octet-stream" not in p.stdout:
            return "HEAD /big.bin: %r" % p.stdout[:200]
        code, body = curl(port, "/files/")
        if code != 200 or b'<a href="./1k.txt">1k.txt</a>' not in body:
            return "no listing of /files/: %d %r" % (code, body[:200])
        code, body = curl(port, "/docs", "-D", "-")
        if code != 301 or b"Location: /docs/" not in body:
            return "/docs not redirected: %d" % code
        for path, want in (("/nope", 404), ("/../etc/passwd", 400),
                           ("/%2e%2e/x", 400), ("/a%00b", 400)):
            code, _ = curl(port, path)
            if code != want:
                return "%s: status %d, expected %d" % (path, code, want)
        code, _ = curl(port, "/", "-X", "POST", "-d", "x=1")
        if code != 405:
            return "POST: status %d" % code
        # Three files on one connection: curl says it reused it.
        p = subprocess.run(["curl", "-s", "-v", "-o", "/dev/null", "-o",
                            "/dev/null", "-o", "/dev/null"] +
                           ["http://127.0.0.1:%d/files/%s" % (port, f)
                            for f in ("1k.txt", "notes.txt", "1k.txt")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.stderr.count(b"Re-using existing connection") < 2:
            return "the connection was not kept"
        return None
    return host


def ab(port, n, c, keep):
    """ApacheBench: n requests for the 1 KiB file, c at once."""
    cmd = ["ab", "-q", "-s", "60", "-n", str(n), "-c", str(c)]
    cmd += ["-k"] if keep else []
    p = subprocess.run(cmd + ["http://127.0.0.1:%d/files/1k.txt" % port],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=600)
    text = p.stdout.decode(errors="replace")
    done = re.search(r"^Complete requests:\s+(\d+)$", text, re.M)
    failed = re.search(r"^Failed requests:\s+(\d+)$", text, re.M)
    if p.returncode != 0 or not done or int(done.group(1)) != n or \
            not failed or int(failed.group(1)) != 0 or "Non-2xx" in text:
        return "ab -n %d -c %d%s: %s" % (n, c, " -k" if keep else "",
                                        text[-600:])
    if keep and not re.search(r"^Keep-Alive requests:\s+%d$" % n, text,
                              re.M):
        return "ab: not every request was on a kept connection"
    return None


def load(port):
    def host(out):
        return ready(out, port) or ab(port, 10000, 16, True) or \
            ab(port, 1000, 8, False)
    return host


def ask(port, data, wait=20):
    """Send data on a connection of its own; what came back until the
    close (or wait seconds)."""
    s = socktests.connect(port)
    s.settimeout(wait)
    got = b""
    try:
        s.sendall(data)
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += b
    except OSError:
        pass
    s.close()
    return got


def statuses(data):
    return re.findall(rb"HTTP/1\.1 (\d{3}) ", data)


GET = b"GET /files/1k.txt HTTP/1.1\r\nHost: x\r\n\r\n"


def hostile(port, root):
    """Bad requests, slow clients, many clients, dropped connections;
    httpd must answer each as it should and keep serving."""
    kilo = served(root, "www/files/1k.txt")

    def serving():
        got = ask(port, GET.replace(b"\r\n\r\n", b"\r\nConnection: close"
                                    b"\r\n\r\n"))
        return got.endswith(kilo) and statuses(got) == [b"200"]

    def host(out):
        why = ready(out, port)
        if why:
            return why
        bad = [
            (b"GET /" + b"a" * 3000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
             b"414"),
            (b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 9000 +
             b"\r\n\r\n", b"431"),
            (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n",
             b"413"),
            (b"GET / HTTP/1.1\r\n\r\n", b"400"),
            (b"\x00\xff\x13garbage\r\n\r\n", b"400"),
            (b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", b"400"),
            (b"GET / HTTP/3.0\r\nHost: x\r\n\r\n", b"505"),
            (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
             b"\r\n\r\n", b"501"),
            (b"GET /../../etc HTTP/1.1\r\nHost: x\r\n\r\n", b"400"),
            (b"\r\n" * 5000, b"431"),
        ]
        for data, want in bad:
            got = statuses(ask(port, data))
            if got != [want]:
                return "%r...: answered %r, expected %s" % (data[:30], got,
                                                           want)
        # A body to skip, then two requests in one send (pipelined).
        got = ask(port, b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5"
                  b"\r\n\r\nhello" + GET + GET.replace(
                      b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
        if statuses(got) != [b"405", b"200", b"200"] or \
                not got.endswith(kilo):
            return "pipelined after a body: %r" % statuses(got)
        # Twenty slow clients: a request's head never finished.  Others
        # are served meanwhile; the slow ones get 408 after 10 s.
        slow = [socktests.connect(port) for _ in range(20)]
        for s in slow:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        if not serving():
            return "not serving while 20 slow clients wait"
        t = time.monotonic()
        for s in slow:
            s.settimeout(60)
            got = b""
            while True:
                b = s.recv(4096)
                if not b:
                    break
                got += b
            s.close()
            if statuses(got) != [b"408"]:
                return "a slow client got %r" % got[:80]
        if time.monotonic() - t > 40:
            return "the slow clients were held too long"
        # 64 clients at once, each 16 requests on its connection.
        res = []

        def client():
            s = socktests.connect(port)
            s.sendall(GET * 15 + GET.replace(
                b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
            got = b""
            while True:
                b = s.recv(65536)
                if not b:
                    break
                got += b
            s.close()
            res.append(statuses(got) == [b"200"] * 16 and
                       got.count(kilo) == 16)
        threads = [threading.Thread(target=client) for _ in range(64)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(300)
        if res.count(True) != 64:
            return "64 clients: %d got their 16 answers" % res.count(True)
        # Connections opened and dropped with a reset, half at once, half
        # after part of a request.  QEMU's forward takes about two new
        # connections a second when each is dropped at once, so only 20
        # come from here; socktest drops 1,000 inside (tests() below).
        for i in range(20):
            s = socktests.connect(port)
            if i % 2:
                s.sendall(b"GET /files/1k.txt HTTP/1.1\r\nHo")
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
        if not serving():
            return "not serving after 20 connections reset"
        return None
    return host


def tests(build, arch):
    """httpd's tests for ARCH: on q35 the curl test, the load and the
    hostile clients; on virt the curl test."""
    import systests as st
    if arch == "x86_64":
        opts, prefix, name, where = ["--machine", "q35"], "", "q35", build
    else:
        opts, prefix, name, where = (["--arch", "aarch64"], "aarch64: ",
                                     "virt", "%s/aarch64" % build)
    out = []

    def boot(kind, host, timeout, extra=(), then=""):
        img = www_image("%s/www-%s-%s.img" % (where, kind, name))
        port = socktests.free_port()
        return (opts + ["--test", "--disk", img, "--net", "--netdev-opts",
                        ",hostfwd=tcp:127.0.0.1:%d-:80" % port, "--host",
                        host(port, img + "-root"), "--input",
                        "@host\n@wait\n%sps\npoweroff\n" % then], timeout,
                [st.host_result(), st.has(r"^\s+\d+\s+httpd\s+running"),
                 st.lacks(r"supervisor|PANIC|assertion")] + list(extra) +
                [st.status(0)])

    args, timeout, checks = boot("curl", fetches, 300)
    out.append(("%shttpd (%s): curl from the host fetches pages and files "
                "(their SHA-256 as on the disk), HEAD, a listing, a "
                "redirect, 404, 400 for paths out of the folder, 405, a "
                "kept connection" % (prefix, name), args, timeout, checks))
    if arch != "x86_64":
        return out
    args, timeout, checks = boot("load", lambda port, root: load(port), 600)
    out.append(("httpd (q35): ApacheBench, 10,000 requests on 16 kept "
                "connections, then 1,000 on connections of their own: "
                "none failed", args, timeout, checks))
    kilo = hashlib.sha256(served("disk", "www/files/1k.txt")).hexdigest()
    args, timeout, checks = boot(
        "hostile", hostile, 600,
        [st.has(r"^socktest: drop: 1000 of 1000 connections to port 80 "
                r"opened and dropped$"),
         st.has(r"^fetch: HTTP/1\.1 200 OK: 1024 bytes, sha256 %s$" % kilo)],
        "run socktest drop 80 1000\nfetch http://127.0.0.1/files/1k.txt "
        "/disk/got.txt\n")
    out.append(("httpd (q35): malformed and oversized requests answered "
                "400, 413, 414, 431, 501, 505; a skipped body and "
                "pipelined requests; 20 slow clients get 408 while others "
                "are served; 64 clients at once; 1,000 connections "
                "dropped; still serving", args, timeout, checks))
    return out
