#!/usr/bin/env python3
"""Run Cairn's host unit test binaries (cmocka) and total their results.

Usage: rununit.py BINARY...

Each binary runs with a 60-second timeout and its output is echoed.
cmocka's summary lines ("[  PASSED  ] N test(s)." and "[  FAILED  ] N
test(s), listed below:") give the counts.  A binary that crashes, times
out, prints no summary, or exits non-zero without reporting a failure is
broken: the tests it started and did not finish count as failed, and at
least one failure is counted for it.  A skipped test (cmocka's skip())
checked nothing: it counts as failed, and its name is printed.  The last
line printed is always "unit: N passed, N failed"; the exit status is 1 if
any test failed or any binary was broken, else 0.
"""

import os
import re
import signal
import subprocess
import sys

TIMEOUT = 60

PASSED_RE = re.compile(r"^\[  PASSED  \] (\d+) test\(s\)\.", re.M)
FAILED_RE = re.compile(r"^\[  FAILED  \] (\d+) test\(s\), listed below:", re.M)
RUNNING_RE = re.compile(r"^\[==========\] Running (\d+) test\(s\)\.", re.M)
OK_RE = re.compile(r"^\[       OK \] ", re.M)
SKIPPED_RE = re.compile(
    r"^\[  SKIPPED \] (\d+) test\(s\), listed below:\n"
    r"((?:\[  SKIPPED \] \S+\n)*)", re.M)


def echo(data):
    """Print a binary's output as it came; return it as text."""
    if not data:
        return ""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    sys.stdout.write(data)
    if not data.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()
    return data


def counts(text):
    """Return (passed, failed, has_summary) from cmocka's output."""
    if PASSED_RE.search(text) or FAILED_RE.search(text):
        passed = sum(int(n) for n in PASSED_RE.findall(text))
        failed = sum(int(n) for n in FAILED_RE.findall(text))
        return passed, failed, True
    # No summary: the run was cut short.  Tests reported OK passed;
    # every other test announced counts as failed.
    passed = len(OK_RE.findall(text))
    running = sum(int(n) for n in RUNNING_RE.findall(text))
    return passed, max(running - passed, 0), False


def skipped(text):
    """The names of the tests cmocka's summaries list as skipped."""
    names = []
    for m in SKIPPED_RE.finditer(text):
        names += [l.split("] ", 1)[1] for l in m.group(2).splitlines()]
        if int(m.group(1)) > len(m.group(2).splitlines()):
            names.append("(%s unnamed)" % m.group(1))
    return names


def run_one(path):
    """Run one binary; return (passed, failed, problem or None)."""
    env = dict(os.environ)
    # Plain text on the standard streams, whatever the caller set.
    env["CMOCKA_MESSAGE_OUTPUT"] = "STDOUT"
    env.pop("CMOCKA_XML_FILE", None)
    try:
        # A session of its own, so a timeout can end the binary and
        # anything it started.
        proc = subprocess.Popen(
            [path],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        return 0, 0, "could not run: %s" % exc
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        passed, failed, _ = counts(echo(out))
        return passed, failed, "timed out after %d s" % TIMEOUT
    text = echo(out)
    passed, failed, summary = counts(text)
    skips = skipped(text)
    if skips:
        return passed, failed + len(skips), "skipped: " + ", ".join(skips)
    if proc.returncode < 0:
        return passed, failed, "killed by signal %d" % -proc.returncode
    if not summary:
        return passed, failed, "no cmocka summary (exit %d)" % proc.returncode
    if proc.returncode != 0 and failed == 0:
        return passed, failed, "exit status %d" % proc.returncode
    return passed, failed, None


def main(argv):
    total_passed = 0
    total_failed = 0
    broken = []
    if len(argv) < 2:
        broken.append("no test binaries given")
    for path in argv[1:]:
        print("unit: running %s" % path, flush=True)
        passed, failed, problem = run_one(path)
        if problem is not None:
            failed = max(failed, 1)
            broken.append("%s: %s" % (path, problem))
        total_passed += passed
        total_failed += failed
    for line in broken:
        print("unit: broken: %s" % line)
    print("unit: %d passed, %d failed" % (total_passed, total_failed))
    return 1 if total_failed > 0 or broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
