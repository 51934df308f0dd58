/** Kay et al. (2008) / Neuromatch ROI codes: index = code, code 0 = not in a named area. */
export const KAY_ROI_NAMES = ["Other", "V1", "V2", "V3", "V3A", "V3B", "V4", "LatOcc"];
/** Voxels per area in the Neuromatch kay_images.npz (sums to 8,428); the simulator copies these sizes. */
export const KAY_ROI_SIZES = {
    V1: 1294,
    V2: 2083,
    V3: 1790,
    V3A: 484,
    V3B: 314,
    V4: 1535,
    LatOcc: 928,
};
//# sourceMappingURL=bundle.js.map