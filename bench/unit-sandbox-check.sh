#!/usr/bin/env bash
# Runs the 16 default commands the way trafikito.service runs them, as far as that is possible where systemd is
# not PID 1 (no systemd-run): in a private mount, UTS and IPC namespace where every mount is read-only except
# <base-dir>/var (ProtectSystem=strict, ProtectHome=read-only, ProtectKernelTunables, ProtectControlGroups,
# ReadWritePaths), with a fresh /tmp (PrivateTmp) and a minimal /dev (PrivateDevices), as an unprivileged user
# with no capabilities and no_new_privs (User=, CapabilityBoundingSet=, NoNewPrivileges). It prints each
# command's exit status and line count: as root, as that user without the sandbox, and as that user inside it.
#
# With strace installed, it also lists every system call and socket family the commands use, and which of
# them fall outside SystemCallFilter=@system-service or RestrictAddressFamilies=: the seccomp half of the unit,
# which cannot be applied here without systemd.
#
# Usage (as root): bench/unit-sandbox-check.sh [whitelist]   (default: the bundled 16 default commands)
set -euo pipefail
cd "$(dirname "$0")/.."
whitelist=${1:-src/main/resources/sample/available_commands.sh}
[ "$(id -u)" = 0 ] || { echo "run as root: it builds mount namespaces and switches users" >&2; exit 2; }
uid=65534 # nobody: an unprivileged user, as the service user trafikito is
PATH_FIXED=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Not under /tmp: the sandbox mounts a fresh /tmp over it.
mkdir -p target
work=$(mktemp -d "$PWD/target/sandbox.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -p "$work/var" "$work/dev"
mkdir -m 1777 "$work/tmp" "$work/vartmp"
chown "$uid:$uid" "$work/var"
grep '^trafikito_' "$whitelist" | sed -e 's/^\(trafikito_[A-Za-z0-9_]*\)="\(.*\)"[[:space:]]*$/\1\t\2/' > "$work/commands"

as_user() { # the command line $1, as the unprivileged user with no capabilities, in var/
    (cd "$work/var" && setpriv --reuid=$uid --regid=$uid --clear-groups --no-new-privs --bounding-set=-all \
        --inh-caps=-all env -i LC_ALL=C PATH=$PATH_FIXED HOME="$work/var" /bin/sh -c "$1")
}

sandboxed() { # the same inside the namespaces that the unit's file-system options build
    unshare --mount --uts --ipc --propagation private -- /bin/bash -c '
        set -e
        work=$1; uid=$2; cmd=$3
        # PrivateDevices: a tmpfs with the pseudo devices only
        mount -t tmpfs -o mode=755 tmpfs "$work/dev"
        for d in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
            mknod -m 666 "$work/dev/${d%%:*}" c "$(cut -d: -f2 <<<"$d")" "${d##*:}"
        done
        mkdir "$work/dev/pts" "$work/dev/shm"; ln -s /proc/self/fd "$work/dev/fd"
        mount --bind /dev/shm "$work/dev/shm"; mount --bind /dev/pts "$work/dev/pts" # systemd keeps these two
        for m in $(awk "{print \$5}" /proc/self/mountinfo | sort -u); do
            mount -n -o remount,bind,ro "$m" 2>/dev/null || true
        done
        # -n: /run/mount is read-only by now, and mount would fail to record these mounts there
        mount -n --bind "$work/var" "$work/var" && mount -n -o remount,bind,rw "$work/var"
        mount -n --move "$work/dev" /dev
        # PrivateTmp: folders of the same file system bound over /tmp and /var/tmp, as systemd does
        mount -n --bind "$work/tmp" /tmp && mount -n -o remount,bind,rw /tmp
        mount -n --bind "$work/vartmp" /var/tmp && mount -n -o remount,bind,rw /var/tmp
        cd "$work/var"
        exec setpriv --reuid=$uid --regid=$uid --clear-groups --no-new-privs --bounding-set=-all --inh-caps=-all \
            env -i LC_ALL=C PATH='"$PATH_FIXED"' HOME="$work/var" /bin/sh -c "$cmd"' sandbox "$work" "$uid" "$1"
}

printf '%-42s %-14s %-14s %-14s %s\n' command "as root" "as uid $uid" "in the unit" "first line in the unit"
while IFS=$'\t' read -r name line; do
    r=$( (cd "$work/var" && env -i LC_ALL=C PATH=$PATH_FIXED /bin/sh -c "$line") 2>&1; echo "exit=$?")
    u=$(as_user "$line" 2>&1; echo "exit=$?")
    s=$(sandboxed "$line" 2>&1; echo "exit=$?")
    summary() { # "exit status: the output" for a one-line output (a count), else "exit status, N lines"
        local lines=$(($(wc -l <<<"$1") - 1)) status; status=$(tail -1 <<<"$1" | sed 's/exit=//')
        if [ "$lines" = 1 ]; then printf '%s: %s' "$status" "$(head -1 <<<"$1" | cut -c1-10)"; else printf '%s, %s lines' "$status" "$lines"; fi
    }
    printf '%-42s %-14s %-14s %-14s %s\n' "$name" "$(summary "$r")" "$(summary "$u")" "$(summary "$s")" \
        "$(head -1 <<<"$s" | cut -c1-60)"
done < "$work/commands"

if ! command -v strace >/dev/null || ! command -v systemd-analyze >/dev/null; then
    echo "(strace or systemd-analyze missing: system calls not checked)"
    exit 0
fi
expand() { # every system call of a systemd group, nested groups expanded
    systemd-analyze syscall-filter "$1" | sed 1d | grep -v '^ *#' | sed 's/^ *//' | while read -r s; do
        [ -z "$s" ] && continue
        case "$s" in @*) expand "$s" ;; *) echo "$s" ;; esac
    done
}
expand @system-service | sort -u > "$work/allowed"
chmod 777 "$work"
i=0
while IFS=$'\t' read -r name line; do
    i=$((i + 1))
    printf '%s\n' "$line" > "$work/cmd.$i"
    as_user "strace -f -qq -o $work/trace.$i /bin/sh $work/cmd.$i" >/dev/null 2>&1 || true
done < "$work/commands"
cat "$work"/trace.* 2>/dev/null | sed -E 's/^[0-9]+ +//' | grep -oE '^[a-z_0-9]+\(' | tr -d '(' | sort -u > "$work/used"
echo
echo "system calls used by the commands: $(wc -l < "$work/used"); outside @system-service: $(comm -23 "$work/used" "$work/allowed" | tr '\n' ' ')"
echo "socket families: $(cat "$work"/trace.* | grep -oE 'socket\(AF_[A-Z0-9]+' | sed 's/socket(//' | sort | uniq -c | tr '\n' ' ')"
