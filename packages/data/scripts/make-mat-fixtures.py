#!/usr/bin/python3
"""Generates the MAT-file fixtures in test/fixtures/mat and their manifest.json.

Made with Debian's /usr/bin/python3 (numpy 1.24, scipy 1.10 scipy.io.savemat, h5py 3.7):
  cd packages/data && /usr/bin/python3 scripts/make-mat-fixtures.py

Files:
  v5_plain.mat / v5_zlib.mat   scipy.io.savemat(format="5"), do_compression False / True, many classes
  v5_matlab_le.mat / _be.mat   hand-written v5 in MATLAB's style: doubles stored as miUINT8/miINT16,
                               small data elements, UTF-16 and UTF-8 chars, both byte orders
  v5_matlab_zlib.mat           the same variables as v5_matlab_le.mat, each wrapped in miCOMPRESSED
  v5_unsupported.mat           savemat: one plain double plus complex, struct, cell, sparse variables
  v73_responses.mat            h5py look-alike of CRCNS vim-1 EstimatedResponses.mat (single, NaNs)
  v73_stimuli.mat              h5py look-alike of CRCNS vim-1 Stimuli.mat ([n x 8 x 8] single)
  v73_types.mat                h5py: every class, MATLAB_empty, gzip chunks, and complex/struct/
                               cell/sparse variables that the reader must refuse
v7.3 files have a 512-byte user block whose first 128 bytes are a MATLAB header; datasets carry
MATLAB_class and are stored with reversed dims, as MATLAB writes them.

manifest.json lists, per file and variable, the MATLAB shape, our dtype and the values flattened in
C (row-major) order of the MATLAB shape. Non-finite floats are written as "NaN"/"Infinity"/
"-Infinity", 64-bit integers as decimal strings. "errors" lists variables whose get() must fail
with an NtError of the given code whose message contains each listed text.
"""
import json
import os
import struct
import zlib

import h5py
import numpy as np
import scipy.io
import scipy.sparse

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "mat")
rng = np.random.default_rng(20080306)
manifest = {}


def jsonable(a):
    flat = np.asarray(a).reshape(-1)  # C order of the MATLAB shape
    if flat.dtype.kind == "f":
        out = []
        for v in flat.tolist():
            if np.isnan(v):
                out.append("NaN")
            elif np.isinf(v):
                out.append("Infinity" if v > 0 else "-Infinity")
            else:
                out.append(v)
        return out
    if flat.dtype.kind == "b":
        return [bool(v) for v in flat.tolist()]
    if flat.dtype.itemsize == 8 and flat.dtype.kind in "iu":
        return [str(v) for v in flat.tolist()]
    return flat.tolist()


DTYPE_NAMES = {
    "float64": "float64", "float32": "float32", "int8": "int8", "uint8": "uint8", "int16": "int16",
    "uint16": "uint16", "int32": "int32", "uint32": "uint32", "int64": "int64", "uint64": "uint64",
    "bool": "bool",
}


def expect(a):
    a = np.asarray(a)
    return {"dtype": DTYPE_NAMES[str(a.dtype)], "shape": list(a.shape), "values": jsonable(a)}


def expect_strings(strings, shape):
    return {"dtype": "unicode", "shape": shape, "values": strings}


