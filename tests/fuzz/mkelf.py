#!/usr/bin/env python3
"""Write small ELF seeds for the elf and manifest fuzz targets.

Usage: mkelf.py DIR

Each seed is a few hundred bytes that lib/elf.c accepts: static
executables (one with the most segments allowed), a static PIE with R_X86_64_RELATIVE relocations, and a PIE
whose dynamic section lists none.  Each also carries a .cairn.manifest
section with a section-name table, as a program built with
CAIRN_MANIFEST does.  Real programs are seeds too (mk/fuzz.mk), but
they are mostly code the parsers never read; these keep every byte
meaningful.
"""

import os
import struct
import sys

ET_EXEC, ET_DYN = 2, 3
PT_LOAD, PT_DYNAMIC, PT_GNU_STACK = 1, 2, 0x6474E551
PF_X, PF_W, PF_R = 1, 2, 4
DT_NULL, DT_RELA, DT_RELASZ, DT_RELAENT = 0, 7, 8, 9
DT_RELACOUNT = 0x6FFFFFF9
R_X86_64_RELATIVE = 8
SHT_PROGBITS, SHT_STRTAB = 1, 3

MANIFEST = (b"name seed\n"
            b"description a fuzzing seed\n"
            b"quota 256K\n"
            b"restart on-failure 3 60\n"
            b"ioport 0x3f8 8\n"
            b"irq 4\n"
            b"needs serial\n"
            b"provides seed\n\0")


def phdr(ptype, flags, offset, vaddr, filesz, memsz):
    return struct.pack("<IIQQQQQQ", ptype, flags, offset, vaddr, vaddr,
                       filesz, memsz, 0x1000)


def sections(body):
    """Append the manifest, the name table and three section headers."""
    names = b"\0.cairn.manifest\0.shstrtab\0"
    man_off = len(body)
    body += MANIFEST
    names_off = len(body)
    body += names
    body += b"\0" * (-len(body) % 8)
    shoff = len(body)
    body += b"\0" * 64
    body += struct.pack("<IIQQQQIIQQ", 1, SHT_PROGBITS, 0, 0, man_off,
                        len(MANIFEST), 0, 0, 1, 0)
    body += struct.pack("<IIQQQQIIQQ", 17, SHT_STRTAB, 0, 0, names_off,
                        len(names), 0, 0, 1, 0)
    return body, shoff


def elf(etype, entry, phdrs, payload):
    """An ELF header, the program headers, payload, then the sections."""
    ehdr_len = 64 + 56 * len(phdrs)
    body = bytearray(ehdr_len) + payload
    body, shoff = sections(body)
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    body[0:64] = ident + struct.pack("<HHIQQQIHHHHHH", etype, 62, 1, entry,
                                     64, shoff, 0, 64, 56, len(phdrs), 64,
                                     3, 2)
    for i, p in enumerate(phdrs):
        body[64 + 56 * i:64 + 56 * (i + 1)] = p
    return bytes(body)


def executable():
    """Text at 0x4000b0, data and bss at 0x4010c0, and a stack note."""
    text = b"\x90" * 15 + b"\xc3"
    data = struct.pack("<Q", 0x4000B0)
    phdrs = [
        phdr(PT_LOAD, PF_R | PF_X, 0xE8, 0x4000E8, len(text), len(text)),
        phdr(PT_LOAD, PF_R | PF_W, 0xF8, 0x4010F8, len(data), 0x100),
        phdr(PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0),
    ]
    return elf(ET_EXEC, 0x4000E8, phdrs, text + data)


def many():
    """The most loadable segments allowed, each on a page of its own, and
    a stack note that is one type away from being one too many."""
    phdrs = [phdr(PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x40, 0x40)]
    for i in range(1, 16):
        phdrs.append(phdr(PT_LOAD, PF_R, 0, 0x400000 + 0x1000 * i, 0x40,
                          0x40))
    phdrs.append(phdr(PT_GNU_STACK, PF_R | PF_W, 0, 0x410000, 0x40, 0x40))
    return elf(ET_EXEC, 0x400000, phdrs, b"")


def pie(nrelocs):
    """Headers and text in one page; dynamic section, relocation table
    and data in a writable segment at 0x1100 (file offset 0x100)."""
    rela_at = 0x1160
    data_at = rela_at + 24 * nrelocs
    dyn = b""
    if nrelocs > 0:
        dyn += struct.pack("<qQ", DT_RELA, rela_at)
        dyn += struct.pack("<qQ", DT_RELASZ, 24 * nrelocs)
        dyn += struct.pack("<qQ", DT_RELAENT, 24)
        dyn += struct.pack("<qQ", DT_RELACOUNT, nrelocs)
    dyn += struct.pack("<qQ", DT_NULL, 0)
    dyn += b"\0" * (rela_at - 0x1100 - len(dyn))
    rela = b""
    for i in range(nrelocs):
        # The last target is unaligned, as a packed structure's may be.
        target = data_at + 8 * i + (1 if i == nrelocs - 1 else 0)
        rela += struct.pack("<QQq", target, R_X86_64_RELATIVE, 0xF0 + i)
    data = b"\0" * (8 * nrelocs + 8)
    rw = dyn + rela + data
    text = b"\x90" * 7 + b"\xc3"
    phdrs = [
        phdr(PT_LOAD, PF_R | PF_X, 0, 0, 0x100, 0x100),
        phdr(PT_LOAD, PF_R | PF_W, 0x100, 0x1100, len(rw), len(rw) + 0x80),
        phdr(PT_DYNAMIC, PF_R | PF_W, 0x100, 0x1100, 0x60, 0x60),
    ]
    entry = 64 + 56 * len(phdrs)
    pad = 0x100 - entry - len(text)
    return elf(ET_DYN, entry, phdrs, text + b"\0" * pad + rw)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    seeds = {
        "exec": executable(),
        "exec-many": many(),
        "pie": pie(3),
        "pie-norel": pie(0),
    }
    for name, data in seeds.items():
        with open(os.path.join(argv[1], name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
