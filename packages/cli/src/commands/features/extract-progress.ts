import type { ExtractProgress } from "@neurotranslator/core";
import type { DownloadProgress } from "@neurotranslator/data";
import { progress } from "../../progress.ts";

/** Progress on stderr for a model download (first use of a URL model) followed by the extraction. */
export function extractProgress(): {
  onDownload: (p: DownloadProgress) => void;
  onProgress: (p: ExtractProgress) => void;
  done: (message: string) => void;
} {
  const download = progress("download model");
  const extract = progress("extract");
  let downloading = false;
  return {
    onDownload: (p) => {
      downloading = true;
      download.update(p.filesDone, p.filesTotal, p.file);
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
