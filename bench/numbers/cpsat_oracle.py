"""Independent oracle for tailor's interval domains, built on OR-Tools CP-SAT.

tailor narrows the domain of every integer of a model with linear rules to an interval. This
script answers the same question with a solver that shares no code with tailor, so that the
tests in tests/integration and the benchmark in bench can check tailor's answers against it:
for each question (a set of fixed values), is the model feasible, and if so, what are the
proven minimum and maximum of every int?

Reads ONE JSON document on stdin and writes ONE JSON document on stdout:

    in:  {"ints": [{"name": "a.n", "min": 0, "max": 1000000}, ...],
          "rules": [{"terms": [[1, "a.n"], [2, "a.m"]], "op": "<=", "rhs": 1000}, ...],
          "fixed": {"a.n": 5},
          "questions": [{"fixed": {"a.n": 5}}, {"fixed": {}}]}
    out: {"answers": [{"feasible": true, "bounds": {"a.n": {"min": 0, "max": 1000}, ...}},
                      {"feasible": false, "bounds": null}]}

op is one of <=, <, >=, >, =, !=. A term's name may also be a product, quotient or remainder
of two ints, ["*", "a.n", "a.m"], ["/", ...] or ["%", ...]: the quotient rounds toward zero
(CP-SAT's division), the remainder is n - (n / m) * m, and a rule that divides by an int makes
that int nonzero (tailor's rule is false where the divisor is 0). "questions" is optional: without it, one question is
answered with the top-level "fixed". With it, each question's "fixed" is used on its own (the
top-level "fixed" is not merged in). A fixed value outside the int's range makes the question
infeasible.

Every bound printed is proven optimal by CP-SAT (one worker, deterministic). When a solve does
not end with a proof within 60 s, the script prints nothing on stdout, says why on stderr and
exits with code 3. Bad input exits with code 2.
"""
import json
import sys

from ortools.sat.python import cp_model

TIME_LIMIT_S = 60.0
OPS = ("<=", "<", ">=", ">", "=", "!=")


class OracleError(Exception):
    """An answer that cannot be given: `code` is the exit code (2 bad input, 3 no proof)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _int(value, what):
    # bool is an int in Python, but true/false is not a number in the input
    if not isinstance(value, int) or isinstance(value, bool):
        raise OracleError(2, f"{what} must be an integer, got {value!r}")
    return value


def questions(doc):
    """The questions to answer, in order: each a dict with "fixed" and optionally "within"
    ({name: [lo, hi]}: the int kept inside lo..hi, to ask whether a reported hole is one) and
    "bounds": false (feasibility only)."""
    if "questions" in doc and doc["questions"] is not None:
        return [q or {} for q in doc["questions"]]
    return [{"fixed": doc.get("fixed") or {}}]


def build_model(doc, fixed, within=None):
    """(CpModel, {name: IntVar}) of the document's ints and rules plus the fixed values."""
    model = cp_model.CpModel()
    ints, ranges = {}, {}
    for d in doc.get("ints", []):
        name = d["name"]
        if name in ints:
            raise OracleError(2, f"int {name!r} declared twice")
        lo, hi = _int(d["min"], f"{name}.min"), _int(d["max"], f"{name}.max")
        if lo > hi:
            model.add_bool_or([])  # an empty range: nothing is feasible
            lo = hi
        ints[name] = model.new_int_var(lo, hi, name)
        ranges[name] = (lo, hi)

    for i, rule in enumerate(doc.get("rules", [])):
        op = rule["op"]
        if op not in OPS:
            raise OracleError(2, f"rule {i}: unknown op {op!r}")
        rhs = _int(rule["rhs"], f"rule {i} rhs")
        coefs, variables = [], []
        for coef, name in rule["terms"]:
            coefs.append(_int(coef, f"rule {i} coefficient"))
            variables.append(term_var(model, ints, ranges, name, i))
        if not variables:  # a constant rule: 0 op rhs
            holds = {"<=": 0 <= rhs, "<": 0 < rhs, ">=": 0 >= rhs,
                     ">": 0 > rhs, "=": 0 == rhs, "!=": 0 != rhs}[op]
            if not holds:
                model.add_bool_or([])
            continue
        expr = cp_model.LinearExpr.weighted_sum(variables, coefs)
        if op == "<=":
            model.add(expr <= rhs)
        elif op == "<":
            model.add(expr <= rhs - 1)
        elif op == ">=":
            model.add(expr >= rhs)
        elif op == ">":
            model.add(expr >= rhs + 1)
        elif op == "=":
            model.add(expr == rhs)
        else:
            model.add(expr != rhs)

    for name, value in fixed.items():
        if name not in ints:
            raise OracleError(2, f"fixed: unknown int {name!r}")
        value = _int(value, f"fixed {name}")
        lo, hi = ranges[name]
        if lo <= value <= hi:
            model.add(ints[name] == value)
        else:
            model.add_bool_or([])  # outside the int's range
    for name, (lo, hi) in (within or {}).items():
        if name not in ints:
            raise OracleError(2, f"within: unknown int {name!r}")
        model.add(ints[name] >= _int(lo, f"within {name}"))
        model.add(ints[name] <= _int(hi, f"within {name}"))
    return model, ints


