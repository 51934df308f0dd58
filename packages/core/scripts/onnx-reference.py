"""PyTorch references for the ONNX import (Debian's python3-torch, python3-torchvision, python3-onnx).

  onnx-reference.py tiny OUT_DIR          the committed fixture: a small CNN with known (seeded)
                                          weights, exported to OUT_DIR/tiny_cnn.onnx (1000 logits)
                                          and tiny_cnn_1001.onnx, with tiny_cnn_reference.npz
  onnx-reference.py export ARCH OUT.onnx  a torchvision architecture with random weights (seeded),
                                          224 x 224, dynamic batch
  onnx-reference.py activations ARCH IN.npy OUT.npz LAYER...
                                          that architecture's activations (spatial means of 4-d
                                          ones) for preprocessed inputs IN.npy [n, 3, 224, 224]
  onnx-reference.py time ARCH IN.npy THREADS
                                          seconds for PyTorch's forward pass over IN.npy in batches of 32
"""
import json
import sys
import time

import numpy as np
import torch
import torchvision

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


class TinyCnn(torch.nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.pool = torch.nn.AdaptiveAvgPool2d(1)
        self.fc = torch.nn.Linear(16, classes)

    def forward(self, x):
        a = torch.relu(self.bn1(self.conv1(x)))
        b = torch.relu(self.conv2(a))
        return self.fc(torch.flatten(self.pool(b), 1))

    def taps(self, x):
        a = torch.relu(self.bn1(self.conv1(x)))
        b = torch.relu(self.conv2(a))
        p = torch.flatten(self.pool(b), 1)
        return a, p, self.fc(p)


def seeded(model, seed):
    torch.manual_seed(seed)
    for p in model.parameters():
        torch.nn.init.normal_(p, std=0.5)
    if hasattr(model, "bn1"):
        model.bn1.running_mean.normal_(0, 0.1)
        model.bn1.running_var.uniform_(0.5, 1.5)
    return model.eval()


def export(model, path, size):
    x = torch.zeros(1, 3, size, size)
    torch.onnx.export(model, x, path, input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)


def tiny(out_dir):
    import onnx
    rng = np.random.default_rng(7)
    images = rng.integers(0, 256, size=(4, 32, 32, 3), dtype=np.uint8)
    x = torch.from_numpy(((images.astype(np.float32) / 255 - MEAN) / STD).transpose(0, 3, 1, 2).copy())
    out = {"images": images}
    names = {}
    for classes, name in [(1000, "tiny_cnn"), (1001, "tiny_cnn_1001")]:
        model = seeded(TinyCnn(classes), 3)
        path = f"{out_dir}/{name}.onnx"
        export(model, path, 32)
        with torch.no_grad():
            a, p, logits = model.taps(x)
        out[f"{name}_conv1_mean"] = a.mean(dim=(2, 3)).numpy()
        out[f"{name}_pooled"] = p.numpy()
        out[f"{name}_logits"] = logits.numpy()
        graph = onnx.load(path).graph
        # ONNX value names of the taps: the first Relu's output and the Flatten's output.
        relu = next(n for n in graph.node if n.op_type == "Relu")
        flat = next(n for n in graph.node if n.op_type == "Flatten")
        names[name] = {"conv1": relu.output[0], "pooled": flat.output[0]}
    np.savez(f"{out_dir}/tiny_cnn_reference.npz", **out)
    with open(f"{out_dir}/tiny_cnn_names.json", "w") as f:
        json.dump(names, f, indent=2)
        f.write("\n")


def torchvision_model(arch):
    torch.manual_seed(0)
    return getattr(torchvision.models, arch)(weights=None).eval()


def activations(arch, inputs, out, layers):
    import onnx  # noqa: F401  (names come from the export's graph; here we hook modules by name)
    model = torchvision_model(arch)
    x = torch.from_numpy(np.load(inputs))
    got = {}
    hooks = []
    for layer in layers:
        module = dict(model.named_modules())[layer]
        hooks.append(module.register_forward_hook(lambda m, i, o, layer=layer: got.__setitem__(layer, o)))
    with torch.no_grad():
        logits = model(x)
    result = {"logits": logits.numpy()}
    for layer, value in got.items():
        result[layer] = (value.mean(dim=(2, 3)) if value.dim() == 4 else torch.flatten(value, 1)).numpy()
    np.savez(out, **result)


def timing(arch, inputs, threads):
    torch.set_num_threads(int(threads))
    model = torchvision_model(arch)
    x = torch.from_numpy(np.load(inputs))
    with torch.no_grad():
        model(x[:2])
        t0 = time.perf_counter()
        for s in range(0, len(x), 32):
            model(x[s:s + 32])
        print(json.dumps({"seconds": time.perf_counter() - t0, "images": len(x), "torch": torch.__version__}))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "tiny":
        tiny(sys.argv[2])
    elif cmd == "export":
        export(torchvision_model(sys.argv[2]), sys.argv[3], 224)
    elif cmd == "activations":
        activations(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif cmd == "time":
        timing(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {cmd}")
