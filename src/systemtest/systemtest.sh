#!/usr/bin/env bash
# The system test: the agent of the distribution archive under a real systemd (PID 1) in a booted container.
#
# usage (as root): src/systemtest/systemtest.sh target/trafikito-agent-<version>-linux-x86_64.tar.gz
#
# A Debian 12 root file system (debootstrap --variant=minbase, the packages the default commands need plus
# systemd, no Java) is built once and cached in $SYSTEMTEST_CACHE (default /var/cache/trafikito-systemtest),
# keyed by its package list. Each run boots a copy of it with systemd-nspawn, sharing the host's network, so
# that the agent inside reaches the fake API (fake_api.py) on the host's 127.0.0.1; commands run inside with
# nsenter. The Debian mirror is the one of this machine's apt sources. A trap powers the container off and
# ends every process the script started, on failure too.
#
# Prints one PASS/FAIL line per check (a FAIL is followed by its reasons) and "N passed, M failed".
# Exit status: 0 all passed, 1 a check failed, 77 skipped (the first line says why), 2 could not run.
# The containers are CPU-heavy: on a shared build machine run it under the Maven lock (the README's test
# command, ./mvnw -B verify, runs it through SystemdIT, already under that lock).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
SUITE=bookworm
PACKAGES="systemd,systemd-sysv,dbus,passwd,ca-certificates,procps,lsof,net-tools,iproute2,util-linux"
CACHE=${SYSTEMTEST_CACHE:-/var/cache/trafikito-systemtest}
CPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
KEY=uak-systemtest-0123456789

skip() { echo "SKIP: the system test did not run: $*"; exit 77; }
die() { echo "ERROR: $*" >&2; exit 2; }
log() { echo "[$(date +%T)] $*" >&2; }

archive=${1:-}
[ -n "$archive" ] && [ -f "$archive" ] || die "usage: $0 ARCHIVE (the trafikito-agent-*-linux-x86_64.tar.gz of ./mvnw package)"
archive=$(readlink -f "$archive")
[ "$(uname -s)" = Linux ] || skip "not Linux"
[ "$(id -u)" = 0 ] || skip "not root (systemd-nspawn and debootstrap need root)"
for tool in debootstrap systemd-nspawn nsenter python3 tar sha256sum; do
    command -v "$tool" >/dev/null || skip "no $tool (apt-get install debootstrap systemd-container util-linux python3)"
done

# The Debian mirror of this machine's apt sources: the first one that serves $SUITE itself (not -security).
mirror() {
    local file
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        awk -v s="$SUITE" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++;
            if ($(i + 1) == s) { print $i; exit } }' "$file"
    done
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk -v s="$SUITE" 'BEGIN { RS = ""; FS = "\n" } {
            uri = ""; ok = 0; deb = 0
            for (i = 1; i <= NF; i++) {
                if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); uri = u[2] }
                if ($i ~ /^Types:/ && $i ~ /[ \t]deb([ \t]|$)/) deb = 1
                if ($i ~ /^Suites:/) { n = split($i, w, /[ \t]+/); for (j = 2; j <= n; j++) if (w[j] == s) ok = 1 }
            }
            if (uri != "" && ok && deb) { print uri; exit }
        }' "$file"
    done
}
MIRROR=$(mirror | head -n1)
[ -n "$MIRROR" ] || skip "no Debian $SUITE mirror in /etc/apt/sources.list*"

# --- the cached root file system ------------------------------------------------------------------------------
key=$(printf '%s %s minbase\n' "$SUITE" "$PACKAGES" | sha256sum | cut -c1-16)
cached=$CACHE/$key
if [ ! -f "$cached/complete" ]; then
    log "building the root file system ($SUITE minbase + $PACKAGES) from $MIRROR into $cached (once)"
    mkdir -p "$CACHE"
    building=$(mktemp -d "$CACHE/.build-XXXXXX")
    wgetrc=$(mktemp)
    printf 'timeout = 30\ntries = 5\n' > "$wgetrc" # a stalled download is retried, not waited for forever
    if ! WGETRC=$wgetrc debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$building/root" "$MIRROR" \
        > "$building/debootstrap.log" 2>&1; then
        tail -n 20 "$building/debootstrap.log" >&2
        rm -rf "$building" "$wgetrc"
        die "debootstrap failed (log above)"
    fi
    rm -f "$wgetrc"
    rm -rf "$building/root/var/cache/apt/archives/"*.deb
    echo "$SUITE $PACKAGES" > "$building/complete"
    rm -rf "$cached"
    mv "$building" "$cached"
