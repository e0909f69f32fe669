"""System tests of the Linux personality (services/posix, docs/posix.md):
Linux programs built with musl-gcc -static (tests/posix), unchanged, on
an ext2 disk at /disk/ptest, run from the Cairn shell.  x86_64 (q35)
only, as the server is for now.
"""
import os
import re
import subprocess

PROGS = ("hello", "hello-pie", "memtest", "filetest", "misctest", "proctest",
         "sigtest", "polltest", "ttytest", "crash", "dynamic", "bench",
         "wild", "forkbomb", "cowtest", "nettest", "procfstest", "unixtest")


def ptest_image(build, name="posix.img"):
    """BUILD/NAME, by tools/posix-disk.sh: the tests in /ptest, a file
    cut short, busybox.  Made when the tests are listed, after the
    build."""
    img = os.path.join(build, name)
    src = os.path.join(build, "posix")
    if all(os.path.exists(os.path.join(src, p)) for p in PROGS):
        subprocess.run(["tools/posix-disk.sh", build, img], check=True)
    return img


def image_after(img):
    """After QEMU: e2fsck -fn finds nothing, and filetest's keep.txt reads
    back as it wrote it, what it removed gone."""
    def check(run):
        why = fsck_clean(img)(run)
        if why:
            return why
        got = subprocess.run(["debugfs", "-R", "cat /ftest/keep.txt", img],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout
        if got != b"filetest was here\n":
            return "debugfs: /ftest/keep.txt is %r" % got[:60]
        ls = subprocess.run(["debugfs", "-R", "ls /ftest", img],
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL).stdout
        for gone in (b"b.txt", b"c.txt", b" s "):
            if gone in ls:
                return "debugfs: /ftest still has %r" % gone
    return check


def tests(build, arch):
    import systests as st
    if arch != "x86_64":
        return []
    return (musl_tests(build, st) + busybox_tests(build, arch) +
            tty_tests(build, st) + socket_tests(build, st) +
            bad_input_tests(build, st))


def musl_tests(build, st):
    """The personality's own tests, built with musl-gcc."""
    img = ptest_image(build)
    run = "run /disk/ptest/"
    session = [run + "hello a b", run + "hello 7", run + "hello-pie pie",
               run + "memtest", run + "filetest", run + "misctest",
               run + "proctest", run + "sigtest", run + "cowtest",
               run + "polltest", run + "procfstest a b", run + "unixtest",
               run + "crash", run + "hello again",
               run + "dynamic", run + "short", run + "noexec",
               run + "script a",
               run + "hello &",
               run + "bench instructions", "ps",
               "poweroff"]
    return [(
        "posix (q35): musl-gcc -static programs run unchanged: memory and "
        "file calls and refusals (e2fsck after), SIGSEGV, bad files",
        ["--machine", "q35", "--disk", img, "--input",
         "\n".join(session) + "\n"], 120,
        [st.has(r"^hello from Linux: argc 3 \[a\] \[b\]$"),
         st.has(r"^hello: PATH=/bin:/usr/bin:/sbin:/usr/sbin pid \d+ ppid 1 "
                r"tty 1$"),
         st.has(r"^run: /disk/ptest/hello exited with status 7$"),
         st.has(r"^hello from Linux: argc 2 \[pie\]$"),
         st.lacks(r"^not ok"),
         st.has(r"^memtest: 72 passed, 0 failed$"),
         st.has(r"^filetest: 104 passed, 0 failed$"),
         st.has(r"^misctest: Linux 6\.1\.0-cairn x86_64$"),
         st.has(r"^misctest: 40 passed, 0 failed$"),
         st.has(r"^proctest: 47 passed, 0 failed$"),
         st.has(r"^sigtest: 66 passed, 0 failed$"),
         st.has(r"^cowtest: 23 passed, 0 failed$"),
         st.has(r"^polltest: 35 passed, 0 failed$"),
         st.has(r"^procfstest: 50 passed, 0 failed$"),
         st.has(r"^unixtest: 119 passed, 0 failed$"),
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
         st.has(r"^run: /disk/ptest/noexec: Permission denied$"),
         st.has(r"^hello from Linux: argc 4 \[from-script\] "
                r"\[/ptest/script\] \[a\]$"),
         st.has(r"^run: '&' does not start Linux programs yet$"),
         st.has(r"^bench posix_getppid \d+ \d+ instructions 1000$"),
         st.has(r"^bench: ppid 1$"),
         st.has(r"^ +\d+ +posix "), st.lacks(r"PANIC|supervisor"),
         st.has(r"^power: off, status 0$"), st.status(0),
         image_after(img)])]


def tty_tests(build, st):
    """The console as a terminal: ttytest's checks from inside, with the
    lines typed to it; then busybox's sh typed into interactively, as a
    person would, and the Cairn shell after it."""
    img = ptest_image(build, "posix-tty.img")
    img2 = ptest_image(build, "posix-sh.img")
    sh = [(b"cairn> ", b"sh\n"),
          (b"/ # ", b"echo hi | cat\n"),
          (b"/ # ", b"for i in 1 2 3; do echo n$i; done\n"),
          (b"/ # ", b"echo abd\x7fc\n"),          # sh's own editing
          (b"/ # ", b"echo go; cat\n"),
          (b"go\r\n", b"line one\r", 0.5),
          (b"line one\r\nline one", b"abc\x7f\x7fxy\r"),  # DEL: ours
          (b"axy", b"part\x04"),
          (b"partpart", b"\x04"),                  # ^D: end of file
          (b"/ # ", b"vi /v.txt\n"),               # raw, full-screen
          (b"~", b"ihello from vi\x1b", 1),
          (b"hello from vi", b":wq\r", 1),
          (b"/ # ", b"echo ==; cat /v.txt\n"),
          (b"/ # ", b"sleep 100\n"),
          (b"sleep 100", b"\x03", 1),               # ^C: SIGINT
          (b"/ # ", b"echo back $?\n"),
          (b"back 130", b"echo junk\x03", 0.3),   # ^C at sh's prompt
          (b"/ # ", b"echo $((1+1))survived\n"),
          (b"2survived", b"sleep 100\n"),
          (b"sleep 100", b"\x1a", 1),               # ^Z: SIGTSTP
          (b"/ # ", b"jobs\n"),
          (b"/ # ", b"fg\n"),
          (b"sleep 100", b"\x03", 1),
          (b"/ # ", b"echo fg back $?\n"),
          (b"fg back", b"sleep 1 & wait; echo waited\n"),
          (b"waited", b"cat &\n", 0.5),            # reads: SIGTTIN
          (b"/ # ", b"\n", 1),
          (b"/ # ", b"kill -9 %1; echo killed\n"),
          (b"killed", b"exit\n"),
          (b"cairn> ", b"echo alive\n"),
          (b"cairn> ", b"ps\n"),
          (b"cairn> ", b"poweroff\n")]
    tty = [(b"cairn> ", b"run /disk/ptest/ttytest\n"),
           (b"ttytest: type lines",
            b"first line\rab\x7fc\rjunk\x15kill\r\x04part\x04"),
           (b"ttytest: type raw", b"xyz\r"),
           (b"ttytest: type two", b"uv"),
           (b"ttytest: type for poll", b"p\r")]
    restart = [(b"cairn> ", b"run serialtest crash 3 &\n"),
               (b"cairn> ", b"sh\n"),
               (b"/ # ", b"echo before\n"),
               (b"restarted serial", b"echo $((6*7)) restarted\n"),
               (b"42 restarted", b"exit\n"),
               (b"cairn> ", b"echo alive\n"),
               (b"cairn> ", b"poweroff\n")]
    img3 = ptest_image(build, "posix-restart.img")
    img4 = ptest_image(build, "posix-ahead.img")
    ahead = ("run /disk/ptest/hello x\necho after\nsh -c \"echo in sh\"\n"
             "echo after2\npoweroff\n")
    return [(
        "posix (q35): what is typed ahead while Linux programs run goes "
        "back to the Cairn shell when they end (all input piped at once)",
        ["--machine", "q35", "--disk", img4, "--pipe", ahead], 120,
        [st.has(r"^hello from Linux: argc 2 \[x\]$"),
         st.has(r"^after$"), st.has(r"^in sh$"), st.has(r"^after2$"),
         st.lacks(r"PANIC|supervisor"),
         st.has(r"^power: off, status 0$"), st.status(0)]), (
        "posix (q35): the serial driver crashed under sh: the server arms "
        "its notification again, typed input still comes",
        ["--machine", "q35", "--disk", img3, "--dialog", restart], 120,
        [st.has(r"^supervisor: restarted serial \(restart 1\)$"),
         st.has(r"^42 restarted$"), st.has(r"^alive$"),
         st.lacks(r"PANIC|giving up"),
         st.has(r"^power: off, status 0$"), st.status(0)]), (
        "posix (q35): the console as a terminal: ttytest's settings, "
        "non-blocking reads, poll, typed lines edited and raw",
        ["--machine", "q35", "--disk", img, "--dialog",
         tty + [(b"cairn> ", b"echo alive\n"), (b"cairn> ", b"poweroff\n")]],
        120,
        [st.lacks(r"^not ok"), st.has(r"^ttytest: 31 passed, 0 failed$"),
         st.has(r"^alive$"), st.lacks(r"PANIC|supervisor"),
         st.has(r"^power: off, status 0$"), st.status(0)]), (
        "posix (q35): sh typed into: a pipe, a loop, cat until ^D, DEL, "
        "vi, ^C ends a sleep and a line, ^Z stops one and fg brings it "
        "back, & and wait, a background read stopped by SIGTTIN, exit "
        "back to the Cairn shell",
        ["--machine", "q35", "--disk", img2, "--dialog", sh], 180,
        [st.has(r"^hi$"), st.has(r"^n3$"), st.has(r"^abc$"),
         st.count(r"^line one$", 2), st.has(r"^axy$"),
         st.has(r"^partpart"), st.has(r"^==\nhello from vi$"),
         st.has(r"^back 130$"), st.has(r"^2survived$"),
         st.count(r"\[1\]\+ +Stopped +sleep 100$", 2),
         st.has(r"^fg back 130$"), st.has(r"^waited$"),
         st.has(r"^\[1\]\+ +Stopped \(tty input\) +cat$"),
         st.lacks(r"^junk$"),
         st.lacks(r"^run: /disk/bin/sh (exited|killed)"),
         st.has(r"^alive$"), st.has(r"^ +\d+ +posix "),
         st.lacks(r"PANIC|supervisor"),
         st.has(r"^power: off, status 0$"), st.status(0)])]


BUSYBOX = [
    'sh -c "echo hi; echo a b c | wc -w"',
    'sh -c "mkdir -p /bb/d && cd /bb && echo one > f && cp f d/g && '
    'mv d/g d/h && ls d && find /bb | sort"',
    'sh -c "printf \'b\\na\\nb\\nc\\n\' > /bb/w; sort /bb/w | uniq -c | '
    'head -n 2; tail -n 1 /bb/w"',
    'sh -c "grep -c b /bb/w; sed s/a/A/ /bb/w | tr \'\\n\' \' \'; echo; '
    'cut -c1 /bb/w | wc -l"',
    'sh -c "awk \'{n++} END {print n}\' /bb/w; cat /bb/f; head -c 2 /bb/f; '
    'echo"',
    'sh -c "seq 1 5 | xargs echo n:; env | grep -c PATH; date +%Y; '
    'sleep 1; echo slept"',
    'sh -c "rm -r /bb; ls /bb"',
    'ls -l /ptest/hello',
    'sh -c "sleep 30 & sleep 1; ps; echo pidof $(pidof sleep); '
    'kill $(pidof sleep); wait $!; echo waited $?; top -b -n 1"',
]


def busybox_tests(build, arch):
    """Debian's busybox-static, unchanged, from the disk: its sh runs
    pipelines, redirections, lists and arithmetic, and each applet the
    issue names that needs no terminal or network."""
    import systests as st
    if arch != "x86_64":
        return []
    img = ptest_image(build, "posix-busybox.img")
    session = ["run /disk/bin/" + c for c in BUSYBOX] + ["ps", "poweroff"]
    return [(
        "posix (q35): busybox sh -c runs pipelines of ls cat cp mv rm mkdir "
        "find grep sed awk sort uniq wc head tail tr cut xargs env date; "
        "ps, pidof, kill and top read /proc",
        ["--machine", "q35", "--disk", img, "--input",
         "\n".join(session) + "\n"], 180,
        [st.has(r"^hi\n3$"),
         st.has(r"^h\n/bb\n/bb/d\n/bb/d/h\n/bb/f$"),
         st.has(r"^ +1 a\n +2 b\nc$"),
         st.has(r"^2\nb A b c \n4$"),
         st.has(r"^4\none\non$"),
         st.has(r"^n: 1 2 3 4 5\n1\n1970\nslept$"),
         st.has(r"^ls: /bb: No such file or directory\n"
                r"run: /disk/bin/sh exited with status 1$"),
         st.has(r"^-rwxr-xr-x +1 0 +0 +\d+ .* /ptest/hello$"),
         st.has(r"^PID +USER +COMMAND\n +1 0 +\[posix\]$"),
         st.has(r"^ +\d+ 0 +\{sh\} sleep 30$"), st.has(r"^pidof \d+$"),
         st.has(r"^waited 143$"),
         st.has(r"^Load average: 0\.00 0\.00 0\.00 \d+/\d+ \d+$"),
         st.has(r"^ +\d+ +1 0 +R .* top -b -n 1$"),
         st.has(r"^ +\d+ +posix "), st.lacks(r"PANIC|supervisor|SIGSEGV"),
         st.has(r"^power: off, status 0$"), st.status(0)])]


SEQ = "".join("%d\n" % i for i in range(1, 20001)).encode()


def socket_tests(build, st):
    """Sockets (docs/posix.md, "Sockets"), over the net service's
    loopback: nettest; busybox wget from Cairn's httpd (port 80, serving
    /disk/www) and from busybox's httpd, the bytes' MD5 checked; then the
    net service crashed under a held recv."""
    import hashlib
    img = ptest_image(build, "posix-sock.img")
    md5 = hashlib.md5(SEQ).hexdigest()
    bb = "run /disk/bin/busybox "
    session = [
        "run /disk/ptest/nettest",
        'run /disk/bin/sh -c "mkdir -p /www && seq 1 20000 > /www/seq.txt"',
        bb + "wget -O /www/got.txt http://127.0.0.1/seq.txt",
        bb + "md5sum /www/got.txt",
        bb + "wget -O - http://127.0.0.1/nothing",
        bb + "wget -O - http://127.0.0.1:9/",
        'run /disk/bin/sh -c "httpd -f -p 127.0.0.1:8080 -h /www & '
        'sleep 1; wget -q -O - http://127.0.0.1:8080/seq.txt 2>/dev/null '
        '| md5sum; kill $!"',
        "run /disk/ptest/nettest restart", "crash net",
        'run /disk/bin/sh -c "sleep 4; echo slept"', "ps", "poweroff"]
    return [(
        "posix (q35): sockets: nettest over 127.0.0.1 (TCP between fork's "
        "two ends, UDP, nonblocking calls, a held accept and a signal, the "
        "refusals); busybox wget from Cairn's httpd and busybox's, bytes "
        "checked; the net service crashed under a held recv",
        ["--machine", "q35", "--disk", img, "--input",
         "\n".join(session) + "\n"], 240,
        [st.lacks(r"^not ok"),
         st.has(r"^nettest: 99 passed, 0 failed$"),
         st.has(r"^Connecting to 127\.0\.0\.1 \(127\.0\.0\.1:80\)$"),
         st.has(r"^%s  /www/got\.txt$" % md5),
         st.has(r"^wget: server returned error: HTTP/1\.1 404 Not Found$"),
         st.has(r"^wget: can't connect to remote host \(127\.0\.0\.1\): "
                r"Connection refused$"),
         st.has(r"^%s  -$" % md5),
         st.has(r"^nettest: restart: pid \d+ holds a recv$"),
         st.has(r"supervisor: restarted net \(restart 1\)$"),
         st.has(r"^nettest: restart: a held recv: ECONNRESET$"),
         st.has(r"^nettest restart: 4 passed, 0 failed$"),
         st.has(r"^slept$"),
         st.has(r"^ +\d+ +posix "), st.lacks(r"PANIC|SIGSEGV|giving up"),
         st.has(r"^power: off, status 0$"), st.status(0)])]


def fsck_clean(img):
    """After QEMU: e2fsck -fn finds nothing wrong with the disk."""
    def check(run):
        p = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return "e2fsck -fn: status %d: %s" % (
                p.returncode, p.stdout.decode(errors="replace")[-400:])
    return check


def orphan_ended(run):
    """forkbomb's orphan ticked before the second crash of the server and
    never after the server came back (a 2 s sleep later: four ticks, had
    it lived)."""
    after = re.search(r"supervisor: restarted posix \(restart 2\)$",
                      run.out, re.M)
    if not after:
        return "the server was not restarted a second time"
    before = run.out[:after.start()]
    if not re.search(r"^forkbomb: orphan tick 1$", before, re.M):
        return "the orphan never ticked before the crash"
    m = re.search(r"forkbomb: orphan tick \d+", run.out[after.end():])
    if m:
        return "the orphan still ticks after the crash: %r" % m.group(0)
    if not re.search(r"^slept$", run.out[after.end():], re.M):
        return "no sleep after the crash"


def bad_input_tests(build, st):
    """Bad input (issue 13): wild pointers and arguments to every call,
    2,000 random calls, a fork bomb; then the server crashed twice, once
    with a Linux process left running under it, and restarted."""
    img = ptest_image(build, "posix-wild.img")
    run = "run /disk/ptest/"
    session = [run + "wild", run + "forkbomb", run + "cowtest oom", "ps",
               "run hello",
               "crash posix", run + "hello after", "ps",
               run + "forkbomb orphan", "crash posix",
               run + "hello again", 'run /disk/bin/sh -c "sleep 2; echo slept"',
               "ps", "poweroff"]
    ps = r"^ +\d+  posix +running +\d+K +\d+K +%d +\d+$"
    return [(
        "posix (q35): bad input gets Linux's errors, 2,000 random calls, a "
        "fork bomb meets its quota; the server crashed under a Linux "
        "process ends it and is restarted",
        ["--machine", "q35", "--disk", img, "--input",
         "\n".join(session) + "\n"], 300,
        [st.lacks(r"^not ok"),
         st.has(r"^wild: survived 2000 calls$"),
         st.has(r"^wild: 146 passed, 0 failed$"),
         st.has(r"^forkbomb: [1-9]\d* processes forked before fork failed$"),
         st.has(r"^forkbomb: 7 passed, 0 failed$"),
         st.has(r"^cowtest: \d+ children wrote 3 MiB, [1-9]\d* found no "
                r"memory, \d+ forks refused$"),
         st.has(r"^posix: out of memory: no page for cowtest \(pid \d+\) at "
                r"0x[0-9a-f]+$"),
         st.has(r"^cowtest oom: 3 passed, 0 failed$"),
         st.has(r"^hello from hello, pid \d+, with 0 arguments:$"),
         st.count(r"supervisor: posix \(pid \d+\): page fault at 0x0", 2),
         st.has(r"supervisor: restarted posix \(restart 1\)$"),
         st.has(r"^hello from Linux: argc 2 \[after\]$"),
         st.has(ps % 0), st.has(ps % 1), st.has(ps % 2),
         st.has(r"^forkbomb: orphan \d+ left running$"),
         st.has(r"^hello from Linux: argc 2 \[again\]$"),
         orphan_ended,
         st.lacks(r"PANIC|giving up|cannot restart"),
         st.has(r"^power: off, status 0$"), st.status(0),
         fsck_clean(img)])]
