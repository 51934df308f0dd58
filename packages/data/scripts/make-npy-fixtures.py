#!/usr/bin/python3
"""Generates test/fixtures/npy/: small .npy/.npz files written by real NumPy plus manifest.json.

Made with Debian's /usr/bin/python3 and numpy 1.24 (`/usr/bin/python3 scripts/make-npy-fixtures.py`
from packages/data). For each file the manifest states the expected dtype, shape (C order) and
content: `hex` = the C-ordered little-endian bytes of the in-memory form (float16 widened to
float32), `strings` = the decoded strings, or `error` = the NtError code a reader must throw.
"""
import json
import os
import zipfile

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "npy")
os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    os.remove(os.path.join(OUT, old))
manifest = {"numpy": np.__version__, "files": {}}


def expect(a):
    a = np.asarray(a)
    if a.dtype.kind in "US":
        return {"dtype": "unicode", "shape": list(a.shape),
                "strings": [s.decode("latin1") if isinstance(s, bytes) else str(s) for s in a.ravel(order="C")]}
    mem = a.astype(np.float32) if a.dtype.kind == "f" and a.dtype.itemsize == 2 else a
    mem = np.ascontiguousarray(mem).astype(mem.dtype.newbyteorder("<"), copy=False)
    name = {"b": "bool"}.get(a.dtype.kind, a.dtype.name)
    return {"dtype": name, "shape": list(a.shape), "hex": mem.tobytes().hex()}


def save(name, a, version=None, **extra):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        np.lib.format.write_array(f, a, version=version, allow_pickle=True)
    manifest["files"][name] = {**expect(a), **extra}


base = np.array([[0, 1, 2], [3, 100, 7]])
for code in ["b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8"]:
    orders = ["|"] if code.endswith("1") and code[0] != "f" else ["<", ">"]
    for order in orders:
        dt = np.dtype(order + code)
        a = (base % 2).astype(dt) if code == "b1" else base.astype(dt)
        if code[0] == "i":
            a[0, 0] = -(2 ** (8 * dt.itemsize - 1))  # most negative value
        if code[0] == "u":
            a[0, 0] = 2 ** (8 * dt.itemsize) - 1  # largest value
        if code[0] == "f":
            a = (base / 7).astype(dt)  # non-representable fractions, still in byte order `order`
        assert a.dtype == dt, (a.dtype, dt)
        tag = {"|": "na", "<": "le", ">": "be"}[order]
        save(f"{code}_{tag}_c.npy", np.ascontiguousarray(a))
        save(f"{code}_{tag}_f.npy", np.asfortranarray(a))

save("f2_special.npy", np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 6e-8, 1e-5, 65504, -65504, 1 / 3], dtype="<f2"))
save("f8_3d_f.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)))
save("i4_3d_be_f.npy", np.asfortranarray(np.arange(24, dtype=">i4").reshape(4, 3, 2)))
save("v2_f8.npy", np.arange(6.0).reshape(2, 3), version=(2, 0))
save("v3_i2.npy", np.arange(6, dtype="<i2"), version=(3, 0))
save("u6_le.npy", np.array(["V1", "V2", "V3A", "LatOcc", "", "ünï©"], dtype="<U6"))
save("u6_be_f.npy", np.asfortranarray(np.array([["n01440764", "a"], ["ß", "€uro"]], dtype=">U9")))
save("u_astral.npy", np.array(["\U0001F600x", "\U00010348"]))
save("s5.npy", np.array([b"abc", b"\xe9t\xe9", b"12345"], dtype="|S5"))
save("zero_d.npy", np.array(3.5))
save("zero_d_i8.npy", np.array(-7, dtype="<i8"))
save("empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
save("empty_1d.npy", np.zeros((0,), dtype="<i4"))
save("object.npy", np.array([{"a": 1}, None], dtype=object), error="FORMAT")
save("complex.npy", np.array([1 + 2j, 3j], dtype="<c16"), error="FORMAT")
save("complex64.npy", np.array([1 + 2j], dtype="<c8"), error="FORMAT")

# Archives: savez (stored), savez_compressed (deflated); NumPy writes both with zip64 extras.
arrays = {
    "responses": np.arange(12, dtype="<f8").reshape(3, 4) / 3,
    "roi": np.array([1, 2, 7, 0], dtype="<i4"),
    "roi_names": np.array(["V1", "V2", "LatOcc"]),
    "half": np.array([1.5, -0.0, np.inf], dtype="<f2"),
    "flag": np.array([True, False]),
    "big": np.arange(4, dtype="<u8") * (2 ** 62),
}
np.savez(os.path.join(OUT, "savez.npz"), **arrays)
np.savez_compressed(os.path.join(OUT, "savez_compressed.npz"), **arrays)
for name in ["savez.npz", "savez_compressed.npz"]:
    manifest["files"][name] = {"entries": {k: expect(v) for k, v in arrays.items()}, "order": list(arrays)}

# A zip written without .npy suffixes and with a non-npy member (np.load returns its bytes).
with zipfile.ZipFile(os.path.join(OUT, "plain_names.npz"), "w") as z:
    for k in ["roi", "responses"]:
        with z.open(k, "w") as f:
            np.lib.format.write_array(f, arrays[k])
    z.writestr("README.txt", "not an array")
manifest["files"]["plain_names.npz"] = {"entries": {k: expect(arrays[k]) for k in ["roi", "responses"]},
                                        "notArray": ["README.txt"]}

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1, ensure_ascii=False)
    f.write("\n")