fi

# --- one run: a copy of the root, the fake API, the booted container ---------------------------------------
run=$(mktemp -d /var/tmp/trafikito-systemtest.XXXXXX)
root=$run/root
name=trafikito-st-$$
nspawn_pid=
api_pid=
cpid=
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
        [ -n "$cpid" ] && nsenter -t "$cpid" -a env -i PATH=$CPATH systemctl poweroff >/dev/null 2>&1
        for _ in $(seq 1 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
        kill -TERM "$nspawn_pid" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$nspawn_pid" 2>/dev/null
        wait "$nspawn_pid" 2>/dev/null
    fi
    if [ -n "$api_pid" ]; then
        kill "$api_pid" 2>/dev/null
        wait "$api_pid" 2>/dev/null
    fi
    if [ -n "${SYSTEMTEST_KEEP:-}" ]; then
        echo "kept $run" >&2
    else
        rm -rf "$run"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "copying the cached root file system $cached"
cp -a "$cached/root" "$root" || die "cannot copy $cached/root"

mkdir -p "$run/bodies"
echo "uptime" > "$run/commands"
: > "$run/api.log"
python3 "$here/fake_api.py" --port-file "$run/port" --commands "$run/commands" --log "$run/api.log" \
    --bodies "$run/bodies" 2> "$run/fake_api.err" &
api_pid=$!
for _ in $(seq 1 50); do [ -f "$run/port" ] && break; sleep 0.1; done
[ -f "$run/port" ] || die "the fake API did not start: $(cat "$run/fake_api.err")"
API=http://127.0.0.1:$(cat "$run/port")

log "booting the container $name"
systemd-nspawn -D "$root" -b -M "$name" --hostname="$name" --register=no --keep-unit --console=pipe \
    < /dev/null > "$run/console.log" 2>&1 &
nspawn_pid=$!

# The container's PID 1 (systemd): the child of systemd-nspawn whose pid in its own namespace is 1.
find_init() {
    local p
    for p in $(pgrep -P "$nspawn_pid"); do
        if awk '/^NSpid:/ { exit !($NF == 1) }' "/proc/$p/status" 2>/dev/null; then
            echo "$p"
            return
        fi
    done
}
for _ in $(seq 1 100); do
    cpid=$(find_init)
    [ -n "$cpid" ] && break
    kill -0 "$nspawn_pid" 2>/dev/null || die "systemd-nspawn ended: $(tail -n 20 "$run/console.log")"
    sleep 0.2
done
[ -n "$cpid" ] || die "no PID 1 in the container: $(tail -n 20 "$run/console.log")"

# Runs a command inside, as root, with a clean environment.
inside() { nsenter -t "$cpid" -a env -i PATH=$CPATH HOME=/root LANG=C.UTF-8 "$@"; }
# Runs a command inside as the unprivileged user nobody.
as_nobody() { nsenter -t "$cpid" -a env -i PATH=$CPATH HOME=/ LANG=C.UTF-8 setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

for _ in $(seq 1 150); do
    state=$(inside systemctl is-system-running 2>/dev/null)
    case "$state" in running | degraded) break ;; esac
    sleep 0.2
done
case "$state" in running | degraded) ;; *) die "the container's systemd did not come up ($state)" ;; esac
log "container up (PID 1 = host pid $cpid, $state)"

