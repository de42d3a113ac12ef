"""CP-SAT benchmark peer for tailor's interval domains: times a list of clicks.

Same input as cpsat_oracle.py (one JSON document on stdin), where "questions" is the list of
clicks: each click is a set of fixed values, and answering it means the min and max of every
int. The method is the oracle's: per-variable min/max loop with model reuse (the model is built
once per click, then the objective is swapped per int, one worker, deterministic). The time of
a click, taken with time.perf_counter, covers building its model and all its solves; Python
start-up and reading the input are not counted.

    python cpsat_clicks.py [--repeat K] < model.json

runs the whole click list K times (default 1) and prints one JSON document:

    {"peer": "cp-sat", "version": "9.15.6755", "clicks": N,
     "median_ms": .., "p95_ms": ..,   # over all N*K click times
     "per_click_ms": [..],            # N entries: each click's median over the K runs
     "answers": [..]}                 # the oracle's shape, from the first run

so the Rust benchmark can time it and compare its answers with tailor's. Exit codes are the
oracle's: 2 bad input, 3 a bound CP-SAT could not prove within 60 s.
"""
import argparse
import json
import math
import statistics
import sys
import time

import ortools

import cpsat_oracle as oracle


def p95(values):
    """95th percentile by nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=1, help="runs of the whole click list")
    a = p.parse_args()
    if a.repeat < 1:
        p.error("--repeat must be at least 1")

    try:
        doc = json.load(sys.stdin)
        clicks = oracle.questions(doc)
        solver = oracle.new_solver()
        answers = None
        times = [[] for _ in clicks]  # times[i]: the ms of click i, one per run
        for _ in range(a.repeat):
            run = []
            for i, fixed in enumerate(clicks):
                t0 = time.perf_counter()
                run.append(oracle.answer(doc, fixed, solver))
                times[i].append((time.perf_counter() - t0) * 1000.0)
            if answers is None:
                answers = run
            elif run != answers:  # one worker is deterministic: this would be a bug
                raise oracle.OracleError(3, "answers differ between runs")
    except oracle.OracleError as e:
        print(f"cpsat_clicks: {e}", file=sys.stderr)
        return e.code
    except (ValueError, KeyError, TypeError) as e:
        print(f"cpsat_clicks: bad input: {e!r}", file=sys.stderr)
        return 2

    every = [t for ts in times for t in ts]
    json.dump({
        "peer": "cp-sat",
        "version": ortools.__version__,
        "clicks": len(clicks),
        "median_ms": round(statistics.median(every), 3) if every else None,
        "p95_ms": round(p95(every), 3) if every else None,
        "per_click_ms": [round(statistics.median(ts), 3) for ts in times],
        "answers": answers,
    }, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
