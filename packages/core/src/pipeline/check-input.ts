import { NtError, formatShape } from "@neurotranslator/schema";
import type { Matrix32 } from "@neurotranslator/schema";

const shape = (m: Matrix32) => formatShape([m.rows, m.cols]);

/** Checks that a matrix's buffer matches its declared shape. */
export function checkMatrix(name: string, m: Matrix32): void {
  if (
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols) ||
    m.rows < 1 ||
    m.cols < 1 ||
    m.data.length !== m.rows * m.cols
  ) {
    throw new NtError("BAD_INPUT", `${name}: declared shape ${shape(m)} but holds ${m.data.length} values`);
  }
}

/**
 * Checks a train/test pair of voxel responses and feature matrices for one decoder or encoder:
 * responsesTrain [nTrain, V], responsesTest [nTest, V], featuresTrain [nTrain, D], featuresTest [nTest, D],
 * roi [V]. `what` names the features (e.g. the layer) in messages. Throws NtError BAD_INPUT naming the shapes.
 */
export function checkPairedShapes(
  responses: { train: Matrix32; test: Matrix32 },
  features: { train: Matrix32; test: Matrix32 },
  roi: Int32Array | undefined,
  what = "features",
): void {
  checkMatrix("responsesTrain", responses.train);
  checkMatrix("responsesTest", responses.test);
  checkMatrix(`${what} (train)`, features.train);
  checkMatrix(`${what} (test)`, features.test);
  const { train: rt, test: rs } = responses;
  const { train: ft, test: fs } = features;
  if (rt.cols !== rs.cols) {
    throw new NtError(
      "BAD_INPUT",
      `responsesTrain has shape ${shape(rt)} but responsesTest has shape ${shape(rs)}: voxel counts ${rt.cols} and ${rs.cols} differ`,
    );
  }
  if (ft.cols !== fs.cols) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: train features have shape ${shape(ft)} but test features have shape ${shape(fs)}: dimensions ${ft.cols} and ${fs.cols} differ`,
    );
  }
  if (ft.rows !== rt.rows) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: train features have shape ${shape(ft)} but responsesTrain has shape ${shape(rt)}: ${ft.rows} vs ${rt.rows} training images`,
    );
  }
  if (fs.rows !== rs.rows) {
    throw new NtError(
      "BAD_INPUT",
      `${what}: test features have shape ${shape(fs)} but responsesTest has shape ${shape(rs)}: ${fs.rows} vs ${rs.rows} test images`,
    );
  }
  if (rs.rows < 2)
    throw new NtError(
      "BAD_INPUT",
      `responsesTest has shape ${shape(rs)}: evaluation needs at least 2 test images`,
    );
  if (roi && roi.length !== rt.cols) {
    throw new NtError(
      "BAD_INPUT",
      `roi has ${roi.length} codes but responses have ${rt.cols} voxels (shape ${shape(rt)})`,
    );
  }
}
