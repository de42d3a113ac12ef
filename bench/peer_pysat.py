"""python-sat peer of `tailor bench peers` (see peer_common.py for the command line).

valid: solve once, mark every item true in the model valid, then test each remaining item with
an assumption, marking every item true in each new model (model reuse). explain: the solver's
core over the selection, shrunk by deletion to a minimal one (clauses stay hard). count: none.
"""
import sys

from pysat.solvers import Solver

import peer_common as pc

SOLVER = "cd15"  # CaDiCaL 1.5.3: fewest calls and fastest on these models (vs g3, g4, m22, mc)


def valid(s, todo, sel):
    if not s.solve(assumptions=sel):
        return None
    found = set()
    n = s.nof_vars()
    free = {l for l in todo if abs(l) > n}  # in no clause: free either way
    wanted = set(todo) - free

    def mark():
        found.update(wanted.intersection(s.get_model()))

    mark()
    found |= free
    for l in todo:
        if l not in found and s.solve(assumptions=sel + [l]):
            mark()
    return sorted(found)


def explain(s, sel, target):
    if s.solve(assumptions=sel + [target]):
        return None
    core = [l for l in (s.get_core() or sel) if l != target]
    return sorted(pc.shrink(lambda c: not s.solve(assumptions=c + [target]), core))


def main():
    a = pc.args()
    (nvars, clauses), read_ms = pc.timed(lambda: pc.read_dimacs(a.model))
    s, build_ms = pc.timed(lambda: Solver(name=SOLVER, bootstrap_with=clauses))
    if a.op == "load":
        pc.emit("pysat", a, read_ms + build_ms, [read_ms + build_ms])
        return
    if a.op == "count":
        pc.emit("pysat", a, read_ms + build_ms, answer=None, note="python-sat has no counter")
        return
    todo = pc.items(a, nvars)
    times, answer = [], None
    for _ in range(a.runs):
        if a.op == "valid":
            answer, ms = pc.timed(lambda: valid(s, todo, a.select))
        else:
            answer, ms = pc.timed(lambda: explain(s, a.select, a.target))
        times.append(ms)
    pc.emit("pysat", a, read_ms + build_ms, times, answer, solver=SOLVER)


if __name__ == "__main__":
    sys.exit(main())
