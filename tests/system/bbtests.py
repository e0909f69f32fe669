"""busybox's own test suite on Cairn (docs/posix.md, "busybox's test
suite"): testsuite/ of Debian's busybox source package, the binary's
version, unchanged, on an ext2 disk with busybox and its configuration
(tools/bbtest-disk.sh), run by its own runner (runtest) under busybox sh
from the Cairn shell, an applet at a time.  Every test that does not
pass on Cairn today is listed in tests/posix/busybox-expected-failures.txt
with its reason; the test fails if another fails, or if one listed
passes, so that the list stays true.  x86_64 (q35) only, as the server
is for now.
"""
import os
import re
import subprocess

EXPECTED = "tests/posix/busybox-expected-failures.txt"


def bbtest_image(build, applets, name="bbtest.img"):
    """BUILD/NAME, by tools/bbtest-disk.sh, whose /bbtest/run runs these
    applets' tests; made when the tests are listed."""
    img = os.path.join(build, name)
    if os.path.exists(os.path.join(build, "cairn.elf")):
        subprocess.run(["tools/bbtest-disk.sh", "--applets",
                        " ".join(applets), img], check=True,
                       stdout=subprocess.DEVNULL)
    return img


def expected(path=EXPECTED):
    """The list's applets to run (its "run:" lines) and its expected
    failures ("applet: test" lines, each with the "# " lines above it as
    its reason), as (applets, {failure: reason})."""
    applets, fails = [], {}
    reason, block = "", False
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# "):
                reason = (reason + " " if block else "") + line[2:]
                block = True
                continue
            block = False
            if line.startswith("run: "):
                applets += line[5:].split()
            elif line and not line.startswith("#"):
                fails[line] = reason
    return applets, fails


def results(out):
    """The failures in the output of /bbtest/run: "applet: name" for each
    FAIL line, "applet: (status N)" for an applet whose runner failed
    with no FAIL line, "applet: (did not end)" for one that never ended;
    and the applets that ended."""
    fails, ended = set(), []
    for m in re.finditer(r"^bbtest: applet (\S+)\n(.*?)"
                         r"(?:^bbtest: applet \1 status (\d+), \d+ s$|\Z)",
                         out, re.M | re.S):
        applet, body, status = m.groups()
        names = re.findall(r"^FAIL: (.*)$", body, re.M)
        fails.update("%s: %s" % (applet, n) for n in names)
        if status is None:
            fails.add("%s: (did not end)" % applet)
            continue
        ended.append(applet)
        if status != "0" and not names:
            fails.add("%s: (status %s)" % (applet, status))
    return fails, ended


def as_listed(path=EXPECTED):
    """A check: each applet of the list ran to its end, each failure is
    listed and each listed failure failed."""
    applets, want = expected(path)

    def check(run):
        got, ended = results(run.out)
        whys = []
        missing = [a for a in applets if a not in ended]
        if missing:
            whys.append("did not end: " + " ".join(missing))
        for f in sorted(got - set(want)):
            whys.append("fails, not in %s: %s" % (path, f))
        for f in sorted(set(want) - got):
            whys.append("passes now, remove it from %s: %s" % (path, f))
        return "\n".join(whys) or None
    return check


def tests(build, arch):
    import systests as st
    if arch != "x86_64":
        return []
    applets, _ = expected()
    img = bbtest_image(build, applets)
    session = ["run /disk/bin/sh /bbtest/run", "poweroff"]
    return [(
        "posix (q35): busybox's test suite, %d applets, fails only as %s "
        "lists" % (len(applets), EXPECTED),
        ["--machine", "q35", "--disk", img, "--input",
         "\n".join(session) + "\n"], 240,
        [st.has(r"^bbtest: %d applets$" % len(applets)),
         st.has(r"^bbtest: done, \d+ s$"), as_listed(),
         st.lacks(r"PANIC|supervisor"),
         st.has(r"^power: off, status 0$"), st.status(0)])]


def counts(out):
    """{applet: (passed, failed, skipped)} from /bbtest/run's output; an
    applet's "(status N)" or "(did not end)" counts as a failure."""
    fails, _ = results(out)
    table = {}
    for m in re.finditer(r"^bbtest: applet (\S+)\n(.*?)"
                         r"(?:^bbtest: applet \1 status \d+, \d+ s$|\Z)",
                         out, re.M | re.S):
        applet, body = m.groups()
        if applet in table:
            continue
        passed = len(re.findall(r"^PASS: ", body, re.M))
        skipped = len(re.findall(r"^(?:SKIPPED|UNTESTED): ", body, re.M))
        failed = len([f for f in fails if f.startswith(applet + ": ")])
        table[applet] = (passed, failed, skipped)
    return table


def main():
    """bbtests.py CAIRN-LOG [LINUX-LOG]: the failures of a Cairn run in
    the list's form, then the table of docs/posix.md (applet, tests run
    on Linux, skipped there, passed on Cairn, passed on Linux)."""
    import sys
    # bench-linux's logs start each line with the host's time.
    logs = [re.sub(r"^\d+\.\d+ ", "", open(p, errors="replace").read()
                   .replace("\r", ""), flags=re.M) for p in sys.argv[1:3]]
    fails, _ = results(logs[0])
    for f in sorted(fails):
        print(f)
    cairn = counts(logs[0])
    linux = counts(logs[1]) if len(logs) > 1 else cairn
    print("\n| applet | tests | skipped | passed on Cairn | "
          "passed on Linux |")
    print("|---|---:|---:|---:|---:|")
    tot = [0, 0, 0, 0]
    for a in sorted(linux):
        lp, lf, ls = linux[a]
        cp = cairn[a][0] if a in cairn else 0
        row = [lp + lf, ls, cp, lp]
        tot = [x + y for x, y in zip(tot, row)]
        print("| %s | %d | %d | %d | %d |" % ((a,) + tuple(row)))
    print("| all %d | %d | %d | %d | %d |" % ((len(linux),) + tuple(tot)))


if __name__ == "__main__":
    main()
