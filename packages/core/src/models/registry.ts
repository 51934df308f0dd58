/**
 * Well-known ImageNet models in TF.js format, with what feature extraction needs to know.
 *
 * URLs: the TF-Hub addresses that @tensorflow-models/mobilenet 2.1.1 loads (dist/index.js
 * MODEL_INFO; loaded with `fromTFHub`, i.e. "<url>/model.json?tfjs-format=file"; tfhub.dev now
 * redirects to Kaggle). That package ships MobileNet v2 at alpha 0.50/0.75/1.00 only; v2 0.35 at
 * 224 uses Google's TF.js conversion "tfjs-model/imagenet/mobilenet_v2_035_224/classification/3/default/1".
 * Node names of MobileNet v1 were read from the v1 0.25 graph (../shared/models); the other
 * alphas share the graph layout (same TF-Hub module code). For v2 only the penultimate node
 * (`EMBEDDING_NODES` of that package) is known; the classifier head is found by shape at load time.
 */
export interface RegistryEntry {
  id: string;
  title: string;
  /** Where model.json lives (after applying `fromTFHub`). */
  url: string;
  /** TF-Hub style: model.json and shards get "?tfjs-format=file". */
  fromTFHub: boolean;
  /** sha256 of model.json when known (checked after download). */
  modelJsonSha256?: string;
  /** [height, width] of the input images. */
  inputSize: [number, number];
  /** Value range the input node expects. */
  inputRange: [number, number];
  /** Friendly layer name -> graph node name. Conv blocks are average-pooled over space. */
  layers: Record<string, string>;
  /** The layers extracted when none are named. */
  defaultLayers: string[];
  /** Friendly name of the penultimate vector (input of the classifier head). */
  penultimate: string;
  /** Node of the pre-softmax logits, [N, nClasses + backgroundOffset]. */
  logitsNode?: string;
  /** Leading non-ImageNet logits (MobileNet: 1 = "background" at index 0). */
  backgroundOffset: number;
  /** Names of the head's weight [1, 1, D, C] (or [D, C]) and bias [C] tensors, when known. */
  head?: { weights: string; biases: string };
  /** Whether the node names were checked against the real graph. */
  verified: boolean;
}

const V1 = "module_apply_default/MobilenetV1";

function mobilenetV1Layers(): Record<string, string> {
  const layers: Record<string, string> = { conv2d_0: `${V1}/MobilenetV1/Conv2d_0/Relu6` };
  for (let k = 1; k <= 13; k++) layers[`conv2d_${k}`] = `${V1}/MobilenetV1/Conv2d_${k}_pointwise/Relu6`;
  layers["global_pool"] = `${V1}/Logits/global_pool`;
  layers["logits"] = `${V1}/Logits/SpatialSqueeze`;
  return layers;
}

function mobilenetV1(alpha: string, verified: boolean, modelJsonSha256?: string): RegistryEntry {
  return {
    id: `mobilenet_v1_${alpha}_224`,
    title: `MobileNet v1, alpha ${Number(alpha) / 100}, 224x224 (TF-Hub classification/1)`,
    url: `https://tfhub.dev/google/imagenet/mobilenet_v1_${alpha}_224/classification/1`,
    fromTFHub: true,
    ...(modelJsonSha256 === undefined ? {} : { modelJsonSha256 }),
    inputSize: [224, 224],
    inputRange: [0, 1],
    layers: mobilenetV1Layers(),
    // Pointwise ReLU6 outputs from early to late, then the 256..1024-d penultimate vector.
    defaultLayers: ["conv2d_1", "conv2d_3", "conv2d_5", "conv2d_7", "conv2d_9", "conv2d_11", "global_pool"],
    penultimate: "global_pool",
    logitsNode: `${V1}/Logits/SpatialSqueeze`,
    backgroundOffset: 1,
    head: {
      weights: "module/MobilenetV1/Logits/Conv2d_1c_1x1/weights",
      biases: "module/MobilenetV1/Logits/Conv2d_1c_1x1/biases",
    },
    verified,
  };
}

function mobilenetV2(alpha: string, url: string): RegistryEntry {
  return {
    id: `mobilenet_v2_${alpha}_224`,
    title: `MobileNet v2, alpha ${Number(alpha) / 100}, 224x224`,
    url,
    fromTFHub: true,
    inputSize: [224, 224],
    inputRange: [0, 1],
    layers: { avg_pool: "module_apply_default/MobilenetV2/Logits/AvgPool" },
    defaultLayers: ["avg_pool"],
    penultimate: "avg_pool",
    backgroundOffset: 1,
    verified: false,
  };
}

const TFHUB = "https://tfhub.dev/google";

/** The registry, by id. The default model is `DEFAULT_MODEL_ID`. */
export const MODEL_REGISTRY: Readonly<Record<string, RegistryEntry>> = Object.fromEntries(
  [
    // The hash is that of the copy in ../shared/models (converter 1.2.10.1); a re-conversion differs.
    mobilenetV1("025", true, "f9d5d3752f20a5d9a115749bdbe7643b38cd57a11d4114f5dd2f4404af9850d8"),
    mobilenetV1("050", false),
    mobilenetV1("075", false),
    mobilenetV1("100", false),
    mobilenetV2("035", `${TFHUB}/tfjs-model/imagenet/mobilenet_v2_035_224/classification/3/default/1`),
    mobilenetV2("050", `${TFHUB}/imagenet/mobilenet_v2_050_224/classification/2`),
    mobilenetV2("075", `${TFHUB}/imagenet/mobilenet_v2_075_224/classification/2`),
    mobilenetV2("100", `${TFHUB}/imagenet/mobilenet_v2_100_224/classification/2`),
  ].map((e) => [e.id, e]),
);

export const DEFAULT_MODEL_ID = "mobilenet_v1_025_224";

/** model.json URL of an entry (TF-Hub addresses get "/model.json?tfjs-format=file"). */
export function registryModelJsonUrl(entry: RegistryEntry): string {
  return entry.fromTFHub ? `${entry.url}/model.json?tfjs-format=file` : entry.url;
}

/**
 * The registry entry describing a graph whose node names are `nodes`: prefers the entry whose
 * model.json hash matches, else the first whose every layer node exists (same architecture
 * family). Used for models loaded from a directory or URL.
 */
export function matchRegistryEntry(
  nodes: ReadonlySet<string>,
  modelJsonSha256?: string,
): RegistryEntry | undefined {
  const entries = Object.values(MODEL_REGISTRY);
  const byHash = entries.find(
    (e) => e.modelJsonSha256 !== undefined && e.modelJsonSha256 === modelJsonSha256,
  );
  if (byHash) return byHash;
  return entries.find((e) => Object.values(e.layers).every((n) => nodes.has(n)));
}
