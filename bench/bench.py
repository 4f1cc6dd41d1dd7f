#!/usr/bin/env python3
"""The measurements of bench/run.sh: the agent's cycle against the floor of its commands, the cost of a process
start and the execs per command, the phases of a cycle, the agent's own CPU, start-up and memory beside an empty
application of the same stack, scaling; optionally Zabbix agent 2. Run through run.sh, which owns the temp dir and
the clean-up.

Every process started here is a session leader (start_new_session) whose pid goes to <tmp>/pids, so that
run.sh's EXIT trap can kill each whole group whatever happens here. Loopback only: the fake API and the
agent's HTTP port bind 127.0.0.1; Zabbix agent 2 listens on 127.0.0.1 with its own config in <tmp>.
"""
import argparse
import json
import os
import re
import resource
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

import execs
import floor

HERE = os.path.dirname(os.path.abspath(__file__))
HZ = os.sysconf("SC_CLK_TCK")
CMD_ENV = {"LC_ALL": "C", "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "HOME": os.environ.get("HOME", "/"), "USER": os.environ.get("USER", "root")}
SIZES = [("1 KB", 1024), ("10 KB", 10240), ("100 KB", 102400), ("1 MB", 1048576), ("10 MB", 10485760)]
COUNTS = [1, 16, 64, 256]

# A log line of the agent: "2026-12-02 08:31:12,345 INFO  [c.t.a.c.CycleService] cycle ok in 185 ms: ..."
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) +\w+ +\[[^\]]*\] (.*)$")
CYCLE_LINE = re.compile(r"^cycle (\S+) in (\d+) ms")
STARTED_LINE = re.compile(r"^Command (\S+) started")
ENDED_LINE = re.compile(r"^Command (\S+) ended: exit (-?\d+) after (\d+) ms")
DEBUG_COMMANDS = {"QUARKUS_LOG_CATEGORY__COM_TRAFIKITO_AGENT_COMMANDS__LEVEL": "DEBUG"}

A = None          # parsed arguments
ROWS = []         # (section, figure, value, note) for the final table
STARTED = []      # Popen objects still to stop
CYCLE = {}        # figures one section passes to another: the agent's idle RSS and start time


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


def row(section, figure, value, note=""):
    ROWS.append((section, figure, value, note))
    log("%s | %s | %s %s" % (section, figure, value, note))


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def ms(x):
    return "%.0f ms" % (x * 1000) if x == x else "n/a"


# ---------------------------------------------------------------------------------------------- processes

def spawn(cmd, **kw):
    p = subprocess.Popen(cmd, start_new_session=True, **kw)
    with open(os.path.join(A.tmp, "pids"), "a") as f:
        f.write("%d\n" % p.pid)
    STARTED.append(p)
    return p


def stop(p, sig=signal.SIGTERM, wait=15):
    if p.poll() is None:
        try:
            os.kill(p.pid, sig)
        except ProcessLookupError:
            pass
        try:
            p.wait(wait)
        except subprocess.TimeoutExpired:
            log("pid %d did not stop within %d s: KILL to its group" % (p.pid, wait))
    try:
        os.killpg(p.pid, signal.SIGKILL)  # leftovers of its group, if any
    except (ProcessLookupError, PermissionError):
        pass
    p.wait()
    if p in STARTED:
        STARTED.remove(p)


