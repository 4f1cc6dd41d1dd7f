#!/usr/bin/env bash
# Benchmarks of the agent: the cost of a process start and the execs per command (strace), its cycle against the
# floor of its commands and the phases of a cycle, its own CPU, start-up and memory beside an empty application of
# the same Quarkus stack (built here), scaling; optionally Zabbix agent 2 beside it. Prints a Markdown table
# (bench/RESULTS.md holds the figures and how to read them).
#
#   ./mvnw -B -q package -DskipTests      # once: this script builds only the stack floor's empty application
#   bench/run.sh                          # about 15 minutes on 2 cores
#   bench/run.sh --only cycle,phases      # sections: exec, execs, cycle, phases, startup, memory, floor, scaling, zabbix
#   bench/run.sh --zabbix --java25        # also Zabbix agent 2, and idle RSS on Temurin 25 (labelled)
#   bench/run.sh --quick                  # smoke test of the script itself, not figures
#
# On a shared build machine run it as `flock /tmp/mvn.lock bench/run.sh`: the floor's Maven build then runs
# under the lock this script already holds (bench/floor.py sees it), and no other build skews the figures.
# Loopback only: a fake API (bench/fake_api.py) on 127.0.0.1, the agent's health port on a free loopback port,
# Zabbix agent 2 (when asked) listening on 127.0.0.1 with its own config in the temp dir; no system service is
# touched. Every process started is killed on exit, whatever happens; the whole run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in python3 setsid kill lsof netstat vmstat top ps free df; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is needed" >&2; exit 2; }
done
# strace is optional: without it the execs section prints "not measured" and says why.
command -v strace >/dev/null ||
    echo "bench/run.sh: strace is not installed: execs per command will not be measured (apt-get install strace)" >&2

tmp=$(mktemp -d /tmp/trafikito-bench.XXXXXX)
cleanup() {
    # Each process bench.py started leads its own process group: end the groups, then remove the temp dir.
    if [[ -f $tmp/pids ]]; then
        while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done <"$tmp/pids"
        sleep 1
        while read -r pid; do kill -KILL -- "-$pid" 2>/dev/null || true; done <"$tmp/pids"
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 40 minutes is far above a full run with --zabbix (about 20); a hung run still ends.
timeout --foreground -k 10 2400 python3 bench/bench.py --tmp "$tmp" "$@"
