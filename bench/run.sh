#!/usr/bin/env bash
# Benchmarks of the agent (issue 6): cycle time against the floor of its commands, the agent's own CPU,
# start-up, memory, scaling; optionally Zabbix agent 2 beside it. Prints a Markdown table (bench/RESULTS.md
# holds the figures and how to read them).
#
#   ./mvnw -B -q package -DskipTests      # once: this script builds nothing
#   bench/run.sh                          # about 10 minutes on 2 cores
#   bench/run.sh --only cycle             # sections: cycle, startup, memory, scaling, zabbix
#   bench/run.sh --zabbix --java25        # also Zabbix agent 2, and idle RSS on Temurin 25 (labelled)
#   bench/run.sh --quick                  # smoke test of the script itself, not figures
#
# Loopback only: a fake API (bench/fake_api.py) on 127.0.0.1, the agent's health port on a free loopback port,
# Zabbix agent 2 (when asked) listening on 127.0.0.1 with its own config in the temp dir; no system service is
# touched. Every process started is killed on exit, whatever happens; the whole run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in python3 setsid kill lsof netstat vmstat top ps free df; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is needed" >&2; exit 2; }
done

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

# 40 minutes is far above a full run with --zabbix (about 15); a hung run still ends.
timeout --foreground -k 10 2400 python3 bench/bench.py --tmp "$tmp" "$@"
