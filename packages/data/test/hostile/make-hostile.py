#!/usr/bin/env python3
"""Hostile input files for the regression tests and the hostile-files measurement (issue 12).

Usage: make-hostile.py OUT_DIR CASE [--full]

Writes the files of one CASE into OUT_DIR (created) and prints {"files": {...}} as JSON. Without
--full, bombs are made cheap to write and impossible to read through: the data after the headers is
corrupt, so a reader that inflated or read it would fail with a different error than the header
check the test expects. --full writes the real thing (e.g. 4 MB of deflate that inflates to 4 GB),
for measuring time and peak memory.

Needs NumPy, h5py and Pillow (Debian: python3-numpy python3-h5py python3-pil).
"""
import io
import json
import os
import struct
import sys
import zlib

import h5py
import numpy as np

OUT = sys.argv[1]
CASE = sys.argv[2]
FULL = "--full" in sys.argv[3:]
os.makedirs(OUT, exist_ok=True)
FILES = {}


def out(name):
    path = os.path.join(OUT, name)
    FILES[name] = path
    return path


# ---------------------------------------------------------------- MATLAB v7.3 (HDF5, like MATLAB)

V, N_TRAIN, N_TEST, SIDE = 10, 6, 2, 4


def mat_header(path):
    with open(path, "r+b") as f:
        f.write(b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Thu Jan  1 00:00:00 2015 HDF5 schema 1.00 .".ljust(116))
        f.seek(124)
        f.write(b"\x00\x02IM")


def put(f, name, value, cls, **kwargs):
    d = f.create_dataset(name, data=np.asarray(value).T, **kwargs)  # MATLAB column-major: stored transposed
    d.attrs["MATLAB_class"] = np.bytes_(cls)
    return d


def v73_responses():
    path = out("EstimatedResponses.mat")
    with h5py.File(path, "w", userblock_size=512) as f:
        put(f, "dataTrnS1", np.arange(V * N_TRAIN, dtype=np.float32).reshape(V, N_TRAIN), "single")
        put(f, "dataValS1", np.arange(V * N_TEST, dtype=np.float32).reshape(V, N_TEST), "single")
        put(f, "roiS1", np.array([[1, 2, 3, 4, 5, 6, 7, 1, 2, 3]], dtype=np.float64).T, "double")
    mat_header(path)


def v73_stimuli(stim_trn):
    """Stimuli.mat whose stimTrn is written by stim_trn(f) (stimVal is a plain single array)."""
    v73_responses()
    path = out("Stimuli.mat")
    with h5py.File(path, "w", userblock_size=512) as f:
        stim_trn(f)
        put(f, "stimVal", np.zeros((N_TEST, SIDE, SIDE), dtype=np.float32), "single")
    mat_header(path)


def plain_stim(f, name="stimTrn"):
    put(f, name, np.ones((N_TRAIN, SIDE, SIDE), dtype=np.float32), "single")


def other_file():
    """other.mat beside the input: what links and virtual datasets point at."""
    path = out("other.mat")
    with h5py.File(path, "w") as f:
        plain_stim(f)
    return path


def external_storage(target, size):
    def make(f):
        d = f.create_dataset("stimTrn", shape=(SIDE, SIDE, N_TRAIN), dtype="u1", external=[(target, 0, size)])
        d.attrs["MATLAB_class"] = np.bytes_("uint8")
    return make


if CASE == "v73-external-storage":
    secret = out("secret.bin")
    open(secret, "wb").write(b"SECRET-" * 40)
    v73_stimuli(external_storage(os.path.abspath(secret), SIDE * SIDE * N_TRAIN))
elif CASE == "v73-external-storage-relative":
    open(out("secret.bin"), "wb").write(b"SECRET-" * 40)
    v73_stimuli(external_storage("secret.bin", SIDE * SIDE * N_TRAIN))
elif CASE == "v73-external-etc-passwd":
    v73_stimuli(external_storage("/etc/passwd", SIDE * SIDE * N_TRAIN))
elif CASE == "v73-external-stdin":
    v73_stimuli(external_storage("/dev/stdin", SIDE * SIDE * N_TRAIN))
elif CASE == "v73-external-link":
    other_file()
    v73_stimuli(lambda f: f.__setitem__("stimTrn", h5py.ExternalLink("other.mat", "/stimTrn")))
elif CASE == "v73-external-link-passwd":
    v73_stimuli(lambda f: f.__setitem__("stimTrn", h5py.ExternalLink("/etc/passwd", "/x")))
elif CASE == "v73-virtual":
    other = other_file()

    def make(f):
        layout = h5py.VirtualLayout(shape=(SIDE, SIDE, N_TRAIN), dtype="f4")
        layout[:] = h5py.VirtualSource(os.path.abspath(other), "stimTrn", shape=(SIDE, SIDE, N_TRAIN))
        f.create_virtual_dataset("stimTrn", layout).attrs["MATLAB_class"] = np.bytes_("single")
    v73_stimuli(make)
elif CASE == "v73-soft-outside":
    other_file()

    def make(f):
        f["ext"] = h5py.ExternalLink("other.mat", "/")
        f["stimTrn"] = h5py.SoftLink("/ext/stimTrn")
    v73_stimuli(make)
elif CASE == "v73-soft-inside":
    def make(f):
        plain_stim(f, "stimReal")
        f["stimTrn"] = h5py.SoftLink("/stimReal")
    v73_stimuli(make)
elif CASE == "v73-plugin-filter":
    def make(f):
        d = f.create_dataset("stimTrn", shape=(SIDE, SIDE, N_TRAIN), dtype="f4", chunks=(SIDE, SIDE, N_TRAIN),
                             compression=32001, allow_unknown_filter=True)
        d.attrs["MATLAB_class"] = np.bytes_("single")
        d.id.write_direct_chunk((0, 0, 0), b"\x00" * 64)
    v73_stimuli(make)
elif CASE == "v73-gzip-bomb":
    # stimTrn claims n images of 128 x 128 single (MATLAB dims; HDF5 stores them reversed) in gzip chunks
    # of zeros: 1.57 GB from 1.5 MB when full. The responses have 6 images: a mismatch the headers show.
    n = 24000 if FULL else 200
    chunk = (128, 128, 100)
    zeros = zlib.compress(b"\x00" * (128 * 128 * 100 * 4), 9)

    def make(f):
        d = f.create_dataset("stimTrn", shape=(128, 128, n), dtype="f4", chunks=chunk, compression="gzip")
        d.attrs["MATLAB_class"] = np.bytes_("single")
        for k in range(n // 100):
            d.id.write_direct_chunk((0, 0, k * 100), zeros if FULL else b"corrupt" * 10)
    v73_stimuli(make)

if CASE == "fuzz-seeds":
    # Seeds of the hdf5-external fuzz target (committed under test/fixtures/mat/external/): each refers
    # to the canaries the target writes at start, so a read that leaked would show their bytes.
    CANARY_BIN, CANARY_H5 = "/tmp/nt-fuzz-canary.bin", "/tmp/nt-fuzz-canary.h5"

    def seed(name, make):
        path = out(name)
        with h5py.File(path, "w", userblock_size=512) as f:
            make(f)
            put(f, "ok", np.arange(6, dtype=np.float64).reshape(2, 3), "double")
        mat_header(path)

    seed("efl.mat", external_storage(CANARY_BIN, SIDE * SIDE * N_TRAIN))

    def efl_two(f):
        d = f.create_dataset("stimTrn", shape=(SIDE, SIDE, N_TRAIN), dtype="u1",
                             external=[(CANARY_BIN, 0, 48), ("/etc/passwd", 0, 48)])
        d.attrs["MATLAB_class"] = np.bytes_("uint8")
    seed("efl-two.mat", efl_two)
    seed("elink.mat", lambda f: f.__setitem__("stimTrn", h5py.ExternalLink(CANARY_H5, "/stimTrn")))

    def vds(f):
        layout = h5py.VirtualLayout(shape=(SIDE, SIDE, N_TRAIN), dtype="f4")
        layout[:] = h5py.VirtualSource(CANARY_H5, "stimTrn", shape=(SIDE, SIDE, N_TRAIN))
        f.create_virtual_dataset("stimTrn", layout).attrs["MATLAB_class"] = np.bytes_("single")
    seed("vds.mat", vds)

    def soft(f):
        f["ext"] = h5py.ExternalLink(CANARY_H5, "/")
        f["stimTrn"] = h5py.SoftLink("/ext/stimTrn")
    seed("soft.mat", soft)

    def plugin(f):
        d = f.create_dataset("stimTrn", shape=(SIDE, SIDE, N_TRAIN), dtype="f4", chunks=(SIDE, SIDE, N_TRAIN),
                             compression=32001, allow_unknown_filter=True)
        d.attrs["MATLAB_class"] = np.bytes_("single")
        d.id.write_direct_chunk((0, 0, 0), b"\x00" * 64)
    seed("plugin.mat", plugin)
    # the canaries themselves (the target copies them to CANARY_BIN / CANARY_H5)
    open(out("canary.bin.data"), "wb").write(b"NTCANARY" * 64)
    with h5py.File(out("canary.h5.data"), "w") as f:
        f.create_dataset("stimTrn", data=np.full((SIDE, SIDE, N_TRAIN), 12345.678, dtype=np.float32))

# ---------------------------------------------------------------- MATLAB v5 (hand-written elements)

MI_INT8, MI_INT32, MI_UINT32, MI_SINGLE, MI_MATRIX, MI_COMPRESSED = 1, 5, 6, 7, 14, 15
MX_SINGLE, MX_DOUBLE = 7, 6


def element(mi, payload):
    pad = (8 - len(payload) % 8) % 8
    return struct.pack("<II", mi, len(payload)) + payload + b"\0" * pad


def v5_matrix(name, dims, data_mi, data, mx):
    body = element(MI_UINT32, struct.pack("<II", mx, 0))
    body += element(MI_INT32, struct.pack(f"<{len(dims)}i", *dims))
    body += element(MI_INT8, name.encode())
    body += element(data_mi, data)
    return element(MI_MATRIX, body)


def v5_file(path, elements):
    head = b"MATLAB 5.0 MAT-file, written by make-hostile.py".ljust(116) + b"\0" * 8 + struct.pack("<H", 0x0100) + b"IM"
    with open(path, "wb") as f:
        f.write(head)
        for e in elements:
            f.write(e)


def v5_single(name, array):
    array = np.asarray(array, dtype=np.float32)
    return v5_matrix(name, list(array.shape), MI_SINGLE, array.tobytes(order="F"), MX_SINGLE)


def v5_responses():
    v5_file(out("EstimatedResponses.mat"), [
        v5_single("dataTrnS1", np.arange(V * N_TRAIN).reshape(V, N_TRAIN)),
        v5_single("dataValS1", np.arange(V * N_TEST).reshape(V, N_TEST)),
        v5_single("roiS1", np.array([[1, 2, 3, 4, 5, 6, 7, 1, 2, 3]]).T),
    ])


if CASE == "v5-zlib-bomb":
    # stimTrn as one miCOMPRESSED element claiming n x 128 x 128 single: 1.97 GB from ~2 MB when full.
    n = 30000 if FULL else 200
    v5_responses()
    dims = struct.pack("<3i", n, 128, 128)
    inner_head = element(MI_UINT32, struct.pack("<II", MX_SINGLE, 0)) + element(MI_INT32, dims) + element(MI_INT8, b"stimTrn")
    data_bytes = n * 128 * 128 * 4
    matrix_len = len(inner_head) + 8 + data_bytes
    z = zlib.compressobj(9)
    parts = [z.compress(struct.pack("<II", MI_MATRIX, matrix_len) + inner_head + struct.pack("<II", MI_SINGLE, data_bytes))]
    block = b"\0" * (64 << 20)
    left = data_bytes
    while left > 0:
        parts.append(z.compress(block[: min(left, len(block))]))
        left -= min(left, len(block))
    parts.append(z.flush())
    stream = b"".join(parts)
    if not FULL:
        half = len(stream) // 2
        stream = stream[:half] + b"\xff" * (3 * half)  # header intact, the rest corrupt
    v5_file(out("Stimuli.mat"), [element(MI_COMPRESSED, stream)[: 8 + len(stream)], v5_single("stimVal", np.zeros((N_TEST, SIDE, SIDE)))])
elif CASE == "v5-million-dims":
    v5_responses()
    dims = [1] * 1_000_000
    v5_file(out("Stimuli.mat"), [v5_matrix("stimTrn", dims, MI_SINGLE, struct.pack("<f", 0.0), MX_SINGLE)])
elif CASE in ("v5-200k-variables", "v5-9000-variables"):
    v5_responses()
    one = struct.pack("<f", 1.0)
    count = 200_000 if CASE == "v5-200k-variables" else 9000
    v5_file(out("Stimuli.mat"), [v5_matrix(f"v{i:06d}", [1, 1], MI_SINGLE, one, MX_SINGLE) for i in range(count)])

# ---------------------------------------------------------------- .npz (Kay layout, raw zip writer)


def npy(array):
    buf = io.BytesIO()
    np.save(buf, array)
    return buf.getvalue()


def kay_members(roi_names=None, voxels=V):
    return {
        "stimuli.npy": npy(np.zeros((N_TRAIN, SIDE, SIDE), dtype=np.float32)),
        "stimuli_test.npy": npy(np.zeros((N_TEST, SIDE, SIDE), dtype=np.float32)),
        "responses.npy": npy(np.ones((N_TRAIN, voxels), dtype=np.float32)),
        "responses_test.npy": npy(np.ones((N_TEST, voxels), dtype=np.float32)),
        "roi.npy": npy(np.array([1, 2, 3, 4, 5, 6, 7, 1, 2, 3][:voxels], dtype=np.int64)),
        "roi_names.npy": npy(np.array(roi_names or ["Other", "V1", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"])),
    }


def write_zip(path, members):
    """members: list of (name, payload bytes, method 0|8, uncompressed size, crc). ZIP64 end records when needed."""
    central = []
    with open(path, "wb") as f:
        for name, data, method, size, crc in members:
            offset = f.tell()
            raw = name.encode("utf-8")
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc,
                                len(data), min(size, 0xFFFFFFFF), len(raw), 0) + raw)
            f.write(data)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 20, 0x800, method, 0, 0x21, crc,
                                       len(data), min(size, 0xFFFFFFFF), len(raw), 0, 0, 0, 0, 0, offset) + raw)
        cd_offset = f.tell()
        for c in central:
            f.write(c)
        cd_size = f.tell() - cd_offset
        count = len(central)
        if count >= 0xFFFF:
            z64 = f.tell()
            f.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, cd_size, cd_offset))
            f.write(struct.pack("<IIQI", 0x07064B50, 0, z64, 1))
            f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, cd_size, cd_offset, 0))
        else:
            f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, cd_size, cd_offset, 0))


