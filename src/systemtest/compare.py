#!/usr/bin/env python3
"""Compares the sections of a save_output body with the same commands run by root in the container.

usage: compare.py BODY ROOT_RUN_DIR NAME...
Prints one line per problem; exits 1 when there is any. Numbers are left aside (counts, sizes, times and
percentages change between two runs); every other character of every line must be the same, except for
top and ps, which list the processes of the moment: there the header and the number of lines must match;
and df, whose file systems come in the order of the mount table, which the service's sandbox rebuilds
(PrivateTmp, ProtectControlGroups...): there the same lines in any order.
"""
import os
import re
import sys

DELIMITER = b"*-*-*-*------------ Trafikito command: "
VOLATILE = {"trafikito_top", "trafikito_ps"}
UNORDERED = {"trafikito_df_h", "trafikito_df_p"}


def sections(body):
    found = {}
    text = body.split(DELIMITER)
    for chunk in text[1:]:
        name, _, rest = chunk.partition(b"\n")
        rest = rest.split(b"*-*-*-*------------ Available commands:")[0]
        rest = re.split(rb"\r?\n--[^\r\n]+(\r?\n|--)", rest)[0]  # the multipart boundary after the last one
        found[name.decode().strip()] = rest.decode("utf-8", "replace")
    return found


def shape(text):
    return [re.sub(r"\s+", " ", re.sub(r"[0-9]+([.,][0-9]+)*", "N", line)).strip()
            for line in text.rstrip("\n").split("\n")]


def main():
    body_file, root_dir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(body_file, "rb") as f:
        got = sections(f.read())
    problems = []
    for name in names:
        if name not in got:
            problems.append("%s: no section in the service's payload" % name)
            continue
        service = got[name]
        with open(os.path.join(root_dir, name + ".out"), encoding="utf-8", errors="replace") as f:
            root = f.read()
        if not service.strip():
            problems.append("%s: empty section" % name)
        for bad in ("Permission denied", "Operation not permitted"):
            if bad in service:
                problems.append("%s: %r in the service's output" % (name, bad))
        a, b = shape(service), shape(root)
        if name in UNORDERED:
            a, b = sorted(a), sorted(b)
        if name in VOLATILE:
            if len(a) != len(b) or a[:1] != b[:1]:
                problems.append("%s: %d lines from the service, %d from root; first lines %r / %r"
                                % (name, len(a), len(b), a[:1], b[:1]))
        elif a != b:
            diff = [(x, y) for x, y in zip(a + [""] * len(b), b + [""] * len(a)) if x != y][:3]
            problems.append("%s: differs from root's run (numbers aside): %r" % (name, diff))
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
