"""What the reference scripts share: arrays as JSON ({"shape", "data", "dtype"}, with NaN
as null, infinities as "inf"/"-inf" and complex values as interleaved (re, im) pairs) and
the list of cases each script prints."""
import numpy as np


def _num(v):
    return v if np.isfinite(v) else (None if np.isnan(v) else ("inf" if v > 0 else "-inf"))


def arr(x):
    """Complex arrays are complex128 with (re, im) interleaved in data."""
    x = np.asarray(x)
    if np.iscomplexobj(x):
        pairs = np.stack([x.real, x.imag], axis=-1).astype(float).ravel().tolist()
        return {"shape": list(x.shape), "data": [_num(v) for v in pairs], "dtype": "complex128"}
    dtype = "bool" if x.dtype == bool else "int32" if np.issubdtype(x.dtype, np.integer) else "float64"
    return {"shape": list(x.shape), "data": [_num(v) for v in x.astype(float).ravel().tolist()], "dtype": dtype}


cases = []


def case(id, inputs, result):
    """One case: an id, named input arrays and the reference result (an array or a list of them)."""
    cases.append({"id": id, "inputs": {k: arr(v) for k, v in inputs.items()},
                  "result": [arr(r) for r in result] if isinstance(result, (list, tuple)) else arr(result)})