def free_port(low=None, high=None):
    """A free loopback port: the kernel's choice, or one in [low, high] (Zabbix takes 1024-32767 only)."""
    import random
    for _ in range(200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", random.randint(low, high) if low else 0))
            except OSError:
                continue
            return s.getsockname()[1]
    raise SystemExit("no free port")


def stat_times(path):
    """The name and utime, stime, cutime, cstime in seconds of a /proc/.../stat file (a process or a thread)."""
    with open(path) as f:
        text = f.read()
    fields = text.rsplit(")", 1)[1].split()
    return text[text.index("(") + 1:text.rindex(")")], [int(x) / HZ for x in fields[11:15]]


def proc_stat(pid):
    """utime, stime, cutime, cstime in seconds (children: only those the process has waited for)."""
    return stat_times("/proc/%d/stat" % pid)[1]


def thread_cpu(pid):
    """{tid: (thread name, utime+stime in seconds)} of the process's live threads."""
    threads = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            name, times = stat_times("/proc/%d/task/%s/stat" % (pid, tid))
        except OSError:
            continue  # ended meanwhile
        threads[tid] = (name, times[0] + times[1])
    return threads


# The JVM's thread names as /proc shows them (15 characters), grouped by what they do in a cycle.
THREAD_GROUPS = [("event loop (HTTP)", r"^vert\.x-eventloo"), ("cycle worker", r"^executor-thread"),
                 ("JIT compiler", r"^C[12] Compiler"), ("command readers", r"^command-"),
                 ("process reapers", r"^process reaper"), ("scheduler tick", r"^quarkus-schedul")]


def cpu_by_thread(before, after, total):
    """Splits the CPU between two thread_cpu() snapshots by THREAD_GROUPS; threads not alive at both ends
    (started or ended between them) and the JVM's own threads fall into the last two groups."""
    groups = {name: 0.0 for name, _ in THREAD_GROUPS}
    seen = 0.0
    for tid, (name, cpu) in after.items():
        if tid not in before:
            continue
        delta = cpu - before[tid][1]
        seen += delta
        for group, pattern in THREAD_GROUPS:
            if re.match(pattern, name):
                groups[group] += delta
                break
        else:
            groups["JVM (GC, VM thread, ...)"] = groups.get("JVM (GC, VM thread, ...)", 0.0) + delta
    groups["threads that started or ended meanwhile"] = total - seen
    return groups


def status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def forks():
    """Processes (and threads) created on the whole machine since boot."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("processes "):
                return int(line.split()[1])


def jvm_options():
    opts = []
    with open(A.jvm_options) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                opts.append(line)
    return opts


# ---------------------------------------------------------------------------------------------- fake API

class FakeApi:
    def __init__(self):
        self.dir = os.path.join(A.tmp, "api")
        os.makedirs(self.dir)
        self.commands = os.path.join(self.dir, "commands")
        self.log = os.path.join(self.dir, "calls.log")
        open(self.log, "w").close()
        port_file = os.path.join(self.dir, "port")
        self.p = spawn([sys.executable, os.path.join(HERE, "fake_api.py"), "--port-file", port_file,
                        "--commands", self.commands, "--log", self.log],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        deadline = time.time() + 10
        while not os.path.exists(port_file):
            if time.time() > deadline or self.p.poll() is not None:
                raise SystemExit("the fake API did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            self.port = int(f.read())

    def ask(self, names):
        write_atomic(self.commands, ",".join(names) + "\n")

    def calls(self):
        """[(time answered, endpoint, request bytes, time the request's headers were read)]"""
        out = []
        with open(self.log) as f:
            for line in f:
                t, endpoint, size, began = line.split()
                out.append((float(t), endpoint, int(size), float(began)))
        return out

    def saves(self):
        return [c for c in self.calls() if c[1] == "save_output"]


def write_atomic(path, text, mode=0o644):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def whitelist_text(entries):
    return "".join('trafikito_%s="%s"\n' % (name, line) for name, line in entries)


def default_commands():
    entries = []
    # The bundled sample whitelist is the 16 default commands of PROTOCOL.md section 5.
    with open(os.path.join(HERE, "..", "src", "main", "resources", "sample", "available_commands.sh")) as f:
        for line in f:
            m = re.match(r'^trafikito_([A-Za-z0-9_]+)="(.*)"$', line.rstrip("\n"))
            if m:
                entries.append((m.group(1), m.group(2)))
    return entries


# ---------------------------------------------------------------------------------------------- the agent

class Agent:
    count = 0

    def __init__(self, api, entries, interval="2s", java=None, opts=None, env=None, label="agent", wrap=()):
        Agent.count += 1
        self.api = api
        self.base = os.path.join(A.tmp, "%s-%d" % (label, Agent.count))
        os.makedirs(os.path.join(self.base, "etc"))
        os.makedirs(os.path.join(self.base, "var"))
        os.chmod(self.base, 0o755)
        write_atomic(os.path.join(self.base, "etc", "trafikito.cfg"),
                     'export SERVER_ID="bench"\nexport API_KEY="bench-key"\n', 0o600)
        self.set_whitelist(entries)
        self.http_port = free_port()
        e = {k: v for k, v in os.environ.items() if not k.startswith(("AGENT_", "QUARKUS_"))}
        e.update({"AGENT_BASE_DIR": self.base, "AGENT_API_URL": "http://127.0.0.1:%d" % api.port,
                  "AGENT_CYCLE_INTERVAL": interval, "AGENT_CYCLE_SPLAY": "false",
                  "QUARKUS_HTTP_PORT": str(self.http_port)})
        e.update(env or {})
        self.err = os.path.join(self.base, "agent.stderr")
        self.saves_before = len(api.saves())
        self.t0 = time.time()
        cmd = list(wrap) + [java or A.java] + (jvm_options() if opts is None else opts) + ["-jar", A.jar, "run"]
        self.p = spawn(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(self.err, "w"),
                       env=e, cwd=A.tmp)
        self.pid = self.p.pid

    def tail(self):
        with open(self.err, errors="replace") as f:
            return "".join(f.readlines()[-15:])

    def set_whitelist(self, entries):
        write_atomic(os.path.join(self.base, "available_commands.sh"), whitelist_text(entries))

    def alive(self):
        return self.p.poll() is None

    def cycles(self):
        """Cycles this agent finished, as seen by the fake API (save_output calls since it started)."""
        return len(self.api.saves()) - self.saves_before

    def wait_cycles(self, n, timeout):
        deadline = time.time() + timeout
        while self.cycles() < n:
            if not self.alive():
                raise SystemExit("the agent exited (%s):\n%s" % (self.p.returncode, self.tail()))
            if time.time() > deadline:
                raise SystemExit("no cycle %d within %d s:\n%s" % (n, timeout, self.tail()))
            time.sleep(0.02)

    def events(self):
        """[(epoch seconds, message)] of the agent's log lines on stderr (format of application.properties)."""
        out = []
        with open(self.err, errors="replace") as f:
            for line in f:
                m = LOG_LINE.match(line)
                if m:
                    t = time.mktime(time.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")) + int(m.group(2)) / 1000
                    out.append((t, m.group(3)))
        return out

    def cycle_lines(self):
        """[(epoch seconds logged, outcome, duration in seconds)] of the agent's `cycle <outcome> in N ms` lines."""
        out = []
        for t, msg in self.events():
            m = CYCLE_LINE.match(msg)
            if m:
                out.append((t, m.group(1), int(m.group(2)) / 1000))
        return out

    def timed_cycles(self, n, timeout_each=120, between=None):
        """Waits for n more cycles and returns each one's duration from its `cycle ok in N ms` log line (what
        the agent measures itself: no scrape of /q/metrics, which the agent may not serve)."""
        durations = []
        for _ in range(n):
            target = self.cycles() + 1
            self.wait_cycles(target, timeout_each)
            deadline = time.time() + 5
            while len(self.cycle_lines()) < target:  # the line comes right after save_output's answer
                if time.time() > deadline:
                    raise SystemExit("no `cycle ... in N ms` line for cycle %d; see %s" % (target, self.err))
                time.sleep(0.05)
            durations.append(self.cycle_lines()[target - 1][2])
            if between:
                between()
        return durations

    def stop(self):
        stop(self.p)
        return self.p.returncode


# ---------------------------------------------------------------------------------------------- sections

def run_loop(lines, rounds):
    """The plain shell loop: the command lines one after another, each through sh -c, output read through a pipe."""
    path = os.path.join(A.tmp, "loop-commands.txt")
    with open(path, "w") as f:
        f.write("".join(line + "\n" for line in lines))
    script = 'while IFS= read -r c; do sh -c "$c"; done < %s' % path
    walls, cpus, procs = [], [], []
    for _ in range(rounds):
        f0, r0, t0 = forks(), resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(["sh", "-c", script], env=CMD_ENV, cwd=A.tmp, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        t1, r1, f1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN), forks()
        walls.append(t1 - t0)
        cpus.append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
        procs.append(f1 - f0)
    return median(walls), median(cpus), min(procs)


def run_each(lines, rounds):
    """Each command alone, `rounds` times: [(line, median wall, median cpu)]."""
    out = []
    for line in lines:
        walls, cpus = [], []
        for _ in range(rounds):
            r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(["sh", "-c", line], env=CMD_ENV, cwd=A.tmp, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            t1, r1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            walls.append(t1 - t0)
            cpus.append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
        out.append((line, median(walls), median(cpus)))
    return out


def section_cycle(api):
    """1 and 2: cycle time of the 16 default commands, the floor, the agent's own CPU and RSS over 100 cycles."""
    entries = default_commands()
    lines = [line for _, line in entries]
    api.ask([name for name, _ in entries])
    log("plain shell loop of the 16 commands, no agent running (load %s)" % load())
    before = run_loop(lines, A.rounds)
    agent = Agent(api, entries, interval="2s", label="cycle")
    log("agent started (pid %d); cycle 1 is the cold one; the commands alone run between cycles" % agent.pid)
    alone = []  # one sample per gap between two cycles: [(line, wall, cpu)]

    def commands_alone():
        if len(alone) >= A.timed + 5:
            return
        t0 = time.time()
        sample = run_each(lines, 1)
        if not any(c[1] == "get_config" and c[0] >= t0 for c in api.calls()):
            alone.append(sample)  # kept only when no cycle started meanwhile

    durations = agent.timed_cycles(1 + A.timed, between=commands_alone)
    while len(alone) < A.timed // 2:  # too many overlaps (a slow machine): a few more gaps
        agent.timed_cycles(1, between=commands_alone)
    cold, warm = durations[0], durations[1:]
    gaps_end = agent.cycles()  # the bench runs nothing in the gaps after this cycle
    samples = {}
    cpu_marks = []  # (cycle, utime+stime, cutime+cstime, forks, per-thread CPU)

    def mark():
        time.sleep(0.5)  # the cycle's state write and timer come right after save_output
        u, s, cu, cs = proc_stat(agent.pid)
        cpu_marks.append((agent.cycles(), u + s, cu + cs, forks(), thread_cpu(agent.pid)))

    agent.wait_cycles(agent.cycles() + 1, 120)
    mark()
    samples[agent.cycles()] = status_kb(agent.pid, "VmRSS")
    log("cycles %d..%d: /proc only (load %s)" % (agent.cycles() + 1, A.cycles, load()))
    while agent.cycles() < A.cycles:
        agent.wait_cycles(agent.cycles() + 1, 120)
        mark()
        c = agent.cycles()
        if c in (10, 50, 100) or c == A.cycles:
            samples[c] = status_kb(agent.pid, "VmRSS")
    logged = agent.cycle_lines()
    hwm = status_kb(agent.pid, "VmHWM")
    rc = agent.stop()
    log("agent stopped, exit %s; plain loop again (load %s)" % (rc, load()))
    after = run_loop(lines, A.rounds)

    per_line = {line: ([s[i][1] for s in alone], [s[i][2] for s in alone]) for i, line in enumerate(lines)}
    longest_line = max(lines, key=lambda l: median(per_line[l][0]))
    longest = median(per_line[longest_line][0])
    cpu_total = median([sum(c for _, _, c in s) for s in alone])
    loop_alone = median([sum(w for _, w, _ in s) for s in alone])
    floor = max(longest, cpu_total / os.cpu_count())
    cyc = median(warm)
    sec = "1 cycle (16 default commands)"
    row(sec, "agent cycle, cold (first)", ms(cold), "`cycle ok in N ms`")
    row(sec, "agent cycle, median of %d warm cycles, the commands alone run between them" % len(warm), ms(cyc),
        "(min %s, max %s)" % (ms(min(warm)), ms(max(warm))))
    quiet = [c[2] for c in logged[gaps_end + 1:gaps_end + 21] if c[1] == "ok"]
    row(sec, "agent cycle, warm: median of %d cycles with nothing else run by the bench" % len(quiet),
        ms(median(quiet)), "`cycle ok in N ms` (min %s, max %s)" % (ms(min(quiet, default=float("nan"))),
                                                                   ms(max(quiet, default=float("nan")))))
    row(sec, "the 16 commands one after another, between cycles (median of %d)" % len(alone), ms(loop_alone),
        "each `sh -c`, output read through a pipe")
    row(sec, "plain shell loop, agent not running: wall before / after", "%s / %s" % (ms(before[0]), ms(after[0])),
        "`while read c; do sh -c \"$c\"; done`, median of %d" % A.rounds)
    row(sec, "plain shell loop: CPU of the commands before / after", "%s / %s" % (ms(before[1]), ms(after[1])))
    row(sec, "plain shell loop: processes started", "%d / %d" % (before[2], after[2]),
        "machine-wide fork count, fewest of %d" % A.rounds)
    row(sec, "longest single command (median)", ms(longest), "`%s`" % longest_line)
    row(sec, "commands' CPU (median) / %d cores" % os.cpu_count(),
        "%s / %d = %s" % (ms(cpu_total), os.cpu_count(), ms(cpu_total / os.cpu_count())))
    row(sec, "floor = max(longest, CPU / cores)", ms(floor), "measured between the agent's cycles")
    row(sec, "cycle / floor (target <= 1.25)", "%.2f" % (cyc / floor))
    walls = [median(per_line[line][0]) for line in lines]
    row(sec, "each command alone (median wall, request order)", ", ".join("%.0f" % (w * 1000) for w in walls) + " ms")
    row(sec, "schedule bound, %d at once, started in request order" % A.parallelism,
        ms(list_schedule(walls, A.parallelism)), "commands only, no contention: the agent's first cycle")
    row(sec, "schedule bound, %d at once, longest first" % A.parallelism,
        ms(list_schedule(sorted(walls, reverse=True), A.parallelism)),
        "the agent from its second cycle on (slowest of the last run first)")

    sec = "2 agent CPU"
    first, last = cpu_marks[0], cpu_marks[-1]
    n = last[0] - first[0]
    row(sec, "agent JVM CPU per cycle, cycles %d-%d (utime+stime)" % (first[0] + 1, last[0]),
        "%.1f ms" % ((last[1] - first[1]) / n * 1000), "target < 20 ms")
    if n >= 60:
        by_cycle = {m[0]: m for m in cpu_marks}
        for lo, hi in ((first[0], first[0] + 30), (last[0] - 30, last[0])):
            if lo in by_cycle and hi in by_cycle:
                row(sec, "  of which cycles %d-%d" % (lo + 1, hi),
                    "%.1f ms" % ((by_cycle[hi][1] - by_cycle[lo][1]) / (hi - lo) * 1000))
    split = cpu_by_thread(first[4], last[4], last[1] - first[1])
    row(sec, "  by thread, per cycle", ", ".join("%s %.1f" % (g, c / n * 1000) for g, c in split.items()) + " ms",
        "from /proc/<pid>/task")
    row(sec, "commands' CPU per cycle in the agent (cutime+cstime)",
        "%.0f ms" % ((last[2] - first[2]) / n * 1000), "alone between cycles: %s" % ms(cpu_total))
    per_cycle_forks = [b[3] - a[3] for a, b in zip(cpu_marks, cpu_marks[1:]) if b[0] - a[0] == 1]
    row(sec, "processes started per agent cycle", "%d" % min(per_cycle_forks),
        "machine-wide fork count, fewest of %d cycles; the agent's new threads count too" % len(per_cycle_forks))
    sec = "4 memory"
    row(sec, "agent RSS after cycle %s" % ", ".join(str(k) for k in sorted(samples)),
        " / ".join("%.1f" % (samples[k] / 1024) for k in sorted(samples)) + " MiB", "VmHWM %.1f MiB" % (hwm / 1024))
    row(sec, "cycles ok / all (log)", "%d / %d" % (sum(1 for c in logged if c[1] == "ok"), len(logged)))


def list_schedule(walls, slots):
    """Makespan of starting the commands in this order, each on the first free of `slots` slots."""
    free = [0.0] * slots
    for w in walls:
        i = free.index(min(free))
        free[i] += w
    return max(free)


def section_startup(api):
    sec = "3 start-up (JVM mode)"
    walls, rss = [], []
    for _ in range(A.rounds):
        r0 = time.perf_counter()
        p = subprocess.run([A.java] + jvm_options() + ["-jar", A.jar, "--version"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, env=clean_env())
        walls.append(time.perf_counter() - r0)
        if p.returncode != 0:
            raise SystemExit("agent --version failed: %s" % p.stderr.decode()[-500:])
    version = p.stdout.decode().strip()
    row(sec, "`agent --version` wall, median of %d" % A.rounds, ms(median(walls)), "(prints %s)" % version)
    entries = default_commands()
    api.ask([name for name, _ in entries])
    to_config, to_end = [], []
    for _ in range(A.rounds):
        agent = Agent(api, entries, interval="10m", label="startup")
        agent.wait_cycles(1, 120)
        calls = [c for c in api.calls() if c[0] >= agent.t0]
        to_config.append(next(c[0] for c in calls if c[1] == "get_config") - agent.t0)
        to_end.append(next(c[0] for c in calls if c[1] == "save_output") - agent.t0)
        agent.stop()
    CYCLE["start"] = median(to_config)
    row(sec, "start -> first get_config (cycle starts), median of %d" % A.rounds, ms(median(to_config)),
        "splay false")
    row(sec, "start -> first save_output (cycle done), median of %d" % A.rounds, ms(median(to_end)))
    row(sec, "native executable", "not measured", "no GraalVM/Mandrel toolchain on this machine")


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith(("AGENT_", "QUARKUS_"))}


def idle_rss(api, java, opts, label, cycles=0, env=None):
    """RSS 60 s after the first cycle (interval 10m: one cycle, then idle); then optionally after more cycles."""
    entries = default_commands()
    api.ask([name for name, _ in entries])
    agent = Agent(api, entries, interval="10m", java=java, opts=opts, env=env, label=label)
    agent.wait_cycles(1, 120)
    time.sleep(2)
    u0 = sum(proc_stat(agent.pid)[:2])
    time.sleep(A.idle - 2)
    idle = status_kb(agent.pid, "VmRSS")
    split = "%.1f anon + %.1f file" % (status_kb(agent.pid, "RssAnon") / 1024,
                                      (status_kb(agent.pid, "RssFile") + status_kb(agent.pid, "RssShmem")) / 1024)
    cpu = (sum(proc_stat(agent.pid)[:2]) - u0) / (A.idle - 2) * 60
    threads = len(os.listdir("/proc/%d/task" % agent.pid))
    agent.stop()
    return idle, threads, cpu, split


def java_name(java):
    """"Java 17" from `java -version` of the JVM given."""
    p = subprocess.run([java, "-version"], capture_output=True, text=True)
    m = re.search(r'version "(\d+)', p.stderr)
    return "Java %s" % m.group(1) if m else java


def section_memory(api):
    sec = "4 memory"
    idle, threads, cpu, split = idle_rss(api, A.java, None, "idle")
    CYCLE["idle"] = (idle, threads, cpu, split)
    row(sec, "agent RSS %d s after its first cycle (idle), %s, jvm.options, the service's default configuration "
        "(health and metrics served, as in the DaemonSet)" % (A.idle, java_name(A.java)),
        "%.1f MiB" % (idle / 1024), "%s MiB; %d threads; target <= 80 MiB" % (split, threads))
    row("2 agent CPU", "agent JVM CPU while idle (between cycles), per minute, the default configuration",
        "%.0f ms" % (cpu * 1000), "the 1 s scheduler tick and the JVM's own housekeeping")
    idle_h, threads_h, cpu_h, split_h = idle_rss(api, A.java, None, "idle-nohttp", env={"AGENT_HTTP_ENABLED": "false"})
    row(sec, "the same with AGENT_HTTP_ENABLED=false (no port opened)",
        "%.1f MiB" % (idle_h / 1024), "%s MiB; %d threads; idle CPU %.0f ms a minute" % (
            split_h, threads_h, cpu_h * 1000))
    if A.java25:
        if not os.access(A.java25, os.X_OK):
            row(sec, "Java 25", "not measured", "%s not found" % A.java25)
            return
        extra = ["-XX:+UseCompactObjectHeaders"]
        probe = subprocess.run([A.java25] + extra + ["-version"], capture_output=True)
        if probe.returncode != 0:
            extra = []
        opts = jvm_options() + extra
        idle25, threads, _, split = idle_rss(api, A.java25, opts, "idle25")
        row(sec, "Java 25 (labelled, not the target): idle RSS, jvm.options %s" % " ".join(extra),
            "%.1f MiB" % (idle25 / 1024), "%s MiB; %d threads" % (split, threads))


def section_scaling(api):
    sec = "5 scaling"
    for cap_label, env in (("default caps (512K per command, 4 MiB a cycle)", {}),
                           ("max-output raised to 16M (the 4 MiB cycle cap stays)",
                            {"AGENT_COMMANDS_MAX_OUTPUT": "16M"})):
        if env and A.quick:
            continue
        entries = [("t%d" % i, "echo x") for i in range(1, 257)]
        steps = []
        if not env:
            for n in COUNTS:
                steps.append(("%d x `echo x`" % n, entries[:n], ["echo x"] * n))
        for label, size in SIZES:
            line = "yes 0123456789abcdef | head -c %d" % size
            steps.append(("1 command, %s of output" % label, [("out", line)], [line]))
        agent = Agent(api, steps[0][1], interval="2s", env=env, label="scaling")
        api.ask([name for name, _ in steps[0][1]])
        agent.wait_cycles(2, 120)  # warm-up: start-up and the cold cycle
        for label, entries_step, lines in steps:
            agent.set_whitelist(entries_step)
            api.ask([name for name, _ in entries_step])
            agent.wait_cycles(agent.cycles() + 1, 300)  # a cycle that may have started before the switch
            c0, u0 = agent.cycles(), sum(proc_stat(agent.pid)[:2])
            durations = agent.timed_cycles(A.scale_cycles, 300)
            cpu = (sum(proc_stat(agent.pid)[:2]) - u0) / max(1, agent.cycles() - c0)
            payload = api.saves()[-1][2]
            loop_wall, loop_cpu, _ = run_loop(lines, 3)
            row(sec, "%s; %s" % (label, cap_label), ms(median(durations)),
                "plain loop %s; agent CPU %.0f ms a cycle; payload %.0f KiB; RSS %.1f MiB" % (
                    ms(loop_wall), cpu * 1000, payload / 1024, status_kb(agent.pid, "VmRSS") / 1024))
        agent.stop()


# ---------------------------------------------------------------------------------------------- process starts

SPAWN_COST = """import java.util.*;

/** Median wall of a process start, output read to its end and waited for, from this JVM (ProcessBuilder). */
public class SpawnCost {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        for (String line : Arrays.copyOfRange(args, 1, args.length)) {
            List<String> cmd = Arrays.asList(line.split(" ")); // the bench's lines have no quoted words
            for (int i = 0; i < 3; i++) {
                run(cmd);
            }
            long[] t = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long s = System.nanoTime();
                run(cmd);
                t[i] = System.nanoTime() - s;
            }
            Arrays.sort(t);
            System.out.println(t[rounds / 2] / 1000);
        }
    }

    static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
    }
}
"""


def median_wall(argv, rounds):
    walls = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run(argv, env=CMD_ENV, cwd=A.tmp, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
        walls.append(time.perf_counter() - t0)
    return median(walls)


def section_exec(api):
    """What a process start costs on this machine: from a shell, from Python, and from a JVM per launch mechanism."""
    sec = "0 process start"
    rounds = 7 if A.quick else 21
    loop = 'i=0; while [ $i -lt 10 ]; do %s; i=$((i+1)); done'
    per_exec = (median_wall(["/bin/sh", "-c", loop % "/bin/true"], rounds)
                - median_wall(["/bin/sh", "-c", loop % ":"], rounds)) / 10
    row(sec, "cost of one exec (`/bin/true` x10 in a shell loop)", "%.1f ms" % (per_exec * 1000),
        "fork + exec + wait, per exec; the loop's own cost (`:` x10) taken off; median of %d" % rounds)
    setsid = shutil.which("setsid") or "setsid"
    chains = [("`free`", ["free"]), ("`sh -c free`", ["/bin/sh", "-c", "free"]),
              ("`setsid sh -c free`", [setsid, "/bin/sh", "-c", "free"])]
    for label, argv in chains:
        row(sec, "%s from Python (subprocess), output read" % label, "%.1f ms" % (median_wall(argv, rounds) * 1000),
            "median of %d" % rounds)
    # From the JVM: the JDK's spawn (jspawnhelper with POSIX_SPAWN, Java 17's default on Linux) before the same chains.
    src = os.path.join(A.tmp, "SpawnCost.java")
    with open(src, "w") as f:
        f.write(SPAWN_COST)
    lines = ["/bin/true", "free", "/bin/sh -c free", "%s /bin/sh -c free" % setsid]
    # Compiled with the JDK's javac when there is one: the archive's jlinked runtime has no compiler module, so it
    # cannot run a source file itself.
    program = [src]
    javac = shutil.which("javac")
    if javac and subprocess.run([javac, "--release", "17", "-d", A.tmp, src], capture_output=True).returncode == 0:
        program = ["-cp", A.tmp, "SpawnCost"]
    for mechanism in ("POSIX_SPAWN", "VFORK", "FORK"):
        p = subprocess.run([A.java] + jvm_options() + ["-Djdk.lang.Process.launchMechanism=" + mechanism] + program
                           + [str(rounds)] + lines,
                           env=dict(CMD_ENV), cwd=A.tmp, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=300)
        figures = p.stdout.split()
        if p.returncode != 0 or len(figures) != len(lines):
            row(sec, "from the JVM, launchMechanism=%s" % mechanism, "not measured",
                (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1][:200])
            continue
        row(sec, "from the JVM (ProcessBuilder), launchMechanism=%s" % mechanism,
            ", ".join("`%s` %.1f" % (l.replace(setsid, "setsid"), int(us) / 1000) for l, us in zip(lines, figures))
            + " ms", "%s, jvm.options; median of %d after 3 warm-up starts" % (java_name(A.java), rounds))


def strace_wrap(out):
    """The strace command line that records the agent's process creations and execs, or None without strace."""
    strace = shutil.which("strace")
    if not strace:
        return None
    cmd = [strace, "-f", "-ttt", "-q", "-s", "4096", "-e", "signal=none",
           "-e", "trace=execve,clone,clone3,fork,vfork", "-o", out]
    probe = subprocess.run([strace, "--seccomp-bpf", "-f", "-e", "trace=execve", "-o", "/dev/null", "true"],
                           capture_output=True)
    if probe.returncode == 0:
        cmd.insert(1, "--seccomp-bpf")  # only the traced calls stop the tracee: far less slow-down
    return cmd + ["--"]


def stop_traced(agent):
    """SIGTERM to the JVM under strace (strace's child), then strace ends with it."""
    try:
        with open("/proc/%d/task/%d/children" % (agent.pid, agent.pid)) as f:
            children = [int(x) for x in f.read().split()]
    except OSError:
        children = []
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        agent.p.wait(30)
    except subprocess.TimeoutExpired:
        log("the traced agent did not stop within 30 s")
    agent.stop()


def cycle_windows(agent, api):
    """[(start, end, get_config call, save_output call)] of the agent's cycles, from its `cycle ... in N ms` lines
    (ms resolution) and the fake API's log."""
    calls = [c for c in api.calls() if c[3] >= agent.t0]
    out = []
    for t, outcome, dur in agent.cycle_lines():
        start = t - dur - 0.002
        inside = [c for c in calls if start <= c[3] and c[0] <= t + 0.002]
        gc = next((c for c in inside if c[1] == "get_config"), None)
        sv = next((c for c in inside if c[1] == "save_output"), None)
        out.append((start + 0.002, t, gc, sv))
    return out


def command_events(agent):
    """[(time, 'started'|'ended', name)] from the agent's debug lines of the commands package; the agent logs the
    whitelist's name (trafikito_free), the bench uses the asked one (free)."""
    out = []
    for t, msg in agent.events():
        for kind, pattern in (("started", STARTED_LINE), ("ended", ENDED_LINE)):
            m = pattern.match(msg)
            if m:
                name = m.group(1)
                out.append((t, kind, name[len("trafikito_"):] if name.startswith("trafikito_") else name))
    return out


def section_execs(api):
    """Execs per command and the spawn chain, from strace on a running agent (a few cycles)."""
    sec = "0 execs per command"
    out = os.path.join(A.tmp, "strace.txt")
    wrap = strace_wrap(out)
    if wrap is None:
        row(sec, "execs per command", "not measured", "strace is not installed here (`apt-get install strace`)")
        return
    entries = default_commands()
    names = {line: name for name, line in entries}
    api.ask([name for name, _ in entries])
    agent = Agent(api, entries, interval="2s", label="strace", wrap=wrap, env=DEBUG_COMMANDS)
    n = 3 if A.quick else 6
    agent.wait_cycles(n, 300)
    time.sleep(0.5)
    windows = cycle_windows(agent, api)
    events = command_events(agent)
    stop_traced(agent)
    trace = execs.Trace(out)
    if not trace.jvm:
        row(sec, "execs per command", "not measured", "no `java` exec found in %s" % out)
        return
    per_command, chains, others, timing = {}, {}, {}, {"chain": [], "run": [], "read": []}
    links = {}  # "spawn -> jspawnhelper", "jspawnhelper -> setsid", ...: [seconds]
    warm = windows[1:n]
    for start, end, _, _ in warm:
        roots = [r for r in trace.spawned() if r.created is not None and start - 0.005 <= r.created <= end]
        ended = {name: t for t, kind, name in events if kind == "ended" and start - 0.005 <= t <= end + 0.005}
        for r in roots:
            line = execs.command_line(r)
            ok, failed, procs = execs.summary(r, trace)
            if line is None:
                label = " ".join(os.path.basename(x) for x in (r.execs[-1][2][:2] if r.execs else ["?"]))
                others.setdefault(label, []).append(ok)
                continue
            name = names.get(line, line)
            per_command.setdefault(name, []).append((ok, failed, procs))
            key = " -> ".join(execs.chain(r))
            chains[key] = chains.get(key, 0) + 1
            previous, t_prev = "spawn", r.created
            for t_exec, path, _, ok_exec in r.execs:
                if ok_exec:
                    links.setdefault("%s -> %s" % (previous, os.path.basename(path)), []).append(t_exec - t_prev)
                    previous, t_prev = os.path.basename(path), t_exec
            shell = execs.shell_exec_time(r)
            if shell is not None:
                timing["chain"].append(shell - r.created)
                if r.exited is not None:
                    timing["run"].append(r.exited - shell)
                    if name in ended:
                        timing["read"].append(ended[name] - r.exited)
    cycles = len(warm)
    if not per_command:
        row(sec, "execs per command", "not measured", "no `sh -c` spawn of the JVM found in %s" % out)
        return
    order = [name for name, _ in entries if name in per_command]
    counts = {name: [x[0] for x in per_command[name]] for name in order}
    row(sec, "execs per command, everything it starts included (median of %d warm cycles)" % cycles,
        ", ".join("%s %d" % (name, median(counts[name])) for name in order),
        "`strace -f -e trace=execve` on the agent (%s); failed execs not counted" % (
            "--seccomp-bpf" if "--seccomp-bpf" in wrap else "ptrace on every call"))
    total = sum(median(c) for c in counts.values())
    row(sec, "execs per cycle for the commands / per command (median)",
        "%d / %.0f" % (total, median([median(c) for c in counts.values()])),
        "processes per cycle for the commands: %d" % sum(median([x[2] for x in per_command[n_]]) for n_ in order))
    failed = sum(median([x[1] for x in per_command[n_]]) for n_ in order)
    row(sec, "failed execs per cycle (PATH search)", "%d" % failed)
    row(sec, "the spawned process's own execs (before and as the command's shell)",
        "; ".join("%s: %.0f a cycle" % (k, v / cycles) for k, v in sorted(chains.items(), key=lambda kv: -kv[1])),
        "each link of the chain is one exec of the same process")
    row(sec, "other processes the JVM starts per cycle",
        ", ".join("`%s` x%.0f (%d execs each)" % (k, len(v) / cycles, median(v)) for k, v in others.items())
        or "none")
    row(sec, "under strace (slower than without): spawn to the shell's exec / shell to exit / exit to `ended` logged",
        "%s / %s / %s" % (ms(median(timing["chain"])), ms(median(timing["run"])), ms(median(timing["read"]))),
        "median over the commands of %d cycles: the JDK's spawn and the chain, the command, reading and reaping"
        % cycles)
    row(sec, "under strace: each link of the spawned process's chain (median)",
        ", ".join("%s %.1f ms" % (k, median(v) * 1000) for k, v in links.items()),
        "from the fork (clone/vfork) or exec to the next exec of the same process")


def section_phases(api):
    """The phase split of a cycle, from the agent's own log (debug lines of the commands package) and the fake
    API's timestamps of each request's start and answer; no strace."""
    sec = "1 cycle phases"
    entries = default_commands()
    api.ask([name for name, _ in entries])
    agent = Agent(api, entries, interval="2s", label="phases", env=DEBUG_COMMANDS)
    n = 4 if A.quick else 13
    agent.wait_cycles(n, 300)
    time.sleep(0.5)
    windows = cycle_windows(agent, api)[1:n]
    events = command_events(agent)
    agent.stop()
    parts = {k: [] for k in ("cycle", "before", "gc", "to_first", "commands", "to_save", "save", "after")}
    each = {}
    for start, end, gc, sv in windows:
        inside = [e for e in events if start - 0.002 <= e[0] <= end + 0.002]
        started = {name: t for t, kind, name in inside if kind == "started"}
        ended = {name: t for t, kind, name in inside if kind == "ended"}
        if gc is None or sv is None or not started or not ended:
            continue
        parts["cycle"].append(end - start)
        parts["before"].append(gc[3] - start)
        parts["gc"].append(gc[0] - gc[3])
        parts["to_first"].append(min(started.values()) - gc[0])
        parts["commands"].append(max(ended.values()) - min(started.values()))
        parts["to_save"].append(sv[3] - max(ended.values()))
        parts["save"].append(sv[0] - sv[3])
        parts["after"].append(end - sv[0])
        for name in ended:
            if name in started:
                each.setdefault(name, []).append(ended[name] - started[name])
    if not parts["cycle"]:
        row(sec, "phase split", "not measured", "no `Command ... started/ended` debug lines in %s" % agent.err)
        return
    k = len(parts["cycle"])
    src = "agent's log (ms) and the fake API's clock; median of %d warm cycles" % k
    row(sec, "cycle (this run)", ms(median(parts["cycle"])), src)
    row(sec, "  start -> get_config request read by the API", ms(median(parts["before"])),
        "config, whitelist, credentials, the REST client")
    row(sec, "  get_config at the API (request read -> answer)", ms(median(parts["gc"])))
    row(sec, "  get_config answered -> first command started", ms(median(parts["to_first"])),
        "the answer read and planned, and the first spawn (logged once the process runs)")
    row(sec, "  first command started -> last command ended (read to EOF, exit seen)", ms(median(parts["commands"])))
    row(sec, "  last command ended -> save_output request read by the API", ms(median(parts["to_save"])),
        "the payload built and sent (multipart, with its Content-Length)")
    row(sec, "  save_output at the API (body read -> answer)", ms(median(parts["save"])))
    row(sec, "  save_output answered -> cycle logged", ms(median(parts["after"])), "the answer cached, the state file")
    row(sec, "each command, started -> ended (agent's log, request order)",
        ", ".join("%s %.0f" % (name, median(each[name]) * 1000) for name, _ in entries if name in each) + " ms",
        "spawn returned -> output read to EOF and exit status seen")


# ---------------------------------------------------------------------------------------------- stack floor

def section_floor(api):
    """An empty application of the same stack, same JVM options: idle RSS and start time beside the agent's."""
    sec = "3 stack floor"
    repo = os.path.abspath(os.path.join(HERE, ".."))
    d = A.floor_dir or os.path.join(A.tmp, "floor")
    version, extensions = floor.write_project(repo, d)
    try:
        jar = floor.build(repo, d, log)
    except RuntimeError as e:
        row(sec, "empty application of the same stack", "not measured", str(e).splitlines()[-1][:200])
        return
    starts, rss = [], None
    for i in range(A.rounds):
        port = free_port()
        env = clean_env()
        env["QUARKUS_HTTP_PORT"] = str(port)
        t0 = time.time()
        p = spawn([A.java] + jvm_options() + ["-jar", jar], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                  stderr=open(os.path.join(A.tmp, "floor-%d.stderr" % i), "w"), env=env, cwd=A.tmp)
        ready, _, _ = select.select([p.stdout], [], [], 120)
        line = p.stdout.readline().decode().strip() if ready else ""  # the command's first line: Quarkus is up
        started = time.time() - t0
        if line != floor.READY:
            stop(p)
            row(sec, "empty application of the same stack", "not measured",
                "it printed %r; see %s/floor-%d.stderr" % (line, A.tmp, i))
            return
        starts.append(started)
        if i == 0:
            time.sleep(2)
            u0 = sum(proc_stat(p.pid)[:2])
            time.sleep(A.idle - 2)
            rss = (status_kb(p.pid, "VmRSS"), "%.1f anon + %.1f file" % (
                status_kb(p.pid, "RssAnon") / 1024, (status_kb(p.pid, "RssFile") + status_kb(p.pid, "RssShmem")) / 1024),
                len(os.listdir("/proc/%d/task" % p.pid)), (sum(proc_stat(p.pid)[:2]) - u0) / (A.idle - 2) * 60)
        stop(p)
    row(sec, "empty application: Quarkus %s, %s" % (version, ", ".join(e.replace("quarkus-", "") for e in extensions)),
        "built in %s" % d, "a picocli command that prints a line and waits; the agent's quarkus.* settings")
    if "idle" not in CYCLE:
        CYCLE["idle"] = idle_rss(api, A.java, None, "idle")
    idle, threads, cpu, split = CYCLE["idle"]
    row(sec, "idle RSS %d s after start: floor / agent (%d s after its first cycle)" % (A.idle, A.idle),
        "%.1f / %.1f MiB" % (rss[0] / 1024, idle / 1024),
        "floor %s MiB, %d threads; agent %s MiB, %d threads; the agent adds %.1f MiB" % (
            rss[1], rss[2], split, threads, (idle - rss[0]) / 1024))
    row(sec, "idle CPU per minute: floor / agent", "%.0f / %.0f ms" % (rss[3] * 1000, cpu * 1000))
    if "start" not in CYCLE:
        api.ask([name for name, _ in default_commands()])
        agent = Agent(api, default_commands(), interval="10m", label="startup")
        agent.wait_cycles(1, 120)
        CYCLE["start"] = next(c[3] for c in api.calls() if c[3] >= agent.t0 and c[1] == "get_config") - agent.t0
        agent.stop()
    row(sec, "start: floor to its command running / agent to its first get_config",
        "%s / %s" % (ms(median(starts)), ms(CYCLE["start"])), "floor median of %d" % len(starts))


# ---------------------------------------------------------------------------------------------- Zabbix

def zabbix_binary():
    found = shutil.which("zabbix_agent2")
    if found:
        return found
    d = os.path.join(A.tmp, "zabbix-pkg")
    os.makedirs(d)
    log("zabbix_agent2 not installed: `apt-get download zabbix-agent2` and unpack it in the temp dir "
        "(no install, no service)")
    subprocess.run(["apt-get", "download", "zabbix-agent2"], cwd=d, check=True, stdout=subprocess.DEVNULL)
    deb = [f for f in os.listdir(d) if f.endswith(".deb")][0]
    subprocess.run(["dpkg-deb", "-x", deb, "root"], cwd=d, check=True)
    return os.path.join(d, "root", "usr", "sbin", "zabbix_agent2")


def zbx_get(port, key):
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        data = key.encode()
        s.sendall(b"ZBXD\x01" + struct.pack("<II", len(data), 0) + data)
        buf = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
    if not buf.startswith(b"ZBXD"):
        raise SystemExit("unexpected Zabbix answer to %s: %r" % (key, buf[:100]))
    return buf[13:]


def section_zabbix(api):
    sec = "Zabbix agent 2"
    binary = zabbix_binary()
    version = subprocess.run([binary, "-V"], capture_output=True, text=True).stdout.splitlines()[0]
    d = os.path.join(A.tmp, "zabbix")
    os.makedirs(d)
    port = free_port(20000, 32000)
    entries = default_commands()
    conf = os.path.join(d, "zabbix_agent2.conf")
    with open(conf, "w") as f:
        f.write("LogType=console\nLogFile=%s/agent.log\nPidFile=%s/agent.pid\nControlSocket=%s/agent.sock\n"
                "ListenIP=127.0.0.1\nListenPort=%d\nServer=127.0.0.1\nHostname=bench\nTimeout=30\n"
                "EnablePersistentBuffer=0\n" % (d, d, d, port))
        for name, line in entries:
            f.write("UserParameter=trafikito.%s,%s\n" % (name, line))
    p = spawn([binary, "-c", conf, "-f"], stdin=subprocess.DEVNULL, stdout=open(os.path.join(d, "stdout"), "w"),
              stderr=subprocess.STDOUT, env=CMD_ENV, cwd=d)
    deadline = time.time() + 30
    while True:
        try:
            zbx_get(port, "agent.ping")
            break
        except OSError:
            if time.time() > deadline or p.poll() is not None:
                raise SystemExit("Zabbix agent 2 did not start; see %s/stdout" % d)
            time.sleep(0.2)
    keys = ["trafikito.%s" % name for name, _ in entries]
    # one round first (like the agent's first cycle), then idle
    for key in keys:
        zbx_get(port, key)
    time.sleep(A.idle)
    idle = status_kb(p.pid, "VmRSS")
    seq, par = [], []
    u0 = sum(proc_stat(p.pid)[:2])
    rounds = 0
    for i in range(A.cycles):
        t0 = time.perf_counter()
        if i % 2 == 0:
            for key in keys:
                zbx_get(port, key)
            seq.append(time.perf_counter() - t0)
        else:
            threads, queue = [], list(keys)
            lock = threading.Lock()

            def worker():
                while True:
                    with lock:
                        if not queue:
                            return
                        key = queue.pop(0)
                    zbx_get(port, key)
            for _ in range(4):
                threads.append(threading.Thread(target=worker))
                threads[-1].start()
            for t in threads:
                t.join()
            par.append(time.perf_counter() - t0)
        rounds += 1
    cpu = (sum(proc_stat(p.pid)[:2]) - u0) / rounds
    after = status_kb(p.pid, "VmRSS")
    stop(p)
    row(sec, "version", version)
    row(sec, "RSS %d s after one round of the 16 UserParameters (idle)" % A.idle, "%.1f MiB" % (idle / 1024))
    row(sec, "16 items, one after another (median)", ms(median(seq)))
    row(sec, "16 items, 4 at once (median)", ms(median(par)))
    row(sec, "agent's own CPU per round of 16 (utime+stime)", "%.1f ms" % (cpu * 1000))
    row(sec, "RSS after %d more rounds" % rounds, "%.1f MiB" % (after / 1024))


# ---------------------------------------------------------------------------------------------- main

def machine():
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    java = subprocess.run([A.java, "-version"], capture_output=True, text=True).stderr.strip().splitlines()
    mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
    return model, java, mem


def main():
    global A
    p = argparse.ArgumentParser(prog="bench/run.sh", description="Benchmarks of the agent (see bench/RESULTS.md).")
    p.add_argument("--tmp", required=True, help=argparse.SUPPRESS)
    p.add_argument("--jar", default="target/quarkus-app/quarkus-run.jar")
    p.add_argument("--java", default="java", help="the JVM measured against the targets (default: java on PATH)")
    p.add_argument("--jvm-options", default="docker/jvm.options")
    p.add_argument("--java25", nargs="?", const="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", default=None,
                   help="also idle RSS on this newer JVM, labelled (default path: Temurin 25)")
    p.add_argument("--zabbix", action="store_true", help="also measure Zabbix agent 2 (unpacked from Debian's "
                   "package into the temp dir when not installed; loopback only)")
    p.add_argument("--only", default="exec,execs,cycle,phases,startup,memory,floor,scaling",
                   help="comma-separated sections: exec, execs, cycle, phases, startup, memory, floor, scaling, zabbix")
    p.add_argument("--floor-dir", help="where to make (or reuse, when already built) the stack floor's project "
                   "(default: in the temp dir, built afresh)")
    p.add_argument("--quick", action="store_true", help="fewer cycles and rounds: a smoke test, not figures")
    p.add_argument("--cycles", dest="cycles_arg", type=int, help="cycles of the cycle section (default 100)")
    p.add_argument("--parallelism", type=int, default=4, help="agent.commands.parallelism of the agent (4)")
    p.add_argument("--json", help="also write the rows as JSON to this file")
    A = p.parse_args()
    A.jar, A.jvm_options = os.path.abspath(A.jar), os.path.abspath(A.jvm_options)
    A.floor_dir = os.path.abspath(A.floor_dir) if A.floor_dir else None
    A.rounds, A.timed, A.cycles, A.idle, A.scale_cycles = (5, 10, 100, 60, 5) if not A.quick else (2, 3, 15, 5, 2)
    A.cycles = A.cycles_arg or A.cycles
    sections = set(A.only.split(","))
    if A.zabbix:
        sections.add("zabbix")
    if not os.path.exists(A.jar):
        raise SystemExit("%s not found: build first with ./mvnw -B -q package -DskipTests" % A.jar)

    model, java, mem = machine()
    log("machine: %d cores, %s; %s; load %s" % (os.cpu_count(), model, java[0], load()))
    api = FakeApi()
    started = time.time()
    unknown = sections - {name for name, _ in SECTIONS}
    if unknown:
        raise SystemExit("unknown section(s): %s" % ", ".join(sorted(unknown)))
    for name, fn in SECTIONS:
        if name in sections:
            l0 = load()
            fn(api)
            log("section %s done (load %s -> %s)" % (name, l0, load()))
    stop(api.p)

    print("\n## Machine\n")
    print("- `nproc`: %d; CPU: %s" % (os.cpu_count(), model))
    print("- `java -version`: %s" % " / ".join(java))
    print("- `free -h`:\n\n```\n%s```\n" % mem)
    print("- run: %s, %.0f s, load average at the end %s; jvm options: `%s`\n" % (
        time.strftime("%Y-%m-%d %H:%M"), time.time() - started, load(), " ".join(jvm_options())))
    print("| section | figure | value | note |\n| --- | --- | --- | --- |")
    for r in ROWS:
        print("| %s |" % " | ".join(x.replace("|", "\\|") for x in r))
    if A.json:
        with open(A.json, "w") as f:
            json.dump(ROWS, f, indent=1)


SECTIONS = (("exec", section_exec), ("execs", section_execs), ("cycle", section_cycle), ("phases", section_phases),
            ("startup", section_startup), ("memory", section_memory), ("floor", section_floor),
            ("scaling", section_scaling), ("zabbix", section_zabbix))


if __name__ == "__main__":
    try:
        main()
    finally:
        for proc in list(STARTED):
            stop(proc, wait=5)
