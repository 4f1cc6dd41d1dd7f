"""Reads what `strace -f -ttt -e trace=execve,clone,clone3,fork,vfork` wrote about the agent: which processes the
JVM started, what each of them exec'd, and when each was created, exec'd and ended. Used by bench.py's execs
section; kept apart because it is only text parsing.

A line of `strace -f -ttt -o FILE` is "<pid> <epoch seconds> <call or event>"; a call that blocks is split
into "<unfinished ...>" and "<... name resumed>" lines, and a child's first lines may come before its
parent's fork returns, so the file is read whole before anything is attributed.
"""
import os
import re

LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
FORKS = ("clone(", "clone3(", "fork(", "vfork(")


def unescape(s):
    return s.encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")


class Proc:
    def __init__(self, pid):
        self.pid = pid
        self.parent = None
        self.thread = False     # a thread of its parent (CLONE_THREAD), not a process
        self.created = None     # when the parent's fork/clone call began
        self.execs = []         # [(time, path, argv, ok)]
        self.exited = None      # time of "+++ exited" or "+++ killed"


class Trace:
    def __init__(self, path):
        self.procs = {}
        pending = {}
        with open(path, errors="replace") as f:
            for raw in f:
                m = LINE.match(raw.rstrip("\n"))
                if not m:
                    continue
                pid, t, rest = int(m.group(1)), float(m.group(2)), m.group(3)
                if rest.endswith("<unfinished ...>"):
                    pending[pid] = (t, rest[:-len("<unfinished ...>")])
                    continue
                if rest.startswith("<... "):
                    began, head = pending.pop(pid, (t, ""))
                    rest = head + rest.split(" resumed>", 1)[-1]
                    t_call = began
                else:
                    t_call = t
                self._event(pid, t_call, t, rest)
        self.jvm = self._jvm_pids()

    def proc(self, pid):
        if pid not in self.procs:
            self.procs[pid] = Proc(pid)
        return self.procs[pid]

    def _event(self, pid, t_call, t_end, rest):
        p = self.proc(pid)
        if rest.startswith("+++ "):
            p.exited = t_end
        elif rest.startswith("execve("):
            strings = STRING.findall(rest.split("], ", 1)[0] + "]")
            ok = re.search(r"\)\s*=\s*0\s*$", rest) is not None
            if strings:
                p.execs.append((t_call, unescape(strings[0]), [unescape(s) for s in strings[1:]], ok))
        elif rest.startswith(FORKS):
            m = re.search(r"\)\s*=\s*(\d+)\s*$", rest)
            if m:
                child = self.proc(int(m.group(1)))
                child.parent = pid
                child.thread = "CLONE_THREAD" in rest
                child.created = t_call

    def _jvm_pids(self):
        """The JVM: the first process that exec'd a `java`, and its threads."""
        first = next((p for p in sorted(self.procs.values(), key=lambda p: p.execs[0][0] if p.execs else 1e20)
                      if any(ok and os.path.basename(path) == "java" for _, path, _, ok in p.execs)), None)
        if first is None:
            return set()
        jvm = {first.pid}
        changed = True
        while changed:
            changed = False
            for p in self.procs.values():
                if p.thread and p.parent in jvm and p.pid not in jvm:
                    jvm.add(p.pid)
                    changed = True
        return jvm

    def spawned(self):
        """The processes the JVM started itself (not its threads), oldest first."""
        roots = [p for p in self.procs.values() if p.parent in self.jvm and not p.thread and p.pid not in self.jvm]
        return sorted(roots, key=lambda p: p.created or 0)

    def descendants(self, root):
        children = {}
        for p in self.procs.values():
            if p.parent is not None and not p.thread:
                children.setdefault(p.parent, []).append(p)
        out, todo = [], [root]
        while todo:
            for c in children.get(todo.pop().pid, []):
                out.append(c)
                todo.append(c)
        return out


def command_line(root):
    """The line a spawned process ran through `sh -c`, or None (e.g. the cycle's `kill`)."""
    for _, _, argv, ok in root.execs:
        if ok and "-c" in argv[:-1]:
            return argv[argv.index("-c") + 1]
    return None


def chain(root):
    """The programs the spawned process itself went through, e.g. ['jspawnhelper', 'setsid', 'sh']."""
    return [os.path.basename(path) for _, path, _, ok in root.execs if ok]


def summary(root, trace):
    """(successful execs, failed execs, processes) of a spawned process and everything it started."""
    members = [root] + trace.descendants(root)
    ok = sum(1 for p in members for e in p.execs if e[3])
    failed = sum(1 for p in members for e in p.execs if not e[3])
    return ok, failed, len(members)


def shell_exec_time(root):
    """When the spawned process exec'd the shell that runs the command line (the end of the spawn chain)."""
    for t, path, argv, ok in root.execs:
        if ok and "-c" in argv[:-1] and os.path.basename(path) in ("sh", "dash", "bash"):
            return t
    return None