# ---------------------------------------------------------------- v5 via scipy.io.savemat
dbl = np.array([[1.5, -2.25, np.nan, 4.0], [np.inf, 0.0, -np.inf, 1e-300], [3.0, 2.0, 1.0, 0.5]])
sgl = rng.standard_normal((2, 3, 4)).astype(np.float32)
ints = {
    "i8": np.array([[-128, 0, 127]], dtype=np.int8),
    "u8": np.array([[0], [200], [255]], dtype=np.uint8),
    "i16": np.array([[-32768, 1], [2, 32767]], dtype=np.int16),
    "u16": np.array([[65535, 0, 7]], dtype=np.uint16),
    "i32": np.array([[-2147483648, 5, 2147483647]], dtype=np.int32),
    "u32": np.array([[4294967295, 1]], dtype=np.uint32),
    "i64": np.array([[-9223372036854775808, 3, 9223372036854775807]], dtype=np.int64),
    "u64": np.array([[18446744073709551615, 2]], dtype=np.uint64),
}
v5_vars = {
    "dbl": dbl,
    "sgl": sgl,
    "flag": np.array([[True, False], [False, True]]),
    "scalar": np.array([[42.0]]),
    "vec": np.arange(5, dtype=np.float64).reshape(1, 5) / 4,
    "empty": np.zeros((0, 3)),
    "txt": "héllo wörld",
    "rows": np.array(["abc", "def"]),
    **ints,
}
v5_expect = {name: expect(v) for name, v in v5_vars.items() if not isinstance(v, str) and v.dtype.kind != "U"}
v5_expect["txt"] = expect_strings(["héllo wörld"], [1])
v5_expect["rows"] = expect_strings(["abc", "def"], [2])
for compress, fname in ((False, "v5_plain.mat"), (True, "v5_zlib.mat")):
    scipy.io.savemat(os.path.join(OUT, fname), v5_vars, format="5", do_compression=compress)
    manifest[fname] = {"version": "5", "variables": v5_expect, "errors": {}}

unsupported = {
    "ok": np.array([[1.0, 2.0]]),
    "cplx": np.array([[1 + 2j, 3 - 1j]]),
    "st": {"a": np.array([[1.0]]), "b": "x"},
    "cel": np.array([["one"], ["two"]], dtype=object),
    "sp": scipy.sparse.csc_matrix(np.eye(3)),
}
scipy.io.savemat(os.path.join(OUT, "v5_unsupported.mat"), unsupported, format="5", do_compression=True)
manifest["v5_unsupported.mat"] = {
    "version": "5",
    "variables": {"ok": expect(unsupported["ok"])},
    "errors": {
        "cplx": {"code": "FORMAT", "contains": ["cplx", "complex data"]},
        "st": {"code": "FORMAT", "contains": ["st", "struct"]},
        "cel": {"code": "FORMAT", "contains": ["cel", "cell"]},
        "sp": {"code": "FORMAT", "contains": ["sp", "sparse"]},
    },
}

# ---------------------------------------------------------------- v5 written by hand, MATLAB style
MI = {"int8": 1, "uint8": 2, "int16": 3, "uint16": 4, "int32": 5, "uint32": 6, "single": 7,
      "double": 9, "int64": 12, "uint64": 13, "matrix": 14, "compressed": 15, "utf8": 16}
MX = {"char": 4, "double": 6, "single": 7, "int32": 12, "uint8": 9}
NP = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4",
      "single": "f4", "double": "f8"}


def element(bo, mi_type, payload, small_ok=True):
    n = len(payload)
    if small_ok and n <= 4:  # small data element: size in the upper half of the tag word
        return struct.pack(bo + "I", (n << 16) | mi_type) + payload + b"\0" * (4 - n)
    pad = (8 - n % 8) % 8
    return struct.pack(bo + "II", mi_type, n) + payload + b"\0" * pad


def matrix(bo, name, mx_class, dims, mi_type, payload, logical=False):
    flags = mx_class | ((0x02 if logical else 0) << 8)
    body = element(bo, MI["uint32"], struct.pack(bo + "II", flags, 0), small_ok=False)
    body += element(bo, MI["int32"], struct.pack(bo + "%di" % len(dims), *dims), small_ok=False)
    body += element(bo, MI["int8"], name.encode("ascii"))
    body += element(bo, mi_type, payload)
    return struct.pack(bo + "II", MI["matrix"], len(body)) + body


def numeric(bo, name, mx_class, storage, values, logical=False):
    arr = np.asarray(values)
    payload = np.asfortranarray(arr).astype((">" if bo == ">" else "<") + NP[storage]).tobytes(order="F")
    return matrix(bo, name, MX[mx_class], list(arr.shape), MI[storage], payload, logical)


def header(bo, text):
    text = text.ljust(116).encode("ascii")
    endian = b"MI" if bo == ">" else b"IM"  # "MI" written as uint16 in the file's byte order
    return text + b"\0" * 8 + struct.pack(bo + "H", 0x0100) + endian


