#!/usr/bin/python3
"""HACKING.md stays a map a newcomer reads in ten minutes: at most 12 KB, and
every file the map names exists (so a moved or deleted file fails here, not in
a newcomer's first hour).  Usage: check-hacking.py SOURCE_ROOT"""
import os
import re
import subprocess
import sys

LIMIT = 12 * 1024

root = sys.argv[1]
path = os.path.join(root, "HACKING.md")
text = open(path, encoding="utf-8").read()
problems = []

size = len(text.encode("utf-8"))
if size > LIMIT:
    problems.append(f"HACKING.md is {size} bytes, over {LIMIT}: move prose to docs/decisions/")

try:
    tracked = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True,
                             text=True, check=True).stdout.split("\n")
except (OSError, subprocess.CalledProcessError):
    tracked = []
    for top, _dirs, files in os.walk(root):
        if "/_build" in top or "/.git" in top:
            continue
        tracked += [os.path.relpath(os.path.join(top, f), root) for f in files]
tracked = [t for t in tracked if t]
basenames = {os.path.basename(t) for t in tracked}
dirs = set()
for t in tracked:
    d = os.path.dirname(t)
    while d:
        dirs.add(d)
        d = os.path.dirname(d)

def expand(name):
    """dabiao-standard{,-load}.c → the names it stands for."""
    m = re.match(r"(.*)\{([^}]*)\}(.*)", name)
    if not m:
        return [name]
    return [n for part in m.group(2).split(",") for n in expand(m.group(1) + part + m.group(3))]

for lineno, line in enumerate(text.split("\n"), 1):
    for code in re.findall(r"`([^`]+)`", line):
        if not re.search(r"\.(c|h|py|sh|ui|json|csv|md|xml)$|/$", code) or " " in code:
            continue
        if "*" in code or "<" in code or "NNNN" in code or code.startswith("."):
            continue
        for name in expand(code):
            name = name.rstrip("/")
            if "/" in name or code.endswith("/"):
                ok = (name in tracked or name in dirs
                      or any(t.endswith("/" + name) or ("/" + name + "/") in "/" + t for t in tracked))
            else:
                ok = name in basenames
            if not ok:
                problems.append(f"HACKING.md:{lineno}: {name} does not exist")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
