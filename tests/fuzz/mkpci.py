#!/usr/bin/env python3
"""Write the seeds of fuzz_pci (tests/fuzz/fuzz_pci.c says the format)
into the folder given: a small q35, directly and through the legacy
ports, virt's host with a legacy virtio-net, and a bridge loop with a
capability loop.

    mkpci.py tests/fuzz/corpus/pci
"""
import os
import struct
import sys


def function(bus, dev, fn, cfg, masks=(0,) * 6):
    """One record: address, BAR masks, configuration bytes."""
    cfg = bytes(cfg)
    return bytes([bus, dev << 3 | fn]) + struct.pack("<6I", *masks) + \
        bytes([len(cfg)]) + cfg


def header(vendor, device, cls, htype=0, status=0):
    """The first 64 bytes of a configuration space."""
    c = bytearray(64)
    struct.pack_into("<HHHH", c, 0, vendor, device, 0, status)
    c[9], c[10], c[11] = cls & 0xff, cls >> 8 & 0xff, cls >> 16
    c[14] = htype
    return c


def cap(c, off, cid, nxt, body=b""):
    """Put a capability at off, growing c to hold it."""
    end = off + 2 + len(body)
    if len(c) < end:
        c.extend(bytes(end - len(c)))
    c[off], c[off + 1] = cid, nxt
    c[off + 2:end] = body


def q35():
    host = header(0x8086, 0x29c0, 0x060000)
    blk = header(0x1af4, 0x1001, 0x010000)
    struct.pack_into("<II", blk, 0x10, 0xc001, 0xfebd1000)
    blk[0x3d] = 1
    modern = header(0x1af4, 0x1042, 0x018000, status=0x10)
    struct.pack_into("<II", modern, 0x14, 0xfebd2000, 0)
    struct.pack_into("<II", modern, 0x20, 0xfe00000c, 0)
    modern[0x34] = 0x98
    cap(modern, 0x98, 0x11, 0x84, struct.pack("<HII", 1, 1, 0x801))
    cap(modern, 0x84, 0x09, 0x40, bytes([16, 1, 4, 0, 0, 0]) +
        struct.pack("<II", 0, 0x1000))
    cap(modern, 0x40, 0x05, 0x00, struct.pack("<HIIHHII", 0x184,
                                              0xfee00000, 0, 0, 0, 0, 0))
    port = header(0x1b36, 0x000c, 0x060400, htype=1)
    port[0x19], port[0x1a] = 1, 1
    net = header(0x1af4, 0x1041, 0x020000)
    struct.pack_into("<I", net, 0x20, 0xfe80000c)
    return bytes([0]) + function(0, 0, 0, host) + \
        function(0, 2, 0, blk, (0xffffff80 & ~3, 0xfffff000, 0, 0, 0, 0)) + \
        function(0, 3, 0, modern[:0xb0],
                 (0, 0xfffff000, 0, 0, 0xffffc000, 0xffffffff)) + \
        function(0, 4, 0, port) + \
        function(1, 0, 0, net, (0, 0, 0, 0, 0xffffc000, 0xffffffff)) + \
        b"pci 1af4:1042"


def virt():
    host = header(0x1b36, 0x0008, 0x060000)
    net = header(0x1af4, 0x1000, 0x020000)
    struct.pack_into("<II", net, 0x10, 0x1001, 0x10040000)
    net[0x3d] = 1
    return bytes([1]) + function(0, 0, 0, host) + \
        function(0, 1, 0, net, (0xffffffe0, 0xfffff000, 0, 0, 0, 0)) + \
        b"pci class 02:00"


def loops():
    a = header(0x1b36, 0x000c, 0x060400, htype=0x81, status=0x10)
    a[0x19] = 1
    a[0x34] = 0x40
    cap(a, 0x40, 0x01, 0x44)
    cap(a, 0x44, 0x10, 0x40)
    b = header(0x1b36, 0x000c, 0x060400, htype=1)
    b[0x19] = 0
    return bytes([2]) + function(0, 0, 0, a) + function(0, 0, 1, a) + \
        function(1, 0, 0, b) + b"pci class 06"


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, data in (("q35", q35()), ("q35-legacy", b"\x04" + q35()[1:]),
                       ("virt", virt()), ("loops", loops())):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
