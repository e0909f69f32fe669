"""System tests of the Linux personality (services/posix, docs/posix.md):
Linux programs built with musl-gcc -static (tests/posix), unchanged, on
an ext2 disk at /disk/ptest, run from the Cairn shell.  x86_64 (q35)
only, as the server is for now.
"""
import os
import subprocess

PROGS = ("hello", "hello-pie", "memtest", "crash", "dynamic", "bench")


def ptest_image(build):
    """BUILD/posix.img, by tools/posix-disk.sh: the tests in /ptest and a
    file cut short.  Made when the tests are listed, after the build."""
    img = os.path.join(build, "posix.img")
    src = os.path.join(build, "posix")
    if all(os.path.exists(os.path.join(src, p)) for p in PROGS):
        subprocess.run(["tools/posix-disk.sh", build, img], check=True)
    return img


def tests(build, arch):
    import systests as st
    if arch != "x86_64":
        return []
    run = "run /disk/ptest/"
    session = [run + "hello a b", run + "hello 7", run + "hello-pie pie",
               run + "memtest", run + "crash", run + "hello again",
               run + "dynamic", run + "short", run + "hello &",
               run + "bench instructions", "ps",
               "poweroff"]
    return [(
        "posix (q35): static Linux programs from musl-gcc run unchanged: "
        "arguments, environment, exit status, fixed-address and static "
        "PIE, the memory calls and their refusals, ENOSYS logged once, "
        "SIGSEGV ends only the program, dynamic and short files refused",
        ["--machine", "q35", "--disk", ptest_image(build), "--input",
         "\n".join(session) + "\n"], 120,
        [st.has(r"^hello from Linux: argc 3 \[a\] \[b\]$"),
         st.has(r"^hello: PATH=/bin pid \d+ ppid 1 tty 1$"),
         st.has(r"^run: /disk/ptest/hello exited with status 7$"),
         st.has(r"^hello from Linux: argc 2 \[pie\]$"),
         st.lacks(r"^not ok"),
         st.has(r"^memtest: 23 passed, 0 failed$"),
         st.count(r"^posix: system call 400 \(\?\) not implemented: "
                  r"ENOSYS$", 1),
         st.has(r"^posix: crash \(pid \d+\): SIGSEGV, a bad access at ip "
                r"0x40[0-9a-f]+, address 0x0$"),
         st.has(r"^run: /disk/ptest/crash killed by SIGSEGV "
                r"\(signal 11\)$"),
         st.lacks(r"crash: still here"),
         st.has(r"^hello from Linux: argc 2 \[again\]$"),
         st.has(r"^run: /disk/ptest/dynamic: Exec format error$"),
         st.has(r"^run: /disk/ptest/short: Exec format error$"),
         st.has(r"^run: '&' does not start Linux programs yet$"),
         st.has(r"^bench posix_getppid \d+ \d+ instructions 1000$"),
         st.has(r"^bench: ppid 1$"),
         st.has(r"^ +\d+ +posix "), st.lacks(r"PANIC|supervisor"),
         st.has(r"^power: off, status 0$"), st.status(0)])]
