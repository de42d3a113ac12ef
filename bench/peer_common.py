"""Shared helpers of the peer scripts of `tailor bench peers`: arguments, DIMACS reading, timing, JSON.

Every peer is run as `python3 bench/peer_X.py MODEL OP [--select LITS] [--items FILE]
[--target LIT] [--runs N]` and prints one JSON line: answers plus times measured inside the
peer (milliseconds, excluding Python start-up; `load_ms` is reading the model and building the
solver). OP is one of: load, valid, explain, count. LITS are DIMACS literals, comma separated.
"""
import argparse
import json
import time


def args():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("op", choices=["load", "valid", "explain", "count"])
    p.add_argument("--select", default="", help="selection as DIMACS literals, comma separated")
    p.add_argument("--items", help="JSON file: the literals whose validity is asked (default: all)")
    p.add_argument("--target", type=int, help="explain: the blocked literal")
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    a.select = [int(x) for x in a.select.split(",") if x.strip()]
    return a


def read_dimacs(path):
    """(number of variables, clauses) of a DIMACS CNF file."""
    nvars, clauses, cur = 0, [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line[:1] in ("c", "%", "") or not line.strip():
                continue
            if line.startswith("p"):
                nvars = int(line.split()[2])
                continue
            for tok in line.split():
                v = int(tok)
                if v == 0:
                    clauses.append(cur)
                    cur = []
                else:
                    cur.append(v)
    if cur:
        clauses.append(cur)
    return nvars, clauses


def items(a, nvars):
    if a.items:
        with open(a.items, encoding="utf-8") as f:
            return json.load(f)
    return [s * v for v in range(1, nvars + 1) for s in (1, -1)]


def timed(f):
    t0 = time.perf_counter()
    r = f()
    return r, (time.perf_counter() - t0) * 1000.0


def shrink(unsat, core):
    """Deletion-based minimal subset of `core` for which `unsat(subset)` holds."""
    core = list(core)
    i = 0
    while i < len(core):
        rest = core[:i] + core[i + 1:]
        if unsat(rest):
            core = rest
        else:
            i += 1
    return core


def emit(tool, a, load_ms, times=None, answer=None, **extra):
    out = {"tool": tool, "op": a.op, "load_ms": load_ms, "times_ms": times or [], "answer": answer}
    out.update(extra)
    print(json.dumps(out))
