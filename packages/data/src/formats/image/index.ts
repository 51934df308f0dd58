export { decodeImage, detectImageFormat, readImageHeader } from "./decode-image.ts";
export type { DecodedImage, DecodeImageOptions, ImageFormat, ImageHeader } from "./decode-image.ts";
export { toGrayFloat } from "./gray.ts";
export { encodePng } from "./encode-png.ts";
export { readImageDir, listNumberedImages } from "./read-image-dir.ts";
export type { ImageStack, ReadImageDirOptions } from "./read-image-dir.ts";
export { readJpegInfo } from "./jpeg-info.ts";
export type { JpegInfo } from "./jpeg-info.ts";
