"""System tests of the fs service (services/fs, docs/storage.md) through
the libc's file calls: programs/fstest on a fresh ext2 disk, 1 KiB and
4 KiB blocks, on q35 and on aarch64 virt.  The power-off unmounts the
disk; after QEMU ends, the host checks it as any Linux would: e2fsck -fn
clean, and debugfs reads back exactly what fstest left there.
"""
import subprocess

KEEP = b"fstest was here\n"
BIG = 300 << 10


def big_bytes():
    """programs/fstest's big.bin: byte i is i * 31 + i / 1024."""
    return bytes((i * 31 + (i >> 10)) & 0xff for i in range(BIG))


def fs_image(path, block):
    """A new 32 MiB ext2 image at PATH with BLOCK-byte blocks, made by
    mke2fs -d from a folder holding hello.txt."""
    root = path + "-root"
    subprocess.run(["rm", "-rf", root, path], check=True)
    subprocess.run(["mkdir", "-p", root], check=True)
    with open(root + "/hello.txt", "wb") as f:
        f.write(b"hello\n")
    subprocess.run(["truncate", "-s", "32M", path], check=True)
    subprocess.run(["mke2fs", "-q", "-t", "ext2", "-b", str(block), "-d",
                    root, path], check=True)
    return path


def image_after(img):
    """After QEMU: e2fsck -fn finds nothing; keep.txt and big.bin read
    back as fstest wrote them, attr.txt has the mode, owner and times it
    set; what fstest removed is gone."""
    def check(run):
        p = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return "e2fsck -fn: status %d: %s" % (
                p.returncode, p.stdout.decode(errors="replace")[-400:])
        for path, want in (("/fstest/keep.txt", KEEP),
                           ("/fstest/big.bin", big_bytes()),
                           ("/fstest/b.txt", b"gamma\n"),
                           ("/hello.txt", b"hello\n")):
            got = subprocess.run(["debugfs", "-R", "cat %s" % path, img],
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL).stdout
            if got != want:
                return "debugfs: %s is %d bytes, not what fstest wrote" % (
                    path, len(got))
        attr = subprocess.run(["debugfs", "-R", "stat /fstest/attr.txt",
                               img], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL).stdout
        for want in (b"Mode:  0640", b"User:  1000   Group:  2000",
                     b"atime: 0x3b9aca00", b"mtime: 0x4d7c6d00"):
            if want not in attr:
                return "debugfs: attr.txt lacks %r: %r" % (want, attr)
        ls = subprocess.run(["debugfs", "-R", "ls /fstest", img],
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL).stdout
        for gone in (b"a.txt", b"c.txt", b"lines.txt", b" d "):
            if gone in ls:
                return "debugfs: /fstest still has %r" % gone
    return check


def tests(build, arch):
    """fstest for ARCH ("x86_64": q35; "aarch64": virt), on images of
    1 KiB and 4 KiB blocks, each fresh."""
    import systests as st
    if arch == "x86_64":
        opts, where, prefix = ["--machine", "q35"], build, ""
    else:
        opts, where, prefix = ["--arch", "aarch64"], \
            "%s/aarch64" % build, "aarch64: "
    out = []
    waits = driver_missing(arch)
    for block in (1024, 4096):
        img = fs_image("%s/fs-%d.img" % (where, block), block)
        out.append((
            "%sfs: fstest's every file call and error on ext2 with %d-byte "
            "blocks; after the power-off e2fsck -fn is clean and debugfs "
            "reads back what it wrote" % (prefix, block),
            opts + ["--disk", img, "--input", "run fstest\npoweroff\n"], 300,
            [st.has(r"^fs: /disk: ext2, \d+ blocks of %d bytes, \d+ free$"
                    % block),
             st.has(r"^ok 13 big file read back$"),
             st.has(r"^ok \d+ EROFS: initramfs write$"),
             st.has(r"^ok 63 EINVAL: utimensat nanoseconds$"),
             st.has(r"^63 passed, 0 failed$"),
             st.lacks(r"^not ok|supervisor|PANIC"),
             st.has(r"^power: off, status 0$"), st.status(0),
             image_after(img)]))
        if waits:
            st.NOT_YET[out[-1][0]] = waits
    img = fs_image("%s/fs-restart.img" % where, 1024)
    out.append((
        "%sfs: killed under a file held open, restarted by its policy; the "
        "client attaches again and goes on with the same descriptor" % prefix,
        opts + ["--disk", img, "--input", "run fstest restart\npoweroff\n"],
        300,
        [st.has(r"^ok \d+ fs killed, to be restarted$"),
         st.has(r"^ok \d+ write after the restart$"),
         st.has(r"^ok \d+ read back through the same descriptor$"),
         st.has(r"^7 passed, 0 failed$"), st.lacks(r"^not ok|PANIC"),
         st.has(r"^power: off, status 0$"), st.status(0),
         held_after(img)]))
    if waits:
        st.NOT_YET[out[-1][0]] = waits
    return out


def held_after(img):
    """After the restart test: clean, and held.txt has both writes."""
    def check(run):
        p = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return "e2fsck -fn: status %d" % p.returncode
        got = subprocess.run(["debugfs", "-R", "cat /fstest/held.txt", img],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout
        if got != b"before\nafter\n":
            return "debugfs: held.txt is %r" % got
    return check


def driver_missing(arch):
    """What the tests wait for while boot.conf starts no block driver, or
    None."""
    conf = ("initramfs/etc/boot.conf" if arch == "x86_64"
            else "initramfs-aarch64/virt/etc/boot.conf")
    with open(conf) as f:
        if "start virtio-blk" not in f.read():
            return "the virtio-blk driver started by boot.conf"
    return None
