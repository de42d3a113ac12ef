"""clingo peer of `tailor bench peers` (see peer_common.py for the command line).

The CNF becomes an ASP program through clingo's backend: a choice rule over one atom per
variable and one integrity constraint per clause. valid: brave consequences (true in some
answer set) and cautious ones (true in all) under the selection as assumptions; a positive item
is valid when brave, a negative one when not cautious. explain: the core clingo reports over the
assumptions, shrunk by deletion to a minimal one. count: none (clingo enumerates, it does not count).
"""
import sys

import clingo

import peer_common as pc


def build(nvars, clauses):
    ctl = clingo.Control(["--warn=none"])
    with ctl.backend() as b:
        atoms = [0] + [b.add_atom(clingo.Function("x", [clingo.Number(v)])) for v in range(1, nvars + 1)]
        b.add_rule(atoms[1:], choice=True)
        for c in clauses:
            b.add_rule([], [-atoms[l] if l > 0 else atoms[-l] for l in c])
    return ctl, atoms


def lit(atoms, l):
    return atoms[l] if l > 0 else -atoms[-l]


def consequences(ctl, atoms, mode, assumptions):
    ctl.configuration.solve.enum_mode = mode
    ctl.configuration.solve.models = "0"
    last = []
    ctl.solve(assumptions=assumptions, on_last=lambda m: last.append(m.symbols(atoms=True)))
    if not last:
        return None
    return {s.arguments[0].number for s in last[-1]}


def valid(ctl, atoms, todo, sel):
    assumptions = [lit(atoms, l) for l in sel]
    brave = consequences(ctl, atoms, "brave", assumptions)
    if brave is None:
        return None
    cautious = consequences(ctl, atoms, "cautious", assumptions)
    return sorted(l for l in todo if (l > 0 and l in brave) or (l < 0 and -l not in cautious))


def explain(ctl, atoms, sel, target):
    ctl.configuration.solve.enum_mode = "auto"
    ctl.configuration.solve.models = "1"
    back = {lit(atoms, l): l for l in sel}

    def unsat(c):
        core = []
        r = ctl.solve(assumptions=[lit(atoms, l) for l in c + [target]], on_core=core.extend)
        return core if r.unsatisfiable else None

    core = unsat(sel)
    if core is None:
        return None
    core = [back[x] for x in core if x in back]
    return sorted(pc.shrink(lambda c: unsat(c) is not None, core))


def main():
    a = pc.args()
    (nvars, clauses), read_ms = pc.timed(lambda: pc.read_dimacs(a.model))
    (ctl, atoms), build_ms = pc.timed(lambda: build(nvars, clauses))
    if a.op in ("load", "count"):
        note = None if a.op == "load" else "clingo has no counter"
        pc.emit("clingo", a, read_ms + build_ms, [read_ms + build_ms], note=note)
        return
    todo = pc.items(a, nvars)
    times, answer = [], None
    for _ in range(a.runs):
        if a.op == "valid":
            answer, ms = pc.timed(lambda: valid(ctl, atoms, todo, a.select))
        else:
            answer, ms = pc.timed(lambda: explain(ctl, atoms, a.select, a.target))
        times.append(ms)
    pc.emit("clingo", a, read_ms + build_ms, times, answer, version=clingo.__version__)


if __name__ == "__main__":
    sys.exit(main())
