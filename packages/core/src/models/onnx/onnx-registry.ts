import type { ModelInputHints } from "./onnx-input.ts";
import { IMAGENET_MEAN, IMAGENET_STD } from "./onnx-input.ts";

/**
 * Well-known ImageNet classifiers published as ONNX files, downloaded once into the cache and
 * checked against their sha256. Addresses pin the ONNX Model Zoo commit whose Git LFS pointer
 * gives the sha256 and size (github.com/onnx/models, `vision/classification/...`); the
 * preprocessing is the zoo's README for these models (resize the shorter side to 256, centre
 * crop 224, ImageNet mean/std on RGB in [0, 1], NCHW). Value names were not checked against the
 * files (they cannot be downloaded here): the penultimate vector is found from the graph at load time.
 */
export interface OnnxRegistryEntry {
  id: string;
  title: string;
  url: string;
  sha256: string;
  bytes: number;
  input: ModelInputHints;
  /** Whether the file was opened and its layers checked by us. */
  verified: boolean;
}

const ZOO = "https://github.com/onnx/models/raw";
const TORCHVISION_STYLE: ModelInputHints = {
  inputSize: [224, 224],
  mean: IMAGENET_MEAN,
  std: IMAGENET_STD,
  channelOrder: "rgb",
  layout: "nchw",
  resize: "shorter:256",
};

export const ONNX_REGISTRY: Readonly<Record<string, OnnxRegistryEntry>> = Object.fromEntries(
  [
    {
      id: "resnet50_v1_onnx",
      title: "ResNet-50 v1 (ONNX Model Zoo resnet50-v1-12, opset 12; 74.9% top-1 per the zoo)",
      url: `${ZOO}/652f4e4af7975c8e7a505c4b6e0f8ac72d8260ea/vision/classification/resnet/model/resnet50-v1-12.onnx`,
      sha256: "ab65bdc02c5b3123eb3cdf6dac01742438517d8635d4f233913b2be1c70db3b6",
      bytes: 102576419,
      input: TORCHVISION_STYLE,
      verified: false,
    },
    {
      id: "mobilenet_v2_100_onnx",
      title: "MobileNet v2 1.0 (ONNX Model Zoo mobilenetv2-7, opset 7; 70.9% top-1 per the zoo)",
      url: `${ZOO}/13fcb614fdedcc09864c0691c080ccf82ca3b85b/vision/classification/mobilenet/model/mobilenetv2-7.onnx`,
      sha256: "c1c513582d56afceff8516c73804e484c81c6a830712ab6d682253f4a3cd042f",
      bytes: 14246826,
      input: TORCHVISION_STYLE,
      verified: false,
    },
  ].map((e) => [e.id, e]),
);
