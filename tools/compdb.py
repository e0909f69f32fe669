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


def main(argv):
    kcc, ucc, hcc = argv[1:4]
    pcc = argv[4] if len(argv) > 4 else ucc
    # The kernel's portable files and its arch's (ARCH, as make has it).
    arch = os.environ.get("ARCH", "x86_64")
    kernel = glob.glob("kernel/*.[cS]") + \
        glob.glob("kernel/arch/" + arch + "/*.[cS]") + glob.glob("lib/*.c")
    # The process runtime (procrt.c) is built for processes only, with the libc.
    proc_only = ["user/lib/procrt.c"]
    user = [f for f in glob.glob("user/**/*.[cS]", recursive=True)
            if f not in proc_only] + \
        glob.glob("services/init/*.c") + glob.glob("tests/kernel/*.c") + \
        glob.glob("bench/*.c") + glob.glob("sysfuzz/*.c")
    procs = proc_only + glob.glob("drivers/**/*.c", recursive=True) + \
        [f for f in glob.glob("services/**/*.c", recursive=True)
         if not f.startswith("services/init/")] + \
        glob.glob("programs/**/*.c", recursive=True) + glob.glob("lib/libc/*.c")
    host = glob.glob("tests/unit/*.c") + glob.glob("tests/unit/libc/*.c") + \
        glob.glob("tests/fuzz/*.c")
    # The ABI's host tests see the kernel's headers (its structures).
    abi = glob.glob("tests/unit/abi/*.c")
    out = list(entries(kcc, kernel)) + list(entries(ucc, user)) + \
        list(entries(pcc, procs)) + list(entries(hcc, host)) + \
        list(entries(hcc + " -Ikernel -Ikernel/arch/" + arch, abi))
    # The other arch's kernel files, with that arch's flags (KCC_<ARCH>).
    for other in ("x86_64", "aarch64"):
        cc = os.environ.get("KCC_" + other.upper())
        if other != arch and cc:
            out += list(entries(cc, glob.glob("kernel/arch/" + other +
                                              "/*.[cS]")))
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
