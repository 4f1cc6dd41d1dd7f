#!/usr/bin/env bash
# Prints the exposure score that `systemd-analyze security --offline=yes` gives the unit `agent install` writes,
# beside the score of Debian's own zabbix-agent2 unit: 0 is locked down, 10 is no hardening at all.
# The unit is taken from `agent install --print-service` (the code that writes the real one) and verified first.
# zabbix-agent2's unit is read from the installed package, or from its .deb fetched with `apt-get download`
# (nothing is installed, no user or service is created).
#
# Usage: bench/unit-security.sh        (needs systemd-analyze: Debian package systemd; a built agent, or Maven)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing: apt-get install systemd" >&2; exit 2; }
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# verify checks that ExecStart's program exists: give the unit a base dir that has one
base=$work/trafikito
mkdir -p "$base/var"
printf '#!/bin/sh\n' > "$base/agent"
chmod 755 "$base/agent"
java -jar "$jar" install --print-service --base-dir "$base" > "$work/trafikito.service"
verify=$(systemd-analyze verify "$work/trafikito.service" 2>&1) || true
[ -z "$verify" ] || { echo "systemd-analyze verify complains about trafikito.service:" >&2; echo "$verify" >&2; exit 1; }

score() {
    systemd-analyze security --offline=yes --no-pager "$1" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}

zabbix_unit=""
for candidate in /lib/systemd/system/zabbix-agent2.service /usr/lib/systemd/system/zabbix-agent2.service; do
    [ -f "$candidate" ] && zabbix_unit=$candidate && break
done
zabbix_version=$(dpkg-query -W -f='${Version}' zabbix-agent2 2>/dev/null || true)
if [ -z "$zabbix_unit" ] && command -v apt-get >/dev/null; then
    (cd "$work" && chmod 777 . && apt-get download -q zabbix-agent2 >/dev/null 2>&1) || true
    deb=$(ls "$work"/zabbix-agent2_*.deb 2>/dev/null | head -1 || true)
    if [ -n "$deb" ]; then
        dpkg-deb -x "$deb" "$work/zabbix"
        zabbix_unit=$(find "$work/zabbix" -name zabbix-agent2.service | head -1)
        zabbix_version=$(dpkg-deb -f "$deb" Version)
    fi
fi

printf '%-52s %s\n' "unit" "exposure (lower is better)"
printf '%-52s %s\n' "trafikito.service (agent install)" "$(score "$work/trafikito.service")"
if [ -n "$zabbix_unit" ]; then
    printf '%-52s %s\n' "zabbix-agent2.service (Debian $zabbix_version)" "$(score "$zabbix_unit")"
else
    printf '%-52s %s\n' "zabbix-agent2.service (Debian 12, 1:6.0.14)" \
        "9.2 (measured earlier; the package could not be fetched here)"
fi