hand_vals = {
    "d_u8": np.array([[0.0, 17.0, 255.0], [3.0, 4.0, 200.0]]),
    "d_i16": np.array([[-300.0, 7.0], [12.0, -1.0], [0.0, 32000.0]]),
    "s": np.array([[7.0]], dtype=np.float32),
    "i32s": np.array([[-5, 6, 1000]], dtype=np.int32),
    "lg": np.array([[True, False, True], [False, False, True]]),
}
chr_text = "héllo"


def hand_file(bo, compress):
    chars = np.array([ord(c) for c in chr_text])
    elems = [
        numeric(bo, "d_u8", "double", "uint8", hand_vals["d_u8"]),
        numeric(bo, "d_i16", "double", "int16", hand_vals["d_i16"]),
        numeric(bo, "s", "single", "uint8", hand_vals["s"]),  # 1 byte: small data element
        numeric(bo, "i32s", "int32", "int16", hand_vals["i32s"]),
        numeric(bo, "lg", "uint8", "uint8", hand_vals["lg"].astype(np.uint8), logical=True),
        # MATLAB writes char as UTF-16 code units; newer versions may use miUTF8
        numeric(bo, "chr", "char", "uint16", chars.reshape(1, -1)) if bo == "<" else
        matrix(bo, "chr", MX["char"], [1, len(chr_text)], MI["utf8"], chr_text.encode("utf-8")),
    ]
    body = b""
    for e in elems:
        if compress:
            z = zlib.compress(e)
            body += struct.pack(bo + "II", MI["compressed"], len(z)) + z
        else:
            body += e
    return header(bo, "MATLAB 5.0 MAT-file, Platform: GLNXA64, Created by: make-mat-fixtures.py") + body


hand_expect = {name: expect(v) for name, v in hand_vals.items()}
hand_expect["chr"] = expect_strings([chr_text], [1])
for bo, compress, fname in (("<", False, "v5_matlab_le.mat"), (">", False, "v5_matlab_be.mat"),
                            ("<", True, "v5_matlab_zlib.mat")):
    with open(os.path.join(OUT, fname), "wb") as f:
        f.write(hand_file(bo, compress))
    manifest[fname] = {"version": "5", "variables": hand_expect, "errors": {}}

# ---------------------------------------------------------------- v7.3 via h5py
H5CLASS = {"float64": "double", "float32": "single", "int8": "int8", "uint8": "uint8", "int16": "int16",
           "uint16": "uint16", "int32": "int32", "uint32": "uint32", "int64": "int64", "uint64": "uint64",
           "bool": "logical"}


def set_class(obj, cls):
    obj.attrs.create("MATLAB_class", np.bytes_(cls))


def h5_var(f, name, arr, **kw):
    """Writes a MATLAB [d0 x d1 ...] array as MATLAB does: HDF5 dims reversed (Fortran order)."""
    arr = np.asarray(arr)
    data = arr.T.astype(np.uint8) if arr.dtype == bool else arr.T
    ds = f.create_dataset(name, data=np.ascontiguousarray(data), **kw)
    set_class(ds, H5CLASS[str(arr.dtype)])
    if arr.dtype == bool:
        ds.attrs.create("MATLAB_int_decode", np.int32(1))
    return ds


def v73_file(fname, fill):
    path = os.path.join(OUT, fname)
    with h5py.File(path, "w", userblock_size=512, libver="earliest") as f:
        fill(f)
    text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Thu Mar  6 12:00:00 2008 HDF5 schema 1.00 ."
    with open(path, "r+b") as f:
        f.write(text.ljust(116).encode("ascii") + b" " * 8 + struct.pack("<H", 0x0200) + b"IM")


