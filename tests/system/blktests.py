"""System tests of the virtio-blk driver (drivers/virtio-blk,
docs/virtio.md) and its client programs/blktest, on each machine with
PCI: q35 (ECAM) and pc (the legacy ports) on x86_64, virt on aarch64.

Each test boots with a fresh disk of its own: a 64 MiB ext2 made by
mke2fs -d, followed by 1 MiB outside the file system that blktest
writes with its pattern.  After QEMU ends, the host checks the pattern
in that MiB and e2fsck -fn finds the file system clean.
"""
import os
import re
import subprocess

FS_MIB = 64
SECTORS = (FS_MIB + 1) * 2048
AREA = 2048  # sectors: the last MiB, blktest's
MASK = (1 << 64) - 1


def pat(s, k, r):
    """programs/blktest's pattern: word k of sector s in round r."""
    return ((s * 0x100000001b3) ^ (k << 40) ^ (r * 0x9e3779b97f4a7c15)) & MASK


def blk_image(path):
    """A new image at PATH: ext2 of FS_MIB MiB from disk/, 1 MiB after."""
    root = path + "-root"
    os.makedirs(os.path.dirname(path), exist_ok=True)  # a fresh clone
    subprocess.run(["rm", "-rf", root, path], check=True)
    subprocess.run(["cp", "-R", "disk", root], check=True)
    subprocess.run(["truncate", "-s", "%dM" % (FS_MIB + 1), path],
                   check=True)
    subprocess.run(["mke2fs", "-q", "-t", "ext2", "-d", root, path,
                    "%dk" % (FS_MIB * 1024)], check=True)
    return path


def image_after(img, rnd):
    """After QEMU: the last MiB holds round RND's pattern, sector by
    sector, and the file system before it is clean."""
    def check(run):
        with open(img, "rb") as f:
            f.seek((SECTORS - AREA) * 512)
            data = f.read(AREA * 512)
        if len(data) != AREA * 512:
            return "the image is %d bytes short" % (AREA * 512 - len(data))
        first = SECTORS - AREA
        for i in range(AREA):
            s = first + i
            want = b"".join(pat(s, k, rnd).to_bytes(8, "little")
                            for k in range(64))
            if data[i * 512:(i + 1) * 512] != want:
                return "sector %d on the host is not round %d's pattern" % (
                    s, rnd)
        p = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return "e2fsck -fn: status %d: %s" % (
                p.returncode, p.stdout.decode(errors="replace")[-300:])
    return check


def interrupts(run):
    """The driver answered by MSI: interrupts and completions counted."""
    m = re.search(r"^blktest: driver: (\d+) interrupts, (\d+) completions, "
                  r"(\d+) requests", run.out, re.M)
    if not m:
        return "no driver figures"
    irqs, done = int(m.group(1)), int(m.group(2))
    if irqs == 0 or done == 0:
        return "%d interrupts, %d completions" % (irqs, done)


def passes(st, img, how):
    """blktest's checks, the driver's line saying it takes its
    completions how ("MSI-X", or "INTx irq N")."""
    # Its bring-up line may follow a prompt on the same line.
    return [st.has(r"virtio-blk: [0-9a-f]{2}:[0-9a-f]{2}\.\d: %d sectors "
                   r"\(%d MiB\), block 512, queue \d+, %s"
                   % (SECTORS, FS_MIB + 1, how)),
            st.has(r"^blktest: ext2 magic 0xef53 at byte 1080$"),
            st.has(r"^blktest: 2048 sectors written and read back$"),
            st.has(r"^blktest: 9 bad requests refused as they should be$"),
            st.has(r"^blktest: two workers at once: status 0 and 0, "),
            st.has(r"^blktest: a lost interrupt: the watchdog answered$"),
            st.has(r"^blktest: 4 KiB reads: \d+ ticks, \d+ us each$"),
            interrupts, st.has(r"^blktest: all passed$"),
            st.lacks(r"supervisor|PANIC|FAILED"), st.status(0),
            image_after(img, 1)]


def one_line(run):
    """The disk's driver and pcitest were given the same INTx line."""
    blk = re.search(r"virtio-blk: .* INTx irq (\d+)", run.out)
    rng = re.search(r"^pcitest: INTx irq (\d+), INTA$", run.out, re.M)
    if not blk or not rng:
        return "no INTx line named by both drivers"
    if blk.group(1) != rng.group(1):
        return "not one line: irq %s and irq %s" % (blk.group(1),
                                                    rng.group(1))
    return None