def term_var(model, ints, ranges, name, i):
    """The variable of a term: an int, or a new one equal to a product, quotient or remainder."""
    if isinstance(name, str):
        if name not in ints:
            raise OracleError(2, f"rule {i}: unknown int {name!r}")
        return ints[name]
    op, a, b = name
    for n in (a, b):
        if n not in ints:
            raise OracleError(2, f"rule {i}: unknown int {n!r}")
    (xl, xh), (yl, yh) = ranges[a], ranges[b]
    x, y = ints[a], ints[b]
    if op == "*":
        corners = [xl * yl, xl * yh, xh * yl, xh * yh]
        z = model.new_int_var(min(corners), max(corners), f"{a}*{b}")
        model.add_multiplication_equality(z, [x, y])
        return z
    if op not in ("/", "%"):
        raise OracleError(2, f"rule {i}: unknown operator {op!r}")
    parts = [[lo, hi] for lo, hi in ([yl, min(yh, -1)], [max(yl, 1), yh]) if lo <= hi]
    if not parts:
        model.add_bool_or([])  # the divisor is always 0: the rule never holds
        return model.new_int_var(0, 0, "nothing")
    nonzero = model.new_int_var_from_domain(cp_model.Domain.from_intervals(parts), f"{b}!=0")
    model.add(nonzero == y)
    most = max(abs(xl), abs(xh))
    q = model.new_int_var(-most, most, f"{a}/{b}")
    model.add_division_equality(q, x, nonzero)
    if op == "/":
        return q
    most_y = max(abs(yl), abs(yh))
    p = model.new_int_var(-most * most_y, most * most_y, f"({a}/{b})*{b}")
    model.add_multiplication_equality(p, [q, nonzero])
    r = model.new_int_var(-most, most, f"{a}%{b}")
    model.add(r == x - p)
    return r


def new_solver():
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = TIME_LIMIT_S
    return solver


def answer(doc, question, solver=None):
    """{"feasible": .., "bounds": ..} of one question: one model, objective swapped per int."""
    solver = solver or new_solver()
    model, ints = build_model(doc, question.get("fixed") or {}, question.get("within"))

    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return {"feasible": False, "bounds": None}
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise OracleError(3, f"feasibility: CP-SAT ended with {solver.status_name(status)}")
    if question.get("bounds") is False:
        return {"feasible": True, "bounds": None}

    bounds = {}
    for name, var in ints.items():
        found = {}
        for side, set_objective in (("min", model.minimize), ("max", model.maximize)):
            model.clear_objective()
            set_objective(var)
            status = solver.solve(model)
            if status != cp_model.OPTIMAL:
                raise OracleError(
                    3, f"{side} of {name}: CP-SAT ended with {solver.status_name(status)}"
                    f" after {solver.wall_time:.1f} s (no proof)")
            found[side] = solver.value(var)  # exact: objective_value is a float
        model.clear_objective()
        bounds[name] = found
    return {"feasible": True, "bounds": bounds}


def main():
    try:
        doc = json.load(sys.stdin)
        solver = new_solver()
        answers = [answer(doc, q, solver) for q in questions(doc)]
    except OracleError as e:
        print(f"cpsat_oracle: {e}", file=sys.stderr)
        return e.code
    except (ValueError, KeyError, TypeError) as e:
        print(f"cpsat_oracle: bad input: {e!r}", file=sys.stderr)
        return 2
    json.dump({"answers": answers}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
