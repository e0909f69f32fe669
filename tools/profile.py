#!/usr/bin/env python3
"""Where the instructions go: trace hot operations instruction by instruction.

    profile.py [--build DIR] [--out FILE]

Boots the benchmark root task (bench/) in its trace mode (cairn.bench_trace)
under QEMU's TCG with its GDB stub, halted.  GDB, in batch mode, runs the
script below: for each traced operation it stops at the bench's marker
trace_begin_<name>, then single-steps until trace_end, keeping each rip.
QEMU masks interrupts and stops its timers while single-stepping, so the
trace is the operation alone: the user code from the marker's return to
the call of trace_end, and everything the kernel does in between.

Each rip is mapped to a function with one `addr2line -i -f` call per ELF
(the kernel, cairn.elf, and the bench, bench.elf), so that inlined functions
show: a line names the innermost function and, after "in", the function it
was inlined into.  Assembly without debug information is named by the
nearest symbol below it (nm).

Each instruction also gets a phase, from PHASES below: the first function
of its inline chain, innermost first, that the table knows decides.  An
instruction none of whose functions the table knows is "other", and its
functions are listed by name.  The table is small on purpose: when the
kernel's functions are renamed, extend it.

The profile goes to stdout and to DIR/profile.txt.
"""
import argparse
import bisect
import collections
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile

# The traced operations, in the order the bench runs them (bench/ipc.c,
# bench_trace): (the marker's suffix, the figure it matches).
OPERATIONS = [
    ("ipc", "ipc_roundtrip_cross_as: call + reply-recv, cross-AS"),
    ("null", "null_syscall"),
    ("fault", "fault_roundtrip: unknown-syscall fault + reply"),
    ("map", "map_4k: map a frame (its page table is there)"),
    ("unmap", "unmap_4k: unmap it"),
    ("notify", "notify_roundtrip: signal, wait for the partner's signal"),
    ("thread", "thread_create: retype ... resume, to the first instruction"),
]

# Phases: (phase, regular expression on a function's name).  For each
# instruction the functions of its inline chain are tried innermost first;
# for each function the rows in order; the first match decides.  Small
# accessors (cap_type, reg_info, ...) are left out on purpose, so that
# they count for the function they were inlined into.
PHASES = [
    # SYSCALL's assembly up to the first C function, and the trap stubs.
    ("entry", r"^(syscall_entry|syscall_entry_fast|syscall_null|trap_stubs|trap_common|paranoid_common)$"),
    # Leaving: the assembly from arch_restore_user to SYSRET or IRETQ,
    # the C that picks the thread to leave for, and the slow path's plain
    # exit to the caller (leave, sched_keeps_cur, the stretch's stamps).
    ("exit", r"^(arch_restore_user|arch_return_to|kernel_exit|restore_\w+|"
     r"leave|sched_keeps_cur|stamp|account)$"),
    # Page tables: walking, changing and flushing them.
    ("tables", r"^(pt_|vspace_(map|has)|arch_unmap$|remap$|"
     r"map_(frame|table)$|frame_(level|entry)$|table_level$|flush$|"
     r"invlpg$|asid_)"),
    # Finding capabilities in the CSpace.
    ("lookup", r"lookup|^(cspace_|resolve|cnode_guard)"),
    # Thread queues, run queues, binding a reply object.
    ("queue", r"^(tq_|sched_(wake|remove|rotate|enqueue|dequeue|append)|"
     r"link_(head|tail)|mark$|unmark$|settle_cur$|take$|bind_reply|"
     r"release_reply|reply_)"),
    # Moving the message and the fault words.
    ("copy", r"^(deliver|transfer|fault_words|msg_|"
     r"memcpy|memmove|copy_)"),
    # Changing threads: address space, kernel stack, FPU, FS base.
    ("switch", r"switch|^(vspace_activate|write_cr3|set_cr3|fpu_|fx|"
     r"arch_set_fs|wrfsbase|wrmsr|tss_|percpu_)"),
    # Everything else the system calls decide: which call, which path,
    # may it go, who runs next.
    ("checks", r"^(syscall_|fastpath|fast_|try_|short_message|do_|ep_|"
     r"ntfn_|decode_|invoke|object_decode$|sched_|fault_|arch_fault|"
     r"trap_user|handle_)"),
    # Making, zeroing and setting up objects, and their slots.
    ("objects", r"^(untyped_|object_|reset$|memset$|cte_|cap_make$|"
     r"slot_dest$|set_next$|debug_track$|tcb_init$|arch_tcb_|arch_reg_|"
     r"reg_slot$)"),
]
PHASE_ORDER = ["user", "entry", "lookup", "checks", "tables", "objects",
               "queue", "copy", "switch", "exit", "other"]
