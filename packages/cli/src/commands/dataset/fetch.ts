import { join } from "node:path";
import type { Command } from "commander";
import { KAY_FILES, NtError, fetchKay, readKayNpz } from "@neurotranslator/data";
import { cacheDir, withStore } from "../../context.ts";
import { progress } from "../../progress.ts";
import { storeAndReport } from "./import.ts";

export function registerFetch(dataset: Command): void {
  dataset
    .command("fetch")
    .description("download a public dataset (resumable, checksummed), then import it")
    .argument("<dataset>", "which dataset: kay (the Neuromatch copy of Kay et al. 2008)")
    .option("--to <dir>", "download folder (default: <cache>/datasets/kay)")
    .option("--name <name>", "name of the dataset in the store", "kay")
    .option("--base-url <url>", "fetch the files from this mirror (<url>/kay_images.npz, ...) instead of OSF")
    .option("--json", "print one JSON document")
    .action(
      async (
        which: string,
        opts: { to?: string; name: string; baseUrl?: string; json?: boolean },
        command: Command,
      ) => {
        if (which !== "kay")
          throw new NtError(
            "BAD_INPUT",
            `unknown dataset "${which}": fetch knows kay (CRCNS vim-1 needs a login: download it yourself and use dataset import-vim1)`,
          );
        const dir = opts.to ?? join(cacheDir(), "datasets", "kay");
        const bars = new Map<string, ReturnType<typeof progress>>();
        const urls = opts.baseUrl
          ? Object.fromEntries(
              KAY_FILES.map(({ file }) => [file, `${opts.baseUrl?.replace(/\/$/, "")}/${file}`]),
            )
          : undefined;
        const files = await fetchKay(dir, {
          ...(urls ? { urls } : {}),
          onProgress: ({ file = "", done, total }) => {
            let bar = bars.get(file);
            if (!bar) bars.set(file, (bar = progress(`download ${file}`)));
            bar.update(done, total);
          },
        });
        for (const download of files.downloads) {
          const file = download.path.split("/").at(-1) ?? download.path;
          (bars.get(file) ?? progress(`download ${file}`)).done(
            download.skipped
              ? "already complete"
              : `${download.bytes} bytes, sha256 ${download.sha256.slice(0, 12)}…`,
          );
        }
        const bundle = await readKayNpz(files.images, {
          labels: files.labels,
          labelsTest: files.labelsTest,
          nanVoxels: "error",
        });
        await withStore(command, (store) => storeAndReport(store, opts.name, bundle, opts));
      },
    );
}