# --- checks -------------------------------------------------------------------------------------------------
passed=0
failed=0
problems=()
need() { # need "what went wrong" command...: records a problem when the command fails
    local what=$1
    shift
    "$@" || problems+=("$what")
}
report() {
    if ((${#problems[@]} == 0)); then
        echo "PASS $1"
        passed=$((passed + 1))
    else
        echo "FAIL $1"
        printf '     - %s\n' "${problems[@]}"
        failed=$((failed + 1))
    fi
    problems=()
}
not_matching() { ! grep -Eq "$1" <<< "$2"; }
saves_since() { awk -v t="$1" '$2 == "save_output" && $1 >= t' "$run/api.log"; }
now() { date +%s.%N; }
# Waits up to $1 seconds for a command to succeed.
wait_for() {
    local limit=$1
    shift
    local end=$((SECONDS + limit))
    while ((SECONDS < end)); do
        "$@" && return 0
        sleep 0.5
    done
    "$@"
}
unit_prop() { inside systemctl show -p "$1" --value trafikito.service; }
# Fast cycles through a drop-in, as an owner's local change would be made (systemctl edit).
fast_cycles() {
    inside mkdir -p /etc/systemd/system/trafikito.service.d
    printf '[Service]\nEnvironment=AGENT_CYCLE_INTERVAL=5s AGENT_CYCLE_SPLAY=false AGENT_API_URL=%s\n' "$API/dropin" \
        > "$root/etc/systemd/system/trafikito.service.d/systemtest.conf"
    inside systemctl daemon-reload
    inside systemctl restart trafikito.service
}
DEFAULTS=$(sed -n 's/^\(trafikito_[A-Za-z0-9_]*\)=.*/\1/p' "$here/../main/resources/sample/available_commands.sh" | tr '\n' ' ')

# 1. install from the archive, the key in the environment
check_install() {
    cp "$archive" "$root/root/agent.tar.gz"
    inside sh -c 'cd /root && tar xzf agent.tar.gz && rm agent.tar.gz' || problems+=("cannot unpack the archive")
    dist=$(cd "$root/root" && ls -d trafikito-agent-*/ | head -n1)
    dist=/root/${dist%/}
    need "no java on the container's PATH" sh -c "! nsenter -t $cpid -a env -i PATH=$CPATH sh -c 'command -v java' >/dev/null"
    inside env TRAFIKITO_USER_API_KEY=$KEY AGENT_API_URL=$API "$dist/agent" install --workspace-id ws-systest --yes \
        > "$run/install.out" 2> "$run/install.err"
    local code=$?
    need "install exited $code: $(tail -n 3 "$run/install.err" | tr '\n' ' ')" test "$code" = 0
    need "no user trafikito" inside sh -c 'getent passwd trafikito > /dev/null'
    need "the unit is not enabled" inside systemctl is-enabled --quiet trafikito.service
    need "the unit is not active" wait_for 10 inside systemctl is-active --quiet trafikito.service
    need "the runtime was not installed" test -x "$root/opt/trafikito/lib/runtime/bin/java"
    need "the server was registered as localhost" sh -c "! grep -q ' get_agent_file [^ ]* localhost$' '$run/api.log'"
    local short
    short=$(inside hostname)
    need "the registration's server name is not the container's host name $short" \
        grep -Eq " get_agent_file [^ ]* $short(\.[^ ]*)?$" "$run/api.log"
    need "the API URL of install is not kept in etc/agent.properties" \
        grep -q "^agent.api.url=$API\$" "$root/opt/trafikito/etc/agent.properties"
    local score
    score=$(inside systemd-analyze security trafikito.service 2>/dev/null | sed -n 's/.*Overall exposure level for trafikito.service: \([0-9.]*\).*/\1/p')
    need "systemd-analyze security: '${score:-no score}', not <= 2.0" awk -v s="${score:-99}" 'BEGIN { exit !(s <= 2.0) }'
    report "1 install from the archive: user, unit enabled and active, exposure ${score:-?}"
}

# 2. cycles saved; each default command's section is what root gets
check_cycles() {
    echo "$DEFAULTS" | sed 's/trafikito_//g; s/ /,/g; s/,$//' > "$run/commands"
    fast_cycles
    local start
    start=$(now)
    need "fewer than 2 cycles saved within 60 s" wait_for 60 sh -c "[ \$(awk -v t=$start '\$2 == \"save_output\" && \$1 >= t' '$run/api.log' | wc -l) -ge 2 ]"
    need "the service does not call the URL of its drop-in" grep -q " get_config /dropin/" "$run/api.log"
    local body
    body=$(saves_since "$start" | tail -n1 | awk '{ print $4 }')
    mkdir -p "$root/root/rootrun"
    inside sh -c 'cd /root/rootrun && sed -n "s/^\(trafikito_[A-Za-z0-9_]*\)=\"\(.*\)\"$/\1 \2/p" /opt/trafikito/available_commands.sh |
        while read -r name line; do env -i LC_ALL=C PATH='"$CPATH"' HOME=/root sh -c "$line" < /dev/null > "$name.out" 2>&1; done'
    if [ -n "$body" ]; then
        # shellcheck disable=SC2086
        python3 "$here/compare.py" "$body" "$root/root/rootrun" $DEFAULTS > "$run/compare.out" 2>&1 ||
            while read -r line; do problems+=("$line"); done < "$run/compare.out"
    else
        problems+=("no save_output body")
    fi
    report "2 cycles saved; every default command's section as root's run (numbers aside), no permission errors"
}

# 3. stop and restart while a command runs: nothing sent after, quick, a success
check_stop() {
    printf 'trafikito_sleep="sleep 25"\n' >> "$root/opt/trafikito/available_commands.sh"
    echo "sleep" > "$run/commands"
    local verb t0 t1 took
    for verb in stop restart; do
        need "$verb: the service is not active" wait_for 20 inside systemctl is-active --quiet trafikito.service
        if ! wait_for 30 inside pgrep -x sleep > /dev/null; then
            problems+=("$verb: sleep 25 never ran")
            continue
        fi
        [ "$verb" = restart ] && echo "uptime" > "$run/commands"
        t0=$(now)
        inside systemctl "$verb" trafikito.service
        t1=$(now)
        took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
        if [ "$verb" = stop ]; then
            need "stop took ${took} s (> 2 s)" awk -v t="$took" 'BEGIN { exit !(t <= 2.0) }'
            need "stop: not inactive" sh -c "[ \"\$(nsenter -t $cpid -a env -i PATH=$CPATH systemctl is-active trafikito.service)\" = inactive ]"
            need "stop: Result=$(unit_prop Result), not success" test "$(unit_prop Result)" = success
        else
            need "restart took ${took} s (> 4 s)" awk -v t="$took" 'BEGIN { exit !(t <= 4.0) }'
        fi
        sleep 3
        need "$verb: save_output of the stopped cycle (with sleep) after the $verb" \
            sh -c "! awk -v t=$t0 '\$2 == \"save_output\" && \$1 >= t { print \$4 }' '$run/api.log' | xargs -r grep -l 'Trafikito command: trafikito_sleep' | grep -q ."
        stops="$stops $verb=${took}s"
        [ "$verb" = stop ] && inside systemctl start trafikito.service
    done
    need "the journal shows a failed stop" sh -c "! nsenter -t $cpid -a env -i PATH=$CPATH journalctl -u trafikito.service --no-pager | grep -q 'Failed with result'"
    echo "uptime" > "$run/commands"
    report "3 stop and restart during sleep 25: nothing sent after, success ($stops )"
}

# 4. kill -9 of the JVM: systemd restarts it, the next cycle is saved
check_kill() {
    local pid t0
    need "not active before the kill" wait_for 20 inside systemctl is-active --quiet trafikito.service
    pid=$(unit_prop MainPID)
    t0=$(now)
    inside kill -9 "$pid"
    need "not restarted within 30 s" wait_for 30 sh -c "p=\$(nsenter -t $cpid -a env -i PATH=$CPATH systemctl show -p MainPID --value trafikito.service); [ \"\$p\" != 0 ] && [ \"\$p\" != $pid ]"
    need "no cycle saved within 30 s of the restart" wait_for 30 sh -c "[ -n \"\$(awk -v t=$t0 '\$2 == \"save_output\" && \$1 >= t' '$run/api.log')\" ]"
    report "4 kill -9 of the JVM: restarted (NRestarts=$(unit_prop NRestarts)), next cycle saved"
}

# 5. status and check, as root and as an unprivileged user
check_status() {
    local out code
    out=$(inside /opt/trafikito/agent status 2>&1); code=$?
    need "status as root exited $code" test "$code" = 0
    need "status as root does not show the drop-in's URL $API/dropin: $(echo "$out" | grep -i api | head -n2 | tr '\n' ' ')" \
        grep -qF "$API/dropin" <<< "$out"
    out=$(inside /opt/trafikito/agent check 2>&1); code=$?
    need "check as root exited $code: $(echo "$out" | tail -n 2 | tr '\n' ' ')" test "$code" = 0
    out=$(as_nobody /opt/trafikito/agent status 2>&1); code=$?
    need "status as nobody exited $code (README: 0)" test "$code" = 0
    need "status as nobody does not say Permission denied: $(echo "$out" | grep -i cannot | head -n1)" grep -q "Permission denied" <<< "$out"
    need "status as nobody names a path twice: $(grep -E '(/[^ :]+): \1' <<< "$out" | head -n1)" \
        not_matching '(/[^ :]+): \1' "$out"
    out=$(as_nobody /opt/trafikito/agent check 2>&1); code=$?
    need "check as nobody exited $code (README: 1, not clean)" test "$code" = 1
    need "check as nobody does not say Permission denied: $(echo "$out" | head -n1)" grep -q "Permission denied" <<< "$out"
    report "5 status and check as root and as nobody"
}

# 6. upgrade from an archive of another build: owner files unchanged, agent replaced, service restarted
check_upgrade() {
    local other pid before after
    other=$run/other
    mkdir -p "$other"
    tar xzf "$archive" -C "$other"
    local top
    top=$(cd "$other" && ls -d trafikito-agent-*)
    echo "the other build" > "$other/$top/lib/quarkus-app/other-build-marker"
    (cd "$other" && tar czf "$root/root/other.tar.gz" "$top")
    inside sh -c 'mkdir -p /root/other && cd /root/other && tar xzf ../other.tar.gz'
    before=$(cd "$root/opt/trafikito" && sha256sum available_commands.sh etc/trafikito.cfg etc/agent.properties etc/jvm.options)
    pid=$(unit_prop MainPID)
    inside sh -c '/root/other/trafikito-agent-*/agent install --yes' > "$run/upgrade.out" 2> "$run/upgrade.err"
    need "upgrade failed: $(tail -n 3 "$run/upgrade.err" | tr '\n' ' ')" grep -q "upgrading it" "$run/upgrade.err"
    after=$(cd "$root/opt/trafikito" && sha256sum available_commands.sh etc/trafikito.cfg etc/agent.properties etc/jvm.options)
    need "owner files changed: $(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')" test "$before" = "$after"
    need "the agent was not replaced" test -f "$root/opt/trafikito/lib/quarkus-app/other-build-marker"
    need "the runtime is missing after the upgrade" test -x "$root/opt/trafikito/lib/runtime/bin/java"
    need "the service was not restarted" wait_for 10 sh -c "p=\$(nsenter -t $cpid -a env -i PATH=$CPATH systemctl show -p MainPID --value trafikito.service); [ \"\$p\" != 0 ] && [ \"\$p\" != $pid ]"
    local t0
    t0=$(now)
    need "no cycle saved after the upgrade" wait_for 30 sh -c "[ -n \"\$(awk -v t=$t0 '\$2 == \"save_output\" && \$1 >= t' '$run/api.log')\" ]"
    report "6 upgrade from another build: owner files unchanged by checksum, agent replaced, service restarted"
}

# 7. takeover of a shell-agent installation with its own enabled unit, then --run-as trafikito
check_takeover() {
    inside /opt/trafikito/agent uninstall --purge --yes > /dev/null 2>&1 || problems+=("uninstall --purge of the first installation failed")
    inside userdel trafikito 2>/dev/null
    local old=/opt/trafikito
    mkdir -p "$root$old/etc" "$root$old/var" "$root$old/lib"
    printf 'export SERVER_ID="srv-shell-1"\nexport API_KEY="key-shell-0123456789"\nexport RUNAS="root"\n' > "$root$old/etc/trafikito.cfg"
    chmod 600 "$root$old/etc/trafikito.cfg"
    cp "$here/../main/resources/sample/available_commands.sh" "$root$old/available_commands.sh"
    chmod 664 "$root$old/available_commands.sh" # the shell agent's installer left it group-writable
    printf '#!/bin/sh\nwhile sleep 5; do :; done\n' > "$root$old/trafikito"
    chmod 755 "$root$old/trafikito"
    printf '[Unit]\nDescription=the shell agent\n[Service]\nExecStart=%s/trafikito\n[Install]\nWantedBy=multi-user.target\n' "$old" \
        > "$root/etc/systemd/system/trafikito.service"
    inside systemctl daemon-reload
    inside systemctl enable --now trafikito.service > /dev/null 2>&1 || problems+=("the shell agent's unit did not start")
    inside sh -c "AGENT_API_URL=$API $dist/agent install --base-dir $old --yes" > "$run/takeover.out" 2> "$run/takeover.err"
    need "takeover failed: $(tail -n 3 "$run/takeover.err" | tr '\n' ' ')" grep -q "taking it over" "$run/takeover.err"
    need "the shell agent's unit was not kept in etc/replaced-service" test -f "$root$old/etc/replaced-service/trafikito.service"
    need "the takeover says it kept available_commands.sh as it is, then tightened it" \
        sh -c "! { grep -q 'kept $old/available_commands.sh as it is' '$run/takeover.err' && grep -q 'tightened' '$run/takeover.err'; }"
    need "available_commands.sh still group-writable" test "$(stat -c %a "$root$old/available_commands.sh")" = 644
    need "var/ is $(stat -c %a "$root$old/var") after the takeover, not 700" test "$(stat -c %a "$root$old/var")" = 700
    inside sh -c "$dist/agent install --base-dir $old --run-as trafikito --yes" > "$run/runas.out" 2> "$run/runas.err"
    need "install --run-as trafikito failed: $(tail -n 3 "$run/runas.err" | tr '\n' ' ')" test "$(unit_prop User)" = trafikito
    fast_cycles
    local t0
    t0=$(now)
    need "no cycle saved as trafikito with the shell agent's server id" wait_for 40 grep -q " get_config /dropin/[^ ]* srv-shell-1$" "$run/api.log"
    need "no save_output after the takeover" wait_for 30 sh -c "[ -n \"\$(awk -v t=$t0 '\$2 == \"save_output\" && \$1 >= t' '$run/api.log')\" ]"
    report "7 takeover of a shell-agent installation and its unit, then --run-as trafikito"
}

# 8. uninstall, then uninstall --purge
check_uninstall() {
    inside /opt/trafikito/agent uninstall --yes > "$run/uninstall.out" 2>&1 || problems+=("uninstall failed: $(tail -n 2 "$run/uninstall.out" | tr '\n' ' ')")
    need "the unit is still there after uninstall" test ! -e "$root/etc/systemd/system/trafikito.service"
    need "the service still runs after uninstall" sh -c "! nsenter -t $cpid -a env -i PATH=$CPATH systemctl is-active --quiet trafikito.service"
    need "uninstall (no --purge) removed the base dir" test -d "$root/opt/trafikito"
    inside /opt/trafikito/agent uninstall --purge --yes > "$run/purge.out" 2>&1 || problems+=("uninstall --purge failed: $(tail -n 2 "$run/purge.out" | tr '\n' ' ')")
    need "the drop-in folder is left" test ! -e "$root/etc/systemd/system/trafikito.service.d"
    need "the user trafikito is left" sh -c "! nsenter -t $cpid -a env -i PATH=$CPATH getent passwd trafikito > /dev/null"
    need "the base dir is left" test ! -e "$root/opt/trafikito"
    report "8 uninstall, then uninstall --purge: no unit, drop-in folder, user or base dir"
}

# 9. the journal of the whole run
check_journal() {
    inside journalctl -u trafikito.service --no-pager -o cat > "$run/journal.txt" 2>&1
    local tagged errors traces
    tagged=$(inside journalctl -t trafikito --no-pager -o cat | wc -l)
    errors=$(grep -c ' ERROR ' "$run/journal.txt")
    traces=$(grep -cE '^\s+at [a-zA-Z_$][a-zA-Z0-9_$.]*\(|^Caused by: ' "$run/journal.txt")
    need "journalctl -t trafikito finds no line" test "$tagged" -gt 0
    need "$errors ERROR lines in the journal: $(grep ' ERROR ' "$run/journal.txt" | head -n 3 | cut -c1-200 | tr '\n' '|')" test "$errors" = 0
    need "$traces stack trace lines in the journal" test "$traces" = 0
    report "9 the journal: no ERROR line, no stack trace; journalctl -t trafikito finds $tagged lines"
}

stops=
started=$SECONDS
check_install
check_cycles
check_stop
check_kill
check_status
check_upgrade
check_takeover
check_uninstall
check_journal
echo "$passed passed, $failed failed (checks ran in $((SECONDS - started)) s)"
[ -n "${SYSTEMTEST_KEEP:-}" ] && cp "$run/api.log" "$run/journal.txt" "$run"/*.err /tmp/ 2>/dev/null
((failed == 0))