KERNEL_BASE = 0xFFFF800000000000
MAX_STEPS = 200000

# The GDB side: runs inside `gdb -batch`; its settings come in the
# environment.  Writes one line per operation: the name, then the rips.
GDB_SCRIPT = r'''
import os
import gdb

port = os.environ["PROFILE_PORT"]
out = os.environ["PROFILE_OUT"]
ops = os.environ["PROFILE_OPS"].split()
end = int(os.environ["PROFILE_END"], 16)
limit = int(os.environ["PROFILE_MAX"])
gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("set architecture i386:x86-64")
gdb.execute("target remote 127.0.0.1:" + port)
with open(out, "w") as f:
    for op in ops:
        name, addr = op.split("=")
        gdb.execute("break *0x" + addr)
        gdb.execute("continue")
        gdb.execute("delete")
        pcs = []
        while len(pcs) < limit:
            gdb.execute("stepi", to_string=True)
            pc = int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFFFFFFFFFF
            if pc == end:
                break
            pcs.append(pc)
        f.write(name + " " + " ".join("%x" % p for p in pcs) + "\n")
        f.flush()
gdb.execute("kill")
'''


def nm_symbols(elf):
    """The text symbols of elf, sorted: (addresses, names)."""
    out = subprocess.run(["nm", "-n", "--defined-only", elf], check=True,
                         capture_output=True, text=True).stdout
    addrs, names = [], []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWw":
            addrs.append(int(parts[0], 16))
            names.append(parts[2])
    return addrs, names


def symbol_at(syms, pc):
    """The name of the nearest symbol at or below pc, or '?'."""
    addrs, names = syms
    i = bisect.bisect_right(addrs, pc) - 1
    return names[i] if i >= 0 else "?"


def inline_chains(elf, pcs):
    """Map each pc to its inline chain, innermost first (one addr2line)."""
    syms = nm_symbols(elf)
    chains = {}
    if not pcs:
        return chains
    args = ["addr2line", "-i", "-f", "-a", "-e", elf]
    out = subprocess.run(args + ["%x" % p for p in pcs], check=True,
                         capture_output=True, text=True).stdout
    cur = None
    lines = out.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("0x"):
            cur = int(lines[i], 16)
            chains[cur] = []
            i += 1
            continue
        name = lines[i]
        i += 2  # the function, then its file:line
        if name != "??":
            chains[cur].append(name)
    for pc in pcs:
        if not chains.get(pc):
            chains[pc] = [symbol_at(syms, pc)]
    return chains


def phase_of(chain, user):
    """The phase of an instruction with this inline chain."""
    if user:
        return "user"
    for name in chain:
        for phase, pattern in PHASES:
            if re.search(pattern, name):
                return phase
    return "other"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def trace(build, ends):
    """Boot the bench in trace mode and return {operation: [rip, ...]}."""
    with tempfile.TemporaryDirectory(prefix="cairn-profile-") as tmp:
        return trace_in(build, ends, tmp)


