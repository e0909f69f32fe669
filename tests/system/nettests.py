"""System tests of the net service (services/net, lwIP; docs/net.md)
through the shell's ifconfig and ping, black-box on the serial console:
DHCP on QEMU's restricted user network, echo replies from its gateway
10.0.2.2 (the only host there), no reply from an address nobody has, bad
input refused, the NIC driver crashed under it, and a machine with no
NIC.
"""


def tests(build, arch):
    """The tests for ARCH: q35 and pc on x86_64, virt on aarch64."""
    import systests as st
    del build
    if arch == "x86_64":
        machines = [("q35", ["--machine", "q35"]), ("pc", [])]
        prefix = ""
    else:
        machines = [("virt", ["--arch", "aarch64"])]
        prefix = "aarch64: "
    out = []
    for name, opts in machines:
        net = opts + ["--test", "--net"]
        out.append((
            "%snet service (%s): DHCP from QEMU's user network, ifconfig, "
            "ping 10.0.2.2 from the shell; no reply from an address "
            "nobody has; bad input refused" % (prefix, name),
            net + ["--input", "ping 10.0.2.2 3\nifconfig\n"
                   "ping 10.0.2.77 1\nping 300.1.1.1\nping\nifconfig x\n"
                   "poweroff\n"], 120,
            [st.has(r"net: 10\.0\.2\.15/24, gateway 0\.0\.0\.0 \(DHCP\)$"),
             st.count(r"^64 bytes from 10\.0\.2\.2: seq=[123] ttl=\d+ "
                      r"time=\d+\.\d{3} ms$", 3),
             st.has(r"^--- 10\.0\.2\.2: 3 sent, 3 received, 0% lost$"),
             st.has(r"^en0: link up, MTU 1500, MAC 52:54:00:12:34:56$"),
             st.has(r"^  inet 10\.0\.2\.15 netmask 255\.255\.255\.0 "
                    r"gateway 0\.0\.0\.0 \(DHCP\)$"),
             st.has(r"^  RX [1-9]\d* frames, TX [1-9]\d* frames$"),
             st.has(r"^no reply for seq=1$"),
             st.has(r"^--- 10\.0\.2\.77: 1 sent, 0 received, 100% lost$"),
             st.count(r"^ping: usage: ping HOST \[COUNT 1-1000\]$", 2),
             # restrict=on: QEMU's DHCP names no DNS server (nor router).
             st.has(r"^  dns none$"),
             st.has(r"^ifconfig: takes no arguments$"),
             st.lacks(r"supervisor|PANIC|assertion"), st.status(0)]))
    name, opts = machines[0]
    out.append((
        "%snet service (%s): the NIC driver crashed; the service attaches "
        "again and pings go on" % (prefix, name),
        opts + ["--test", "--net", "--input",
                "ping 10.0.2.2 2\ncrash virtio-net\nping 10.0.2.2 3\n"
                "poweroff\n"], 120,
        [st.count(r"supervisor: restarted virtio-net", 1),
         st.has(r"^--- 10\.0\.2\.2: 2 sent, 2 received, 0% lost$"),
         st.has(r"^--- 10\.0\.2\.2: 3 sent, 3 received, 0% lost$"),
         st.lacks(r"PANIC|assertion"), st.status(0)]))
    out.append((
        "%snet service (%s) with no NIC: ifconfig says so, ping has no "
        "address, a name finds no DNS server" % (prefix, name),
        opts + ["--test", "--input", "ifconfig\nping 10.0.2.2 1\n"
                "run dnsd -q web 1000\npoweroff\n"], 120,
        [st.has(r"^en0: no network device$"),
         st.has(r"^ping: no address: no network device, or DHCP had no "
                r"answer$"),
         st.has(r"^dnsd: web: no DNS server known$"),
         st.lacks(r"supervisor|PANIC"), st.status(0)]))
    return out
