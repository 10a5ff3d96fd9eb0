"""Python's str.format on numbers: the reference for debug.print's format specs.

Run: python3 reference/scripts/format.py > reference/numpy/format.json
"""
import json
import math

values = [0.0, -0.0, 1.0, -2.5, 3.14159265358979, 1234567.891, 1e-5, 0.000123456, 1e20, 123456789.0, 0.5, 2.675, float("nan"), float("inf"), -float("inf")]
ints = [0, 7, -42, 1234567, -1000000]
specs = ["", ".3f", ".0f", "f", ".2e", "e", ".3E", "g", ".3g", ".10g", ".1g", "G", ".2%", "%", "+.2f", " .1f", "10.3f", "<10.2f", "^11.2f", ">10.1e", "010.3f", "*^12.1f", "=+10.2f", ",.2f", "_.1f", ",", ".3", ".1"]
int_specs = ["d", "5d", "+d", ",d", "_d", "08d", "<6d", "^7d", "e", ".2f", "g"]

cases = []
for v in values:
    for s in specs:
        if s in (",", ".3", ".1", "") and (math.isnan(v) or math.isinf(v)) and s == "":
            continue
        if s == "":
            continue  # no spec: debug.print uses the library's own number text
        try:
            cases.append({"value": v if math.isfinite(v) else str(v), "spec": s, "int": False, "out": format(v, s)})
        except ValueError:
            pass
for v in ints:
    for s in int_specs:
        cases.append({"value": v, "spec": s, "int": True, "out": format(v, s)})
print(json.dumps({"source": "python3 str.format (CPython " + __import__("sys").version.split()[0] + ")", "cases": cases}, indent=0))
