"""System tests of the pci service and init's PCI grants (services/pci,
services/init/pcidev.c, docs/pci.md) on each machine with PCI: q35
(ECAM) and pc (the legacy ports) on x86_64, virt on aarch64 (where the
service places the BARs itself).  Each boots with a small disk (lspci
must show it) and QEMU's virtio-rng-pci, which programs/pcitest drives.
"""
import os
import subprocess


def first_pid(m, devices=()):
    """The pid of the first program the shell runs on machine M (a
    MACHINES entry): one past boot.conf's started programs.  The drivers
    of PCI devices (allowed a `pci` line) count only if named in DEVICES,
    the drivers whose device is attached (the shell's tests attach none):
    init starts no other, and they take no pid."""
    opts = m["opts"]
    path = ("initramfs-aarch64/raspi3b/etc/boot.conf"
            if "raspi3b" in opts else
            "initramfs-aarch64/virt/etc/boot.conf"
            if "aarch64" in opts else "initramfs/etc/boot.conf")
    with open(path) as f:
        words = [line.split() for line in f]
    drivers = set(w[1] for w in words if w[:1] == ["allow"] and
                  len(w) > 2 and w[2] == "pci")
    return 1 + sum(1 for w in words
                   if w[:1] == ["start"] and w[1:2] != [] and
                   (w[1] in devices or w[1] not in drivers))


def tests(build, arch):
    """lspci, pcitest's grants and refusals, a second driver refused,
    the claim given back, dmatest's requester, for ARCH."""
    import systests as st
    if arch == "x86_64":
        machines = [("q35", ["--machine", "q35"]), ("pc", [])]
        where, prefix, m = build, "", st.MACHINES["x86_64"]
    else:
        machines = [("virt", ["--arch", "aarch64"])]
        where, prefix, m = ("%s/aarch64" % build, "aarch64: ",
                            st.MACHINES["aarch64"])
    p = first_pid(m, ["virtio-blk"])  # its disk starts virtio-blk
    # virt under -kernel: no firmware placed the BARs, the service did.
    placed = [st.has(r"pci: placed \d+ BARs$")] if arch != "x86_64" else []
    out = []
    os.makedirs(where, exist_ok=True)  # a fresh clone has no build yet
    for name, opts in machines:
        img = "%s/pci-%s.img" % (where, name)
        subprocess.run(["truncate", "-s", "1M", img], check=True)
        out.append((
            "%spci (%s): lspci shows the disk; pcitest's BAR mapped, "
            "MSI-X on through the service, refusals; a second driver "
            "refused, the device free again after a kill" % (prefix, name),
            opts + ["--test", "--disk", img, "--input",
                    "lspci\nrun pcitest hold &\nrun pcitest\nkill %d\n"
                    "run pcitest\nrun dmatest\nrun pcideny\npoweroff\n" % p,
                    "--", "-device", "virtio-rng-pci,disable-legacy=on"],
            300,
            [st.has(r"init: PCI table: \d+ functions$"),
             st.has(r"^[0-9a-f]{2}:[0-9a-f]{2}\.\d SCSI storage controller "
                    r"1af4:1042$"),
             st.has(r"^[0-9a-f]{2}:[0-9a-f]{2}\.\d .* 1af4:1044$"),
             st.has(r"pcitest: device [0-9a-f]{2}:[0-9a-f]{2}\.\d "
                    r"1af4:1044$"),
             st.has(r"^pcitest: BAR \d at 0x[0-9a-f]+: num_queues 1, "
                    r"device_feature_select 1$"),
             st.has(r"^pcitest: MSI address 0x[0-9a-f]+ data 0x[0-9a-f]+$"),
             st.has(r"^pcitest: MSI-X on$"),
             st.has(r"^pcitest: write to BAR 0: refused$"),
             st.has(r"^pcitest: command bit 8 \(SERR\): refused$"),
             st.has(r"^pcitest: read past the space: refused$"),
             st.has(r"^pcitest: unaligned read: refused$"),
             st.has(r"^pcitest: DMA memory for another function: refused$"),
             st.has(r"^pcitest: DMA memory for its own function: given$"),
             st.has(r"^init: killed pcitest \(pid %d\)$" % p),
             # Run again after the kill: the device was given back.
             st.has(r"^init: killed pcitest \(pid %d\)$\n(.*\n)*"
                    r"cairn> run pcitest\npcitest: device " % p),
             st.has(r"^pcitest: done$"),
             st.has(r"^run: pcitest: every PCI device it matches is "
                    r"claimed$"),
             st.has(r"^dmatest: a function not granted to it: refused$"),
             st.has(r"^dmatest: done$"),
             st.has(r"^run: pcideny: pci class 06:00 not allowed by "
                    r"boot\.conf$"),
             st.lacks(r"WRONG|FAILED|PANIC|supervisor"),
             st.status(0)] + placed))
        out.append((
            "%spci (%s): plain MSI (QEMU's edu device, no MSI-X): msitest "
            "shows the service its MSI handler, which programs that "
            "message and no other; 200 interrupts raised and taken; "
            "refusals" % (prefix, name),
            opts + ["--test", "--input",
                    "lspci\nrun msitest 200\npoweroff\n", "--",
                    "-device", "edu"], 120,
            [st.has(r"^[0-9a-f]{2}:[0-9a-f]{2}\.\d .* 1234:11e8$"),
             st.has(r"^msitest: device .*, id 0x010000ed$"),
             st.has(r"^msitest: MSI_ENABLE with no capability: refused$"),
             st.has(r"^msitest: MSI_ENABLE with a notification: refused$"),
             st.has(r"^msitest: MSI_ENABLE with its INTx handler: "
                    r"refused$"),
             st.has(r"^msitest: MSI on by a configuration write: "
                    r"refused$"),
             st.has(r"^msitest: MSI on, address 0x[0-9a-f]+ data "
                    r"0x[0-9a-f]+, as granted: yes$"),
             st.has(r"^msitest: 200 of 200 interrupts by MSI, each the one "
                    r"raised$"),
             st.has(r"^msitest: done$"),
             st.lacks(r"WRONG|FAILED|PANIC"), st.status(0)]))
        out.append((
            "%spci (%s): a driver whose device is not there is refused"
            % (prefix, name),
            opts + ["--test", "--input", "lspci\nrun pcitest\npoweroff\n"],
            120,
            [st.has(r"^run: pcitest: no PCI device matches$"),
             st.lacks(r"^pcitest:|PANIC"), st.status(0)]))
    img = "%s/pci-restart.img" % where
    subprocess.run(["truncate", "-s", "1M", img], check=True)
    out.append((
        "%spci (%s): the service crashed and restarted by its policy "
        "serves lspci and a driver's configuration calls again, its "
        "table not handed over twice" % (prefix, machines[0][0]),
        machines[0][1] + [
            "--test", "--disk", img, "--input",
            "lspci\ncrash pci\nlspci\nrun pcitest\npoweroff\n",
            "--", "-device", "virtio-rng-pci,disable-legacy=on"], 300,
        [st.has(r"supervisor: restarted pci \(restart 1\)$"),
         st.count(r"^[0-9a-f]{2}:[0-9a-f]{2}\.\d SCSI storage controller "
                  r"1af4:1042$", 2),
         st.count(r"init: PCI table: \d+ functions$", 1),
         st.has(r"^pcitest: MSI-X on$"), st.has(r"^pcitest: done$"),
         st.lacks(r"WRONG|FAILED|PANIC"), st.status(0)]))
    return out
