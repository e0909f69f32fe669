#!/usr/bin/env python3
"""Write compile_commands.json for clangd from the Makefile's flags.

    compdb.py "KERNEL-CC-AND-FLAGS" "USER-CC-AND-FLAGS" "HOST-CC-AND-FLAGS" \
              ["PROCESS-CC-AND-FLAGS"]
"""
import glob
import json
import os
import shlex
import sys


def entries(command, files):
    top = os.getcwd()
    for f in sorted(files):
        yield {"directory": top, "file": f,
               "arguments": shlex.split(command) + ["-c", f]}


ARCHES = ("x86_64", "aarch64")


def ktest_inc(arch):
    """The include flags of the in-OS suite built for arch (Makefile)."""
    return " -Itests/kernel -Itests/kernel/arch/" + arch


def bench_inc(arch):
    """The include flags of the benchmarks built for arch (Makefile)."""
    return " -Ibench -Ibench/arch/" + arch


def main(argv):
    kcc, ucc, hcc = argv[1:4]
    pcc = argv[4] if len(argv) > 4 else ucc
    # The kernel's portable files and its arch's (ARCH, as make has it).
    arch = os.environ.get("ARCH", "x86_64")
    kernel = glob.glob("kernel/*.[cS]") + \
        glob.glob("kernel/arch/" + arch + "/*.[cS]") + glob.glob("lib/*.c")
    # The process runtime (procrt.c, the service loop, the protocols'
    # client stubs) is built for processes only, with the libc.
    proc_only = ["user/lib/procrt.c", "user/lib/serve.c",
                 "user/lib/files.c", "user/lib/sockets.c"] + \
        glob.glob("user/lib/proto/*.c")
    others = [a for a in ARCHES if a != arch]

    def this_arch(f):
        """Not in another arch's own folder (user/lib/arch/<other>/...)."""
        return not any("/arch/" + a + "/" in f for a in others)
    user = [f for f in glob.glob("user/**/*.[cS]", recursive=True)
            if f not in proc_only and this_arch(f)] + \
        glob.glob("services/init/*.c") + glob.glob("sysfuzz/*.c")
    # The benchmarks: their portable files and the arch's part.
    bench = glob.glob("bench/*.c") + glob.glob("bench/arch/" + arch + "/*.c")
    # The in-OS suite: its own headers, and the arch's kt_regs.h.
    ktest = [f for f in glob.glob("tests/kernel/**/*.c", recursive=True)
             if this_arch(f)]
    # Programs: a program's machine part is in its arch/<arch> folder
    # (drivers/serial/arch/<arch>, services/timer/arch/<arch>).
    proc_dirs = glob.glob("drivers/**/*.c", recursive=True) + \
        [f for f in glob.glob("services/**/*.c", recursive=True)
         if not f.startswith("services/init/")] + \
        glob.glob("programs/**/*.c", recursive=True)
    # The net service sees lwIP's headers and its port (mk/lwip.mk).
    net = glob.glob("services/net/*.c")
    procs = proc_only + [f for f in proc_dirs
                         if this_arch(f) and f not in net] + \
        glob.glob("lib/libc/*.c")
    # The fs service's logic's host test sees the service's headers.
    fs_host = ["tests/unit/test_fs_logic.c"]
    # The lwIP fuzz target sees lwIP's headers and the service's port.
    lwip_host = ["tests/fuzz/fuzz_lwip.c"]
    host = [f for f in glob.glob("tests/unit/*.c") if f not in fs_host] + \
        glob.glob("tests/unit/libc/*.c") + \
        [f for f in glob.glob("tests/fuzz/*.c") if f not in lwip_host]
    lwip_inc = " -isystem " + os.environ.get("LWIP_DIR", "deps/lwip") + \
        "/src/include -Iservices/net/port"
    # init's host tests see init's headers.
    init_host = glob.glob("tests/unit/init/*.c")
    # Linux's side of the storage and network figures: fsbench and
    # netbench as Linux's /init (tools/bench-linux-storage.sh and
    # bench-linux-net.sh build them with gcc -static).
    linux = glob.glob("bench/linux/*.c")
    # busybox's test suite's /init on Linux (tools/bbtest-linux.sh).
    linux_init = ["tools/bbtest-linux.c"]
    # The Linux personality's tests: Linux programs (mk/posix.mk builds
    # them with musl-gcc -static; the host's C library has the same calls).
    posix = glob.glob("tests/posix/*.c")
    # The ABI's host tests see the kernel's headers (its structures).
    abi = glob.glob("tests/unit/abi/*.c")
    out = list(entries(kcc, kernel)) + list(entries(ucc, user)) + \
        list(entries(ucc + ktest_inc(arch), ktest)) + \
        list(entries(ucc + bench_inc(arch), bench)) + \
        list(entries(pcc, procs)) + list(entries(hcc, host)) + \
        list(entries(pcc + lwip_inc, net)) + \
        list(entries(hcc + lwip_inc, lwip_host)) + \
        list(entries(hcc + " -Ikernel -Ikernel/arch/" + arch, abi)) + \
        list(entries(hcc + " -Iservices/init", init_host)) + \
        list(entries(hcc + " -Iprograms/fsbench -Iprograms/netbench",
                     linux)) + \
        list(entries(hcc + " -D_DEFAULT_SOURCE", posix)) + \
        list(entries(hcc + " -D_DEFAULT_SOURCE", linux_init)) + \
        list(entries(hcc + " -Iservices/fs -Iuser/lib -Itests/unit",
                     fs_host))
    # The other arch's own files, with that arch's flags: its kernel
    # (KCC_<ARCH>), and its user code (UCC_<ARCH>): libcairn's part, the
    # in-OS suite's part, its boot tests (tests/system/<arch>*.c) and the
    # benchmarks' part.
    for other in others:
        kcc_other = os.environ.get("KCC_" + other.upper())
        if kcc_other:
            out += list(entries(kcc_other, glob.glob("kernel/arch/" + other +
                                                     "/*.[cS]")))
        ucc_other = os.environ.get("UCC_" + other.upper())
        if ucc_other:
            out += list(entries(ucc_other,
                                glob.glob("user/lib/arch/" + other + "/*.[cS]") +
                                glob.glob("tests/system/" + other + "*.c")))
            out += list(entries(ucc_other + ktest_inc(other),
                                glob.glob("tests/kernel/arch/" + other +
                                          "/*.c")))
            out += list(entries(ucc_other + " -Ilib/libc/include",
                                [f for f in proc_dirs
                                 if "/arch/" + other + "/" in f]))
            out += list(entries(ucc_other + bench_inc(other),
                                glob.glob("bench/arch/" + other + "/*.c")))
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