def intx_tests(build, arch):
    """The INTx tests: the disk with no MSI-X (vectors=0), alone and on a
    line it shares with the entropy device, the slots chosen so that both
    land on one line: on pc and q35 the ISA IRQ SeaBIOS routes them to,
    on virt the SPI of the device tree's interrupt-map."""
    import systests as st
    out = []
    if arch == "x86_64":
        machines = [("pc", [], 3, 4), ("q35", ["--machine", "q35"], 5, 4)]
        where, prefix, line = build, "", "ISA IRQ"
    else:
        machines = [("virt", ["--arch", "aarch64"], 3, 7)]
        where, prefix, line = "%s/aarch64" % build, "aarch64: ", "SPI"
    for name, opts, slot, rng in machines:
        img = blk_image("%s/blk-intx-%s.img" % (where, name))
        out.append((
            "%svirtio-blk (%s) with no MSI-X: completions by INTx, blktest "
            "passes, the pattern checked on the host" % (prefix, name),
            opts + ["--test", "--disk", img, "--disk-opts",
                    ",vectors=0,addr=%d" % slot, "--input",
                    "run blktest\npoweroff\n"], 300,
            passes(st, img, r"INTx irq \d+")))
        img = blk_image("%s/blk-shared-%s.img" % (where, name))
        out.append((
            "%sa shared INTx line (%s): the disk and the entropy device on "
            "one %s, blktest and pcitest's requests at once; "
            "each driver gets its device's interrupts and acks the "
            "other's" % (prefix, name, line),
            opts + ["--test", "--disk", img, "--disk-opts",
                    ",vectors=0,addr=%d" % slot, "--input",
                    "lspci\nrun pcitest rng 1000 shared &\n"
                    "run blktest\npoweroff\n", "--",
                    "-device", "virtio-rng-pci,disable-legacy=on,vectors=0,"
                    "addr=%d" % rng], 300,
            [one_line, st.has(r"^blktest: all passed$"),
             st.has(r"^pcitest: rng: \d{4,} requests answered by INTx: \d+ "
                    r"interrupts its device raised, [1-9]\d* on the line "
                    r"it did not$"),
             interrupts, st.lacks(r"supervisor|PANIC|FAILED|WRONG"),
             st.status(0), image_after(img, 1)]))
    return out


def retried(run):
    """The crash test's workers had calls retried across the restarts."""
    n = sum(int(x) for x in re.findall(
        r"^blktest: worker \d: \d+ rounds checked; (\d+) calls retried$",
        run.out, re.M))
    if n == 0:
        return "no call was retried: no crash came mid-transfer"


def tests(build, arch):
    """The driver's tests for ARCH ("x86_64": q35 and pc; "aarch64":
    virt), each on its own fresh image."""
    import systests as st
    if arch == "x86_64":
        machines = [("q35", ["--machine", "q35"]), ("pc", [])]
        where, prefix = build, ""
    else:
        machines = [("virt", ["--arch", "aarch64"])]
        where, prefix = "%s/aarch64" % build, "aarch64: "
    out = []
    for name, opts in machines:
        img = blk_image("%s/blk-%s.img" % (where, name))
        out.append((
            "%svirtio-blk (%s): blktest reads the superblock, writes and "
            "reads back, refusals, two clients at once, completions by "
            "MSI-X; the pattern checked on the host" % (prefix, name),
            opts + ["--test", "--disk", img, "--input",
                    "run blktest\npoweroff\n"], 300,
            passes(st, img, "MSI-X")))
        img = blk_image("%s/blk-crash-%s.img" % (where, name))
        out.append((
            "%svirtio-blk (%s): the driver crashed 3 times mid-transfer, "
            "two clients retry and every round reads back what it wrote; "
            "the pattern checked on the host" % (prefix, name),
            opts + ["--test", "--disk", img, "--input",
                    "run blktest crash 3 60\npoweroff\n"], 600,
            [st.count(r"^blktest: crash \d of virtio-blk: status 0$", 3),
             # init's lines may come in the middle of another's.
             st.count(r"supervisor: virtio-blk \(pid \d+\)", 3),
             st.has(r"^blktest: worker 0: 60 rounds checked; "),
             st.has(r"^blktest: worker 1: 60 rounds checked; "),
             retried, st.has(r"^blktest: crash test passed$"),
             st.lacks(r"PANIC|FAILED"), st.status(0),
             image_after(img, 1)]))
    return out + intx_tests(build, arch)
