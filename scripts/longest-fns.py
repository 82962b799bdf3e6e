#!/usr/bin/env python3
"""The longest Rust functions under the given folders (default: src/, the core), by line count
from the `fn` line to its closing brace, tests (`#[cfg(test)]` modules) left out. Used for the
before/after figures of refactors: `python3 scripts/longest-fns.py [--top 10] [dirs...]`."""
import re, sys, pathlib

def functions(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    out, i, in_test_from = [], 0, None
    fn_re = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("#[cfg(test)]"):
            break  # test modules sit at the end of files in this codebase
        m = fn_re.match(line)
        if m:
            depth, j, opened = 0, i, False
            while j < len(lines):
                code = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j])
                code = re.sub(r"'(\\.|[^'\\])'", "''", code)
                code = code.split("//")[0]
                for ch in code:
                    if ch == "{":
                        depth += 1; opened = True
                    elif ch == "}":
                        depth -= 1
                if opened and depth <= 0:
                    break
                if not opened and code.rstrip().endswith(";"):
                    break  # a declaration without a body
                j += 1
            if opened:
                out.append((j - i + 1, f"{path}:{i+1}", m.group(6)))
            i = j + 1 if opened else i + 1
            continue
        i += 1
    return out

args = sys.argv[1:]
top = 10
if args[:1] == ["--top"]:
    top, args = int(args[1]), args[2:]
dirs = args or ["src"]
allf = []
for d in dirs:
    for p in sorted(pathlib.Path(d).rglob("*.rs")):
        if "/bin/" in str(p):
            continue
        allf += functions(p)
allf.sort(reverse=True)
for n, loc, name in allf[:top]:
    print(f"{n:5d}  {name:32s} {loc}")
