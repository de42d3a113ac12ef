"""CP-SAT asked what `tailor configure` answers on COOM restaurant-100: the least and greatest
number of big tables, small tables and places, and of every table's chairs (given that the
table is present), with and without the user input (200 places). One worker, one model per
question set, the objective swapped per variable (model reuse). Prints the wall time of each
question set in ms and the answers as JSON.

Usage: bench/.venv/bin/python bench/numbers/cpsat_restaurant.py [PLACES]
"""
import json
import sys
import time

from ortools.sat.python import cp_model


def build(places):
    m = cp_model.CpModel()
    n = 100
    nb = m.new_int_var(0, n, "bigTables")
    ns = m.new_int_var(0, n, "smallTables")
    chairs = []
    per_table = {}
    for kind, count, lo, hi in (("bigTables", nb, 3, 5), ("smallTables", ns, 1, 2)):
        for i in range(1, n + 1):
            present = m.new_bool_var(f"{kind}[{i}]")
            # instance i is present exactly when the count reaches i
            m.add(count >= i).only_enforce_if(present)
            m.add(count < i).only_enforce_if(present.Not())
            c = m.new_int_var(0, hi, f"{kind}[{i}].chairs")
            m.add(c >= lo).only_enforce_if(present)
            m.add(c == 0).only_enforce_if(present.Not())
            chairs.append(c)
            per_table[f"{kind}[{i}].chairs"] = (c, present)
    total = m.new_int_var(1, 700, "totalPlaces")
    m.add(total == sum(chairs))
    if places is not None:
        m.add(total == places)
    return m, {"bigTables": (nb, None), "smallTables": (ns, None), "totalPlaces": (total, None), **per_table}


def extreme(m, solver, var, present, sense):
    if present is not None:
        m.add_assumptions([present])
    (m.minimize if sense == "min" else m.maximize)(var)
    status = solver.solve(m)
    m.clear_assumptions()
    if status == cp_model.OPTIMAL:
        return int(solver.objective_value)
    if status == cp_model.INFEASIBLE:
        return None
    raise SystemExit(f"CP-SAT: status {solver.status_name(status)}")


def main():
    places = int(sys.argv[1]) if len(sys.argv) > 1 else None
    t = time.perf_counter()
    m, variables = build(places)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    answers = {}
    for name, (var, present) in variables.items():
        answers[name] = [extreme(m, solver, var, present, s) for s in ("min", "max")]
    ms = (time.perf_counter() - t) * 1e3
    print(json.dumps({"ms": round(ms, 1), "questions": 2 * len(variables), "answers": answers}))


main()