def trace_in(build, ends, tmp):
    """trace(), with tmp a scratch folder."""
    port = free_port()
    script = os.path.join(tmp, "trace.py")
    result = os.path.join(tmp, "trace.txt")
    with open(script, "w") as f:
        f.write(GDB_SCRIPT)
    log = open(os.path.join(build, "profile-qemu.log"), "w")
    qemu = subprocess.Popen(
        ["tools/run-qemu.sh", "--build", build, "--test", "--accel", "tcg",
         "--icount", "--append", "cairn.bench_trace",
         "--modules", build + "/user/bench.elf",
         "--", "-S", "-gdb", "tcp:127.0.0.1:%d" % port],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    env = dict(os.environ, PROFILE_PORT=str(port), PROFILE_OUT=result,
               PROFILE_END="%x" % ends["end"], PROFILE_MAX=str(MAX_STEPS),
               PROFILE_OPS=" ".join("%s=%x" % (op, ends[op])
                                    for op, _ in OPERATIONS))
    gdb = "gdb-multiarch" if subprocess.run(
        ["sh", "-c", "command -v gdb-multiarch"],
        capture_output=True).returncode == 0 else "gdb"
    try:
        # GDB retries the connection while QEMU opens its stub.
        run = subprocess.run([gdb, "-batch", "-nx", "-ex",
                              "set tcp connect-timeout 30", "-x", script],
                             env=env, timeout=1200, text=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if run.returncode != 0:
            sys.stderr.write(run.stderr[-3000:])
            sys.exit("profile: GDB failed (QEMU's log: %s/profile-qemu.log)"
                     % build)
    finally:
        try:
            qemu.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(qemu.pid, signal.SIGTERM)
            qemu.wait()
        log.close()
    traces = {}
    with open(result) as f:
        for line in f:
            parts = line.split()
            traces[parts[0]] = [int(p, 16) for p in parts[1:]]
    for op, _ in OPERATIONS:
        if op not in traces:
            sys.exit("profile: no trace of %s" % op)
        if len(traces[op]) >= MAX_STEPS:
            sys.exit("profile: %s did not reach trace_end" % op)
    return traces


def markers(bench):
    """The addresses of the bench's trace markers."""
    addrs, names = nm_symbols(bench)
    found = dict(zip(names, addrs))
    ends = {}
    for op, _ in OPERATIONS:
        ends[op] = found.get("trace_begin_" + op)
    ends["end"] = found.get("trace_end")
    missing = [k for k, v in ends.items() if v is None]
    if missing:
        sys.exit("profile: no trace markers in %s: %s" % (bench, missing))
    return ends


def label(chain):
    """A function's name for the listing: innermost, and where inlined."""
    if len(chain) > 1:
        return "%s (in %s)" % (chain[0], chain[-1])
    return chain[0]


def report(traces, kchains, uchains, out):
    for op, title in OPERATIONS:
        pcs = traces[op]
        phases = collections.Counter()
        funcs = collections.Counter()
        func_phase = {}
        others = collections.Counter()
        total = 0
        for pc in pcs:
            user = pc < KERNEL_BASE
            chain = (uchains if user else kchains)[pc]
            if chain[-1].startswith("trace_begin_"):
                continue  # the marker's own return
            total += 1
            ph = phase_of(chain, user)
            name = ("user: " if user else "") + label(chain)
            phases[ph] += 1
            funcs[name] += 1
            func_phase[name] = ph
            if ph == "other":
                others[chain[0]] += 1
        out.append("")
        out.append("%s: %d instructions" % (title, total))
        out.append("  by phase:")
        for ph in PHASE_ORDER:
            if phases[ph]:
                out.append("    %-8s %6d" % (ph, phases[ph]))
        if others:
            out.append("    (other: %s)" % ", ".join(
                "%s %d" % kv for kv in others.most_common()))
        out.append("  by function (innermost, and the function it is in):")
        for name, n in sorted(funcs.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append("    %6d  %-7s %s" % (n, func_phase[name], name))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    kernel = os.path.join(a.build, "cairn.elf")
    bench = os.path.join(a.build, "user", "bench.elf")
    traces = trace(a.build, markers(bench))
    allpcs = sorted({p for pcs in traces.values() for p in pcs})
    kchains = inline_chains(kernel, [p for p in allpcs if p >= KERNEL_BASE])
    uchains = inline_chains(bench, [p for p in allpcs if p < KERNEL_BASE])
    rev = subprocess.run(["git", "describe", "--always", "--dirty"],
                         capture_output=True, text=True).stdout.strip()
    out = ["Where the instructions go (tools/profile.py, make profile):",
           "one traced run of each operation after warm-up, QEMU TCG;",
           "%s, source %s." % (a.build, rev or "unknown")]
    report(traces, kchains, uchains, out)
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    with open(a.out or os.path.join(a.build, "profile.txt"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
