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
    kernel = glob.glob("kernel/**/*.[cS]", recursive=True) + glob.glob("lib/*.c")
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
        list(entries(hcc + " -Ikernel -Ikernel/arch/x86_64", abi))
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
