"""Peer for `tailor bench load`: PyYAML's C loader parsing the same catalog (YAML only, no rules).

Usage: python3 bench/peer_yaml_load.py FILE RUNS  -> prints the median milliseconds.
"""
import statistics
import sys
import time

import yaml

path, runs = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="utf-8").read()
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    yaml.load(text, Loader=yaml.CSafeLoader)
    times.append((time.perf_counter() - t0) * 1000)
print(f"{statistics.median(times):.1f}")
