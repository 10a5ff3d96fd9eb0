"""What the reference scripts share: arrays as JSON ({"shape", "data", "dtype"}, with NaN
as null and infinities as "inf"/"-inf") and the list of cases each script prints."""
import numpy as np


def arr(x):
    x = np.asarray(x)
    dtype = "bool" if x.dtype == bool else "int32" if np.issubdtype(x.dtype, np.integer) else "float64"
    data = [v if np.isfinite(v) else (None if np.isnan(v) else ("inf" if v > 0 else "-inf")) for v in x.astype(float).ravel().tolist()]
    return {"shape": list(x.shape), "data": data, "dtype": dtype}


cases = []


def case(id, inputs, result):
    """One case: an id, named input arrays and the reference result (an array or a list of them)."""
    cases.append({"id": id, "inputs": {k: arr(v) for k, v in inputs.items()},
                  "result": [arr(r) for r in result] if isinstance(result, (list, tuple)) else arr(result)})
