#!/usr/bin/env python3
"""The measurements of bench/run.sh (issue 6). Run through run.sh, which owns the temp dir and the clean-up.

Every process started here is a session leader (start_new_session) whose pid goes to <tmp>/pids, so that
run.sh's EXIT trap can kill each whole group whatever happens here. Loopback only: the fake API and the
agent's HTTP port bind 127.0.0.1; Zabbix agent 2 listens on 127.0.0.1 with its own config in <tmp>.
"""
import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
HZ = os.sysconf("SC_CLK_TCK")
CMD_ENV = {"LC_ALL": "C", "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "HOME": os.environ.get("HOME", "/"), "USER": os.environ.get("USER", "root")}
SIZES = [("1 KB", 1024), ("10 KB", 10240), ("100 KB", 102400), ("1 MB", 1048576), ("10 MB", 10485760)]
COUNTS = [1, 16, 64, 256]

A = None          # parsed arguments
ROWS = []         # (section, figure, value, note) for the final table
STARTED = []      # Popen objects still to stop


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
        """[(time, endpoint, request bytes)]"""
        out = []
        with open(self.log) as f:
            for line in f:
                t, endpoint, size = line.split()
                out.append((float(t), endpoint, int(size)))
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

    def __init__(self, api, entries, interval="2s", java=None, opts=None, env=None, label="agent"):
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
        cmd = [java or A.java] + (jvm_options() if opts is None else opts) + ["-jar", A.jar, "run"]
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

    def scrape(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/q/metrics" % self.http_port, timeout=5) as r:
            text = r.read().decode()
        values = {}
        for line in text.splitlines():
            m = re.match(r'^(agent_cycle_duration_seconds_(?:count|sum)|agent_cycles_total\{outcome="(\w+)"\}) (\S+)$',
                         line)
            if m:
                values[m.group(2) or m.group(1)] = float(m.group(3))
        return values

    def timed_cycles(self, n, timeout_each=120, between=None):
        """Waits for n more cycles and returns each one's agent_cycle_duration_seconds (from _sum/_count deltas)."""
        durations = []
        deadline = time.time() + 120
        while True:  # the health/metrics port opens during start-up
            try:
                last = self.scrape()
                break
            except OSError:
                if not self.alive() or time.time() > deadline:
                    raise SystemExit("no /q/metrics from the agent:\n" + self.tail())
                time.sleep(0.1)
        for _ in range(n):
            target = self.cycles() + 1
            self.wait_cycles(target, timeout_each)
            deadline = time.time() + 5
            while True:  # the timer is recorded just after save_output's answer
                now = self.scrape()
                if now.get("agent_cycle_duration_seconds_count", 0) > last.get("agent_cycle_duration_seconds_count", 0):
                    break
                if time.time() > deadline:
                    raise SystemExit("the cycle timer did not move; see %s" % self.err)
                time.sleep(0.05)
            dc = now["agent_cycle_duration_seconds_count"] - last.get("agent_cycle_duration_seconds_count", 0)
            ds = now["agent_cycle_duration_seconds_sum"] - last.get("agent_cycle_duration_seconds_sum", 0)
            durations.extend([ds / dc] * int(dc))
            last = now
            if between:
                between()
        return durations, last

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

    durations, _ = agent.timed_cycles(1 + A.timed, between=commands_alone)
    while len(alone) < A.timed // 2:  # too many overlaps (a slow machine): a few more gaps
        agent.timed_cycles(1, between=commands_alone)
    cold, warm = durations[0], durations[1:]
    samples = {}
    cpu_marks = []  # (cycle, utime+stime, cutime+cstime, forks, per-thread CPU)

    def mark():
        time.sleep(0.5)  # the cycle's state write and timer come right after save_output
        u, s, cu, cs = proc_stat(agent.pid)
        cpu_marks.append((agent.cycles(), u + s, cu + cs, forks(), thread_cpu(agent.pid)))

    agent.wait_cycles(agent.cycles() + 1, 120)
    mark()
    samples[agent.cycles()] = status_kb(agent.pid, "VmRSS")
    log("cycles %d..%d: no scrapes, /proc only (load %s)" % (agent.cycles() + 1, A.cycles, load()))
    while agent.cycles() < A.cycles:
        agent.wait_cycles(agent.cycles() + 1, 120)
        mark()
        c = agent.cycles()
        if c in (10, 50, 100) or c == A.cycles:
            samples[c] = status_kb(agent.pid, "VmRSS")
    final = agent.scrape()
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
    row(sec, "agent cycle, cold (first)", ms(cold), "agent_cycle_duration_seconds")
    row(sec, "agent cycle, median of %d warm cycles" % len(warm), ms(cyc),
        "(min %s, max %s)" % (ms(min(warm)), ms(max(warm))))
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
    row(sec, "cycles ok / all (metric)", "%d / %d" % (final.get("ok", 0),
                                                      final.get("agent_cycle_duration_seconds_count", 0)))


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
    row(sec, "start -> first get_config (cycle starts), median of %d" % A.rounds, ms(median(to_config)),
        "splay false")
    row(sec, "start -> first save_output (cycle done), median of %d" % A.rounds, ms(median(to_end)))
    row(sec, "native executable", "not measured", "no GraalVM/Mandrel toolchain on this machine")


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith(("AGENT_", "QUARKUS_"))}


def idle_rss(api, java, opts, label, cycles=0):
    """RSS 60 s after the first cycle (interval 10m: one cycle, then idle); then optionally after more cycles."""
    entries = default_commands()
    api.ask([name for name, _ in entries])
    agent = Agent(api, entries, interval="10m", java=java, opts=opts, label=label)
    agent.wait_cycles(1, 120)
    time.sleep(2)
    u0 = sum(proc_stat(agent.pid)[:2])
    time.sleep(A.idle - 2)
    idle = status_kb(agent.pid, "VmRSS")
    cpu = (sum(proc_stat(agent.pid)[:2]) - u0) / (A.idle - 2) * 60
    threads = len(os.listdir("/proc/%d/task" % agent.pid))
    agent.stop()
    return idle, threads, cpu


def section_memory(api):
    sec = "4 memory"
    idle, threads, cpu = idle_rss(api, A.java, None, "idle")
    row(sec, "agent RSS %d s after its first cycle (idle), Java 17, jvm.options" % A.idle, "%.1f MiB" % (idle / 1024),
        "%d threads; target <= 80 MiB" % threads)
    row("2 agent CPU", "agent JVM CPU while idle (between cycles), per minute", "%.0f ms" % (cpu * 1000),
        "the 1 s scheduler tick and the JVM's own housekeeping")
    if A.java25:
        if not os.access(A.java25, os.X_OK):
            row(sec, "Java 25", "not measured", "%s not found" % A.java25)
            return
        extra = ["-XX:+UseCompactObjectHeaders"]
        probe = subprocess.run([A.java25] + extra + ["-version"], capture_output=True)
        if probe.returncode != 0:
            extra = []
        opts = jvm_options() + extra
        idle25, threads, _ = idle_rss(api, A.java25, opts, "idle25")
        row(sec, "Java 25 (labelled, not the target): idle RSS, jvm.options %s" % " ".join(extra),
            "%.1f MiB" % (idle25 / 1024), "%d threads" % threads)


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
            durations, _ = agent.timed_cycles(A.scale_cycles, 300)
            cpu = (sum(proc_stat(agent.pid)[:2]) - u0) / max(1, agent.cycles() - c0)
            payload = api.saves()[-1][2]
            loop_wall, loop_cpu, _ = run_loop(lines, 3)
            row(sec, "%s; %s" % (label, cap_label), ms(median(durations)),
                "plain loop %s; agent CPU %.0f ms a cycle; payload %.0f KiB; RSS %.1f MiB" % (
                    ms(loop_wall), cpu * 1000, payload / 1024, status_kb(agent.pid, "VmRSS") / 1024))
        agent.stop()


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
    p = argparse.ArgumentParser(prog="bench/run.sh", description="Benchmarks of issue 6 (see bench/RESULTS.md).")
    p.add_argument("--tmp", required=True, help=argparse.SUPPRESS)
    p.add_argument("--jar", default="target/quarkus-app/quarkus-run.jar")
    p.add_argument("--java", default="java", help="the JVM measured against the targets (default: java on PATH)")
    p.add_argument("--jvm-options", default="docker/jvm.options")
    p.add_argument("--java25", nargs="?", const="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", default=None,
                   help="also idle RSS on this newer JVM, labelled (default path: Temurin 25)")
    p.add_argument("--zabbix", action="store_true", help="also measure Zabbix agent 2 (unpacked from Debian's "
                   "package into the temp dir when not installed; loopback only)")
    p.add_argument("--only", default="cycle,startup,memory,scaling",
                   help="comma-separated sections: cycle, startup, memory, scaling, zabbix")
    p.add_argument("--quick", action="store_true", help="fewer cycles and rounds: a smoke test, not figures")
    p.add_argument("--cycles", dest="cycles_arg", type=int, help="cycles of the cycle section (default 100)")
    p.add_argument("--parallelism", type=int, default=4, help="agent.commands.parallelism of the agent (4)")
    p.add_argument("--json", help="also write the rows as JSON to this file")
    A = p.parse_args()
    A.jar, A.jvm_options = os.path.abspath(A.jar), os.path.abspath(A.jvm_options)
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
    for name, fn in (("cycle", section_cycle), ("startup", section_startup), ("memory", section_memory),
                     ("scaling", section_scaling), ("zabbix", section_zabbix)):
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


if __name__ == "__main__":
    try:
        main()
    finally:
        for proc in list(STARTED):
            stop(proc, wait=5)
