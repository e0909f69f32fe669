"""System tests of the virtio-net driver (drivers/virtio-net,
docs/virtio.md and docs/net.md) and its client programs/nictest, on each
machine with PCI: q35 and pc on x86_64, virt on aarch64, each with the
NIC's completions by MSI-X and by INTx (vectors=0).

The NIC is on QEMU's user network, restricted (run-qemu.sh --net): the
guest reaches the gateway 10.0.2.2 and nothing beyond it.  nictest asks
the gateway's MAC by ARP and pings it; the crash test pings while the
driver is crashed three times.
"""
import re


def figures(run):
    """The driver took frames both ways, by interrupts."""
    m = re.search(r"^nictest: driver: rx (\d+) frames \(\d+ bytes\), tx "
                  r"(\d+) frames \(\d+ bytes\), \d+ dropped, \d+ full, "
                  r"(\d+) interrupts", run.out, re.M)
    if not m:
        return "no driver figures"
    rx, tx, irqs = (int(m.group(i)) for i in (1, 2, 3))
    if rx < 12 or tx < 12 or irqs == 0:
        return "rx %d, tx %d frames, %d interrupts" % (rx, tx, irqs)


def passes(st, how):
    """nictest's checks, the driver's line saying it takes its interrupts
    how ("MSI-X", or "INTx irq N")."""
    return [st.has(r"virtio-net: [0-9a-f]{2}:[0-9a-f]{2}\.\d: mac "
                   r"52:54:00:12:34:56, mtu 1500, link up, queues \d+, %s"
                   % how),
            st.has(r"^nictest: mac 52:54:00:12:34:56, mtu 1500, link up$"),
            st.has(r"^nictest: 14 bad calls refused as they should be$"),
            st.has(r"^nictest: an endpoint given as the notification does "
                   r"not hold the driver$"),
            st.has(r"^nictest: ARP: 10\.0\.2\.2 is at "
                   r"52:55:0a:00:02:02$"),
            st.count(r"^nictest: ping \d+: reply from 10\.0\.2\.2, \d+ us$",
                     10),
            st.has(r"^nictest: 10 pings answered, payload and checksums "
                   r"right; \d+ signals$"),
            figures, st.has(r"^nictest: all passed$"),
            st.lacks(r"supervisor|PANIC|FAILED"), st.status(0)]


def retried(run):
    """The loop had calls retried across the driver's restarts."""
    m = re.search(r"^nictest: loop: (\d+) pings answered, (\d+) sent "
                  r"again; (\d+) calls retried$", run.out, re.M)
    if not m:
        return "no loop summary"
    if int(m.group(1)) != 100 or int(m.group(3)) == 0:
        return "%s pings, %s calls retried" % (m.group(1), m.group(3))


def tests(build, arch):
    """The driver's tests for ARCH ("x86_64": q35 and pc; "aarch64":
    virt)."""
    import systests as st
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
            "%svirtio-net (%s): nictest refusals, ARP and 10 pings of "
            "QEMU's gateway, replies checked, interrupts by MSI-X"
            % (prefix, name),
            net + ["--input", "run nictest\npoweroff\n"], 300,
            passes(st, "MSI-X")))
        out.append((
            "%svirtio-net (%s) with no MSI-X: interrupts by INTx, nictest "
            "passes" % (prefix, name),
            net + ["--net-opts", ",vectors=0", "--input",
                   "run nictest\npoweroff\n"], 300,
            passes(st, r"INTx irq \d+")))
        out.append((
            "%svirtio-net (%s): the driver crashed 3 times while a client "
            "pings the gateway; its calls are retried and every ping is "
            "answered" % (prefix, name),
            net + ["--input", "run nictest crash 3 100\npoweroff\n"], 300,
            [st.count(r"^nictest: crash \d of virtio-net: status 0$", 3),
             # init's lines may come in the middle of another's.
             st.count(r"supervisor: virtio-net \(pid \d+\)", 3),
             retried, st.has(r"^nictest: crash test passed "),
             st.lacks(r"PANIC|FAILED"), st.status(0)]))
    return out
