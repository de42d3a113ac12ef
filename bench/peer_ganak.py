"""Ganak (pyganak) peer of `tailor bench peers` for op count (see peer_common.py): the exact
number of models over every variable of the header, under the selection as unit clauses.
"""
import sys

import pyganak

import peer_common as pc


def count(nvars, clauses, sel):
    c = pyganak.Counter()
    c.new_vars(nvars)
    c.add_clauses(clauses)
    for l in sel:
        c.add_clause([l])
    return str(c.count())


def main():
    a = pc.args()
    (nvars, clauses), read_ms = pc.timed(lambda: pc.read_dimacs(a.model))
    if a.op != "count":
        pc.emit("ganak", a, read_ms, note="ganak only counts")
        return
    times, answer = [], None
    for _ in range(a.runs):
        answer, ms = pc.timed(lambda: count(nvars, clauses, a.select))
        times.append(ms)
    pc.emit("ganak", a, read_ms, times, answer, version=pyganak.__version__)


if __name__ == "__main__":
    sys.exit(main())
