"""System tests of host names (docs/net.md, "Names"): the net service's
NET_RESOLVE, the libc's getaddrinfo under the shell's fetch, and the
shell's ping, against programs/dnsd, a DNS responder inside the guest.
Nothing leaves QEMU's user network: the net service is told to ask
127.0.0.1 (`start net dns 127.0.0.1`, in a copy of the initramfs whose
boot.conf says so), QEMU's own DNS (10.0.2.3) is never asked, and the
one host reached is the test's web server behind a guestfwd.
"""
import hashlib
import io
import os
import tarfile

import socktests


def dns_initramfs(build):
    """BUILD/initramfs-dns.tar: the initramfs, its boot.conf starting the
    net service with `dns 127.0.0.1`.  Made when the tests are listed,
    after the build."""
    src = os.path.join(build, "initramfs.tar")
    dst = os.path.join(build, "initramfs-dns.tar")
    if not os.path.exists(src):
        return dst
    with tarfile.open(src) as tin, tarfile.open(
            dst, "w", format=tarfile.USTAR_FORMAT) as tout:
        for m in tin.getmembers():
            data = tin.extractfile(m).read() if m.isfile() else None
            if m.name.lstrip("./") == "etc/boot.conf":
                conf = data.decode()
                if "\nstart net " not in conf:
                    raise RuntimeError("boot.conf starts no net service")
                data = conf.replace("\nstart net ",
                                    "\nstart net dns 127.0.0.1 ", 1).encode()
                m.size = len(data)
            tout.addfile(m, io.BytesIO(data) if data is not None else None)
    return dst


def tests(build, arch):
    """x86_64 (q35) only: the copy of the initramfs goes in by --modules,
    which aarch64's boot bundle does not take."""
    import systests as st
    if arch != "x86_64":
        return []
    mods = "%s/user/init.elf,%s" % (build, dns_initramfs(build))
    slow = "".join("run dnsd -q slow%d 8000 &\n" % i for i in range(1, 9))
    body = hashlib.sha256(socktests.FETCH_BODY).hexdigest()
    timeout = "no answer from the DNS server in time"
    return [(
        "names (q35): the net service asks dnsd in the guest; ping and "
        "fetch by name; no such name, no resolver, a malformed answer, "
        "a full table, numeric names and localhost, bad names refused",
        ["--test", "--machine", "q35", "--net", "--modules", mods,
         "--netdev-opts", ",guestfwd=tcp:10.0.2.100:80-tcp:127.0.0.1:%d" %
         socktests.http_server(), "--input",
         "ifconfig\nping gone 1\n" + slow + "uptime\n"
         "run dnsd -q slow9 8000\nping 10.0.2.77 9\n"
         "run dnsd -q @empty\nrun dnsd -q @long\nrun dnsd -q bad!name\n"
         "run dnsd -q a..b\nrun dnsd -q web 0\nrun dnsd -q web 10001\n"
         "run dnsd -q 10.0.2.2\nrun dnsd -q localhost\n"
         "run dnsd web=10.0.2.2 www.test=10.0.2.100 mangled=bad &\n"
         "ping web 2\nfetch http://www.test:80/t.txt\nrun dnsd -q WEB.\n"
         "ping nosuch 1\nfetch http://nosuch/t.txt\nping mangled 1\n"
         "ping bad!name\nifconfig\npoweroff\n"], 300,
        [st.has(r"^  dns 127\.0\.0\.1 \(argument\)$"),
         st.has(r"^net: DNS server 127\.0\.0\.1 \(argument\)$"),
         st.has(r"^ping: gone: %s$" % timeout),
         st.count(r"^dnsd: slow[1-8]: %s$" % timeout, 8),
         st.has(r"^dnsd: slow9: too many names being resolved at once$"),
         st.count(r"^dnsd: (|a\.a\.a\.a\.a.*|bad!name|a\.\.b): not a host "
                  r"name$", 4),
         st.count(r"^dnsd: web: refused, status 1$", 2),
         st.has(r"^dnsd: 10\.0\.2\.2: 10\.0\.2\.2$"),
         st.has(r"^dnsd: localhost: 127\.0\.0\.1$"),
         st.has(r"dnsd: 3 names on udp port 53$"),
         st.has(r"^PING web \(10\.0\.2\.2\): 56 data bytes$"),
         st.count(r"^64 bytes from 10\.0\.2\.2: seq=[12] ttl=\d+ "
                  r"time=\d+\.\d{3} ms$", 2),
         st.has(r"^--- web: 2 sent, 2 received, 0% lost$"),
         st.has(r"^fetch: HTTP/1\.0 200 OK: 23200 bytes, sha256 %s$" % body),
         st.has(r"^dnsd: WEB\.: 10\.0\.2\.2$"),
         st.has(r"^ping: nosuch: no such host$"),
         st.has(r"^fetch: nosuch: Name or service not known$"),
         st.has(r"^dnsd: nosuch: no such name$"),
         st.has(r"^ping: mangled: %s$" % timeout),
         st.has(r"^dnsd: mangled: answered malformed$"),
         st.has(r"^ping: usage: ping HOST \[COUNT 1-1000\]$"),
         st.lacks(r"supervisor|PANIC|assertion"), st.status(0)])]
