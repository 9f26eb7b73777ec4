/**
 * WebKit website-data folders (IndexedDB, LocalStorage, SafariViewService's WebsiteData): each entry named after an
 * origin ("https_example.com_0", a folder or a file) gives one record with its URL. Shared by MVT's WebkitIndexedDB,
 * WebkitLocalStorage and WebkitSafariViewService, which differ only in the folder and the timeline.
 */
import type { ArtifactDef, Selector } from "../../core/artifact.ts";
import type { SourceDir } from "../../core/source.ts";
import { fromUnix } from "../../core/time.ts";

export interface WebkitFolderRecord {
  /** The website-data folder, relative to the dump. */
  folder: string;
  url: string;
  /** The folder's modification time (MVT: of the folder, not of the entry). */
  isodate: string;
}

/** Bounds on the walk of one origin's folder (real ones hold a handful of files). */
const WALK = { entries: 10_000, depth: 32 };

/** MVT: "http_"/"https_" become a scheme, the rest is cut at the next "_" (the port or partition). */
export function originUrl(name: string): string {
  return name.replaceAll("http_", "http://").replaceAll("https_", "https://").split("_")[0]!;
}

/** The smallest path of a file under a folder (within the walk's bounds): which file stands for the whole entry. */
async function firstFile(dir: SourceDir, prefix: string, budget = { left: WALK.entries }, depth = 0): Promise<string | undefined> {
  let best: string | undefined;
  if (depth > WALK.depth) return best;
  for (const e of await dir.list()) {
    if (budget.left-- <= 0) break;
    const path = `${prefix}/${e.name}`;
    const candidate = e.kind === "file" ? path : await dir.dir(e.name).then((d) => d && firstFile(d, path, budget, depth + 1));
    if (candidate !== undefined && (best === undefined || candidate < best)) best = candidate;
  }
  return best;
}

/**
 * Sources, parse and checks for the origins of one folder glob (as MVT names it, without a trailing "/"). The
 * acquisition lists files, so an origin is found by its own file or by the files under it: an origin folder yields
 * its record once, with its first file, and an empty one is not seen.
 */
export function webkitFolders(folderGlob: string): Pick<ArtifactDef<WebkitFolderRecord>, "sources" | "parse" | "indicators"> {
  const depth = folderGlob.split("/").length;
  const sources: Selector[] = [
    { from: "ios-fs", glob: `${folderGlob}/http*` },
    { from: "ios-fs", glob: `${folderGlob}/http*/**` },
  ];
  return {
    sources,
    async *parse({ file, root }) {
      const parts = file.path.split("/");
      const folder = parts.slice(0, depth).join("/");
      const name = parts[depth]!;
      if (parts.length > depth + 1) {
        const entry = await root.dir(`${folder}/${name}`);
        if (!entry || (await firstFile(entry, `${folder}/${name}`)) !== file.path) return;
      }
      const mtime = (await root.dir(folder))?.mtime;
      yield { folder, url: originUrl(name), isodate: mtime === undefined ? "" : fromUnix(mtime) };
    },
    indicators: [{ kind: "url", values: (r) => r.url }],
  };
}