n_vox = 50
resp = {
    "dataTrnS1": rng.standard_normal((n_vox, 12)).astype(np.float32),
    "dataValS1": rng.standard_normal((n_vox, 4)).astype(np.float32),
    "roiS1": rng.integers(0, 8, size=(n_vox, 1)).astype(np.float64),
    "voxIdxS1": (np.sort(rng.choice(64 * 64 * 18, n_vox, replace=False)) + 1).reshape(n_vox, 1).astype(np.float64),
    "dataTrnS2": rng.standard_normal((30, 12)).astype(np.float32),
}
resp["dataTrnS1"][3, :] = np.nan  # the real files have voxels with NaN responses
resp["dataValS1"][7, 2] = np.nan
v73_file("v73_responses.mat", lambda f: [h5_var(f, k, v) for k, v in resp.items()])
manifest["v73_responses.mat"] = {"version": "7.3", "variables": {k: expect(v) for k, v in resp.items()},
                                 "errors": {}}

stim = {
    "stimTrn": (rng.random((6, 8, 8)) - 0.5).astype(np.float32),
    "stimVal": (rng.random((2, 8, 8)) - 0.5).astype(np.float32),
}
v73_file("v73_stimuli.mat", lambda f: [h5_var(f, k, v, chunks=True, compression="gzip") for k, v in stim.items()])
manifest["v73_stimuli.mat"] = {"version": "7.3", "variables": {k: expect(v) for k, v in stim.items()},
                               "errors": {}}

types73 = {"dbl": dbl, "sgl": sgl, "flag": np.array([[True, False, True]]), **ints}


def fill_types(f):
    for k, v in types73.items():
        h5_var(f, k, v)
    # char [2 x 3]: uint16 code units, dims reversed
    chars = np.array([[ord(c) for c in "abc"], [ord(c) for c in "déf"]], dtype=np.uint16)
    ds = f.create_dataset("txt", data=np.ascontiguousarray(chars.T))
    set_class(ds, "char")
    ds.attrs.create("MATLAB_int_decode", np.int32(2))
    # empty [0 x 3] double: the data hold the MATLAB dims
    ds = f.create_dataset("empty", data=np.array([0, 3], dtype=np.uint64))
    set_class(ds, "double")
    ds.attrs.create("MATLAB_empty", np.uint8(1))
    # complex: compound with members real, imag
    cdt = np.dtype([("real", "<f8"), ("imag", "<f8")])
    c = np.zeros((2, 1), dtype=cdt)
    c["real"] = [[1.0], [2.0]]
    c["imag"] = [[0.5], [-1.0]]
    ds = f.create_dataset("cplx", data=c)
    set_class(ds, "double")
    # struct: a group
    g = f.create_group("st")
    set_class(g, "struct")
    h5_var(g, "a", np.array([[1.0]]))
    # cell: a dataset of object references into #refs#
    refs = f.create_group("#refs#")
    r0 = h5_var(refs, "a", np.array([[1.0, 2.0]]))
    ds = f.create_dataset("cel", data=np.array([[r0.ref]], dtype=h5py.ref_dtype))
    set_class(ds, "cell")
    # sparse: a group with data/ir/jc and MATLAB_sparse = nrows
    g = f.create_group("sp")
    set_class(g, "double")
    g.attrs.create("MATLAB_sparse", np.uint64(3))
    g.create_dataset("data", data=np.ones(3))
    g.create_dataset("ir", data=np.arange(3, dtype=np.uint64))
    g.create_dataset("jc", data=np.arange(4, dtype=np.uint64))


v73_file("v73_types.mat", fill_types)
types_expect = {k: expect(v) for k, v in types73.items()}
types_expect["txt"] = expect_strings(["abc", "déf"], [2])
types_expect["empty"] = expect(np.zeros((0, 3)))
manifest["v73_types.mat"] = {
    "version": "7.3",
    "variables": types_expect,
    "errors": {
        "cplx": {"code": "FORMAT", "contains": ["cplx", "complex data"]},
        "st": {"code": "FORMAT", "contains": ["st", "struct"]},
        "cel": {"code": "FORMAT", "contains": ["cel", "cell"]},
        "sp": {"code": "FORMAT", "contains": ["sp", "sparse"]},
    },
}

with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
    json.dump(manifest, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", sorted(manifest))
