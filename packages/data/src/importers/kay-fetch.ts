import { join } from "node:path";
import type { ProgressCallback } from "@neurotranslator/schema";
import { downloadFile, type DownloadResult } from "../fetch/download.ts";

/** The Neuromatch Academy copies of the Kay et al. (2008) data on OSF. */
export const KAY_FILES = [
  { file: "kay_images.npz", url: "https://osf.io/ymnjv/download" },
  { file: "kay_labels.npy", url: "https://osf.io/r638s/download" },
  { file: "kay_labels_val.npy", url: "https://osf.io/yqb3e/download" },
] as const;

export interface FetchKayOptions {
  /** Replaces the OSF addresses, e.g. a mirror or a local test server: file name -> URL. */
  urls?: Partial<Record<(typeof KAY_FILES)[number]["file"], string>>;
  /** Known sha256 per file name; each download is verified against it. */
  sha256?: Partial<Record<(typeof KAY_FILES)[number]["file"], string>>;
  /** Bytes of each file as it downloads (`file` names it: kay_images.npz, ...). */
  onProgress?: ProgressCallback;
}

/**
 * Downloads the three Kay files into `dir` (resuming partial downloads, skipping complete ones) and
 * returns their paths and sha256 digests, ready for `readKayNpz`.
 */
export async function fetchKay(
  dir: string,
  options: FetchKayOptions = {},
): Promise<{ images: string; labels: string; labelsTest: string; downloads: DownloadResult[] }> {
  const downloads: DownloadResult[] = [];
  for (const { file, url } of KAY_FILES) {
    const expected = options.sha256?.[file];
    downloads.push(
      await downloadFile(options.urls?.[file] ?? url, join(dir, file), {
        ...(expected ? { expectedSha256: expected } : {}),
        onProgress: options.onProgress,
      }),
    );
  }
  return {
    images: join(dir, "kay_images.npz"),
    labels: join(dir, "kay_labels.npy"),
    labelsTest: join(dir, "kay_labels_val.npy"),
    downloads,
  };
}
