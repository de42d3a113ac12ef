"""flamapy peer of `tailor bench peers` for UVL models (see peer_common.py for the command line).

load: parse the UVL and build flamapy's SAT model. valid: flamapy's backbone operation (core and
dead features by name), under the empty selection only. explain and count: not offered here
(flamapy's counting enumerates or needs d4/BDDs).
"""
import logging
import sys

from flamapy.interfaces.python.flamapy_feature_model import FLAMAFeatureModel

import peer_common as pc


def main():
    logging.disable(logging.WARNING)
    a = pc.args()

    def load():
        fm = FLAMAFeatureModel(a.model)
        fm._model_for(FLAMAFeatureModel.backbone._facade_descriptor, "sat")
        return fm

    fm, load_ms = pc.timed(load)
    if a.op != "valid" or a.select:
        note = None if a.op == "load" else "not offered by this peer"
        pc.emit("flamapy", a, load_ms, [load_ms] if a.op == "load" else [], note=note)
        return
    times, answer = [], None
    for _ in range(a.runs):
        r, ms = pc.timed(fm.backbone)
        answer = {"core": sorted(map(str, r["core"])), "dead": sorted(map(str, r["dead"]))}
        times.append(ms)
    pc.emit("flamapy", a, load_ms, times, answer)


if __name__ == "__main__":
    sys.exit(main())
