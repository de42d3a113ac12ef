"""CP-SAT asked what `tailor configure` answers on the COOM travel-bike fleet with N bikes
(`../shared/data/coom/benchmarks/travel-bike-fleet/model.coom`, NUMBIKES = N, MAXPRICE = 200 N):
the least and greatest fleet total and bike price (the issue's protocol: one worker, one model,
the objective swapped per variable), then the total's whole valid set, one feasibility solve
per number between those ends (what tailor reports: its holes too). Prints the wall time of
each part in ms and the answers as JSON.

Modelled by hand: each bike has two wheels of one size (so one wheel price 10..40 counted
twice), 3 carrier and 2 frame bag slots, each present only after the one before, at most two
bags in all, each bag 10, 20, 30 or 40; its price is the sum (0..240), the total the sum of
the prices (0..MAXPRICE).

Usage: bench/.venv/bin/python bench/numbers/cpsat_travel.py N
"""
import json
import sys
import time

from ortools.sat.python import cp_model


def build(n):
    m = cp_model.CpModel()
    prices = []
    for b in range(1, n + 1):
        wheel = m.new_int_var_from_domain(cp_model.Domain.from_values([10, 20, 30, 40]), f"w{b}")
        bags = []
        present = []
        for holder, slots in (("carrier", 3), ("frame", 2)):
            before = None
            for k in range(slots):
                p = m.new_bool_var(f"b{b}{holder}{k}")
                if before is not None:
                    m.add_implication(p, before)
                before = p
                cost = m.new_int_var_from_domain(
                    cp_model.Domain.from_values([0, 10, 20, 30, 40]), f"c{b}{holder}{k}"
                )
                m.add(cost >= 10).only_enforce_if(p)
                m.add(cost == 0).only_enforce_if(p.Not())
                bags.append(cost)
                present.append(p)
        m.add(sum(present) <= 2)
        price = m.new_int_var(0, 240, f"bike[{b}].price")
        m.add(price == 2 * wheel + sum(bags))
        prices.append(price)
    total = m.new_int_var(0, 200 * n, "totalPrice")
    m.add(total == sum(prices))
    return m, total, prices


def solve(m, solver):
    status = solver.solve(m)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    if status == cp_model.INFEASIBLE:
        return False
    raise SystemExit(f"CP-SAT: status {solver.status_name(status)}")


def main():
    n = int(sys.argv[1])
    t = time.perf_counter()
    m, total, prices = build(n)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    ends = {}
    for var in [total] + prices:
        got = []
        for sense in (m.minimize, m.maximize):
            sense(var)
            solve(m, solver)
            got.append(int(solver.objective_value))
        ends[var.name] = got
    min_max_ms = (time.perf_counter() - t) * 1e3
    # The total's valid set: one feasibility question per number between its ends.
    t = time.perf_counter()
    m.clear_objective()
    lo, hi = ends["totalPrice"]
    valid = []
    for v in range(lo, hi + 1):
        probe = m.clone()
        probe.add(probe.get_int_var_from_proto_index(total.index) == v)
        if solve(probe, solver):
            valid.append(v)
    set_ms = (time.perf_counter() - t) * 1e3
    print(json.dumps({
        "bikes": n,
        "min_max_ms": round(min_max_ms, 1),
        "min_max_questions": 2 * (1 + n),
        "valid_set_ms": round(set_ms, 1),
        "valid_set_questions": hi - lo + 1,
        "ends": {"totalPrice": ends["totalPrice"], "bike[1].price": ends["bike[1].price"]},
        "total_valid_count": len(valid),
        "total_valid_first_last": [valid[0], valid[-1]] if valid else None,
    }))


main()
