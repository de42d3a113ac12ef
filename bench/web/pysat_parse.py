"""python-sat's side of "catalog ready" for a DIMACS model: pysat.formula.CNF(from_file=...)
(read and parse the CNF), and, for reference, that plus building a CaDiCaL 1.5.3 solver
(`bench/peer_pysat.py`'s load). Prints one JSON line per model: all run times in ms."""
import json
import sys
import time

from pysat.formula import CNF
from pysat.solvers import Solver


def main():
    runs = int(sys.argv[1])
    for path in sys.argv[2:]:
        parse, build = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            cnf = CNF(from_file=path)
            t1 = time.perf_counter()
            s = Solver(name="cd15", bootstrap_with=cnf.clauses)
            t2 = time.perf_counter()
            s.delete()
            parse.append((t1 - t0) * 1e3)
            build.append((t2 - t0) * 1e3)
        print(json.dumps({"model": path, "parse_ms": parse, "parse_build_ms": build, "clauses": len(cnf.clauses)}))


if __name__ == "__main__":
    main()
