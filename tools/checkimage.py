#!/usr/bin/env python3
"""Check that the kernel ELF file can be loaded through Multiboot1's
address fields (QEMU's -kernel refuses ELF64 otherwise): the Multiboot1
header lies in the first 8 KiB, the Multiboot2 header in the first 32 KiB,
and the file from the header on is a byte-for-byte image of physical
memory from load_addr to load_end_addr.
"""
import struct
import sys


def fail(msg):
    sys.exit("checkimage: " + msg)


def main(path):
    data = open(path, "rb").read()
    mb1 = next((i for i in range(0, min(len(data), 8192) - 32, 4)
                if struct.unpack_from("<I", data, i)[0] == 0x1BADB002), None)
    if mb1 is None:
        fail("no Multiboot1 header in the first 8 KiB")
    magic, flags, csum, header, load, load_end, bss_end, entry = \
        struct.unpack_from("<8I", data, mb1)
    if (magic + flags + csum) & 0xFFFFFFFF:
        fail("Multiboot1 checksum wrong")
    if not any(struct.unpack_from("<I", data, i)[0] == 0xE85250D6
               for i in range(0, min(len(data), 32768) - 16, 8)):
        fail("no Multiboot2 header in the first 32 KiB")
    start = mb1 - (header - load)
    # Every PT_LOAD with file bytes must sit at start + (paddr - load).
    phoff, = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    for i in range(phnum):
        p_type, _, p_offset, _, p_paddr, p_filesz, _ = struct.unpack_from(
            "<IIQQQQQ", data, phoff + i * phentsize)
        if p_type != 1 or p_filesz == 0:
            continue
        if p_offset - start != p_paddr - load:
            fail("segment at paddr 0x%x is not where Multiboot1 expects"
                 % p_paddr)
        if p_paddr + p_filesz > load_end:
            fail("segment at paddr 0x%x runs past load_end_addr" % p_paddr)
    if start + (load_end - load) > len(data) or bss_end < load_end:
        fail("load_end_addr or bss_end_addr out of range")


if __name__ == "__main__":
    main(sys.argv[1])