def stored(members):
    return [(name, data, 0, len(data), zlib.crc32(data)) for name, data in members.items()]


if CASE.startswith("npz-many-"):
    n = int(CASE[len("npz-many-"):])
    tiny = npy(np.zeros(1, dtype=np.uint8))
    extra = {f"extra_{i:06d}.npy": tiny for i in range(n - 6)}
    write_zip(out("many.npz"), stored({**kay_members(), **extra}))
elif CASE in ("npz-deflate-bomb", "npz-budget"):
    def deflated(shape, descr, itemsize):
        """A deflated .npy member of zeros (full) or of a real header and then corrupt data (cheap)."""
        text = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, "".join(f"{d}, " for d in shape).rstrip(" "))
        pad = (64 - (10 + len(text) + 1) % 64) % 64
        header = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text) + pad + 1) + text.encode() + b" " * pad + b"\n"
        data_bytes = int(np.prod(shape)) * itemsize
        z = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts = [z.compress(header)]
        crc = zlib.crc32(header)
        block = b"\0" * (64 << 20)
        left = data_bytes if FULL else 0
        while left > 0:
            piece = block[: min(left, len(block))]
            parts.append(z.compress(piece))
            crc = zlib.crc32(piece, crc)
            left -= len(piece)
        parts.append(z.flush())
        payload = b"".join(parts) + (b"" if FULL else b"\xff" * 64)
        return (payload, 8, len(header) + data_bytes, crc)

    members = {name: (data, 0, len(data), zlib.crc32(data)) for name, data in kay_members().items()}
    if CASE == "npz-deflate-bomb":
        # responses: 6 x 170,000,000 float32 = 4.08 GB of zeros from ~4 MB when full; roi has 10 voxels.
        members["responses.npy"] = deflated((N_TRAIN, 170_000_000 if FULL else 1_000_000), "<f4", 4)
        path = out("bomb.npz")
    else:
        # consistent shapes, 1,000,000 voxels: 40 MB in memory, over a small budget
        voxels = 1_000_000
        members["responses.npy"] = deflated((N_TRAIN, voxels), "<f4", 4)
        members["responses_test.npy"] = deflated((N_TEST, voxels), "<f4", 4)
        members["roi.npy"] = deflated((voxels,), "<i8", 8)
        path = out("budget.npz")
    write_zip(path, [(name, *m) for name, m in members.items()])
