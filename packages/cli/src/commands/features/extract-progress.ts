import type { ProgressCallback } from "@neurotranslator/schema";
import { progress } from "../../progress.ts";

/** Progress on stderr for a model download (first use of a URL model) followed by the extraction. */
export function extractProgress(): {
  onDownload: ProgressCallback;
  onProgress: ProgressCallback;
  done: (message: string) => void;
} {
  const download = progress("download model");
  const extract = progress("extract");
  let downloading = false;
  return {
    onDownload: (p) => {
      downloading = true;
      // Files done of all (a model's bytes are not worth a bar of their own).
      download.update(p.files?.done ?? 0, p.files?.total ?? 1, p.file);
    },
    onProgress: (p) => {
      if (downloading) {
        downloading = false;
        download.done();
      }
      extract.update(p.done, p.total, "images");
    },
    done: (message) => extract.done(message),
  };
}