elif CASE == "npz-control-names":
    members = kay_members()
    del members["roi_names.npy"]
    members["\x1b[2J\x1b[31merror: forged line\n.npy"] = npy(np.zeros(1))
    write_zip(out("names.npz"), stored(members))
elif CASE == "npz-roi-names-control":
    write_zip(out("roi-names.npz"), stored(kay_members(["Other", "V1\x1b[31m", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"])))

# ---------------------------------------------------------------- images


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png16_rgba(path, side):
    """A side x side 16-bit RGBA PNG of zeros (392 MB of samples at 7000; IDAT corrupt unless --full)."""
    ihdr = struct.pack(">IIBBBBB", side, side, 16, 6, 0, 0, 0)
    if FULL:
        z = zlib.compressobj(9)
        row = b"\0" * (1 + side * 8)
        idat = b"".join(z.compress(row) for _ in range(side)) + z.flush()
    else:
        idat = b"corrupt"
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))


if CASE == "png-16bit-rgba":
    os.makedirs(os.path.join(OUT, "images"), exist_ok=True)
    FILES["images"] = os.path.join(OUT, "images")
    png16_rgba(os.path.join(OUT, "images", "0.png"), 7000)
    for i in range(1, 6):
        os.link(os.path.join(OUT, "images", "0.png"), os.path.join(OUT, "images", f"{i}.png"))
elif CASE == "jpeg-large-among-small":
    from PIL import Image
    os.makedirs(os.path.join(OUT, "images"), exist_ok=True)
    FILES["images"] = os.path.join(OUT, "images")
    for i in range(6):
        side = 7000 if i == 3 else 64
        name = os.path.join(OUT, "images", f"{i}.jpg")
        if side == 7000 and not FULL:
            # a 64 x 64 JPEG whose frame header claims 7000 x 7000: decoding it would fail
            buf = io.BytesIO()
            Image.new("L", (64, 64), 128).save(buf, "JPEG")
            raw = bytearray(buf.getvalue())
            sof = raw.find(b"\xff\xc0")
            raw[sof + 5:sof + 9] = struct.pack(">HH", 7000, 7000)
            open(name, "wb").write(bytes(raw))
        else:
            Image.new("L", (side, side), 128).save(name, "JPEG")

if not FILES:
    sys.exit(f"make-hostile.py: unknown case {CASE!r}")
print(json.dumps({"files": FILES}))
