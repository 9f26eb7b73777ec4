/**
 * WebKit website-data folders (IndexedDB, LocalStorage, SafariViewService's WebsiteData): each entry named after an
 * origin ("https_example.com_0", a folder or a file) gives one record with its URL. Shared by MVT's WebkitIndexedDB,
 * WebkitLocalStorage and WebkitSafariViewService, which differ only in the folder and the timeline.
 */
import type { ArtifactDef, Selector } from "../../core/artifact.ts";
import { fromUnix } from "../../core/time.ts";
import { isFirstFile } from "./every-file.ts";

export interface WebkitFolderRecord {
  /** The website-data folder, relative to the dump. */
  folder: string;
  url: string;
  /** The folder's modification time (MVT: of the folder, not of the entry); "" when the input does not give it. */
  isodate: string;
}

/** How deep under an origin folder a file is looked for: WebKit writes them one or two folders down. */
const ORIGIN_DEPTH = 3;

/** MVT: "http_"/"https_" become a scheme, the rest is cut at the next "_" (the port or partition). */
export function originUrl(name: string): string {
  return name.replaceAll("http_", "http://").replaceAll("https_", "https://").split("_")[0]!;
}

/**
 * Sources, parse and checks for the origins of one folder glob (as MVT names it, without a trailing "/"). Inputs
 * list files, so an origin is found by its own file or by a file under it (an origin folder that is empty, or holds
 * files only deeper than ORIGIN_DEPTH, is not seen);
 * the records are made at the first file from the whole selection, so an origin folder of many files is one record.
 */
export function webkitFolders(folderGlob: string): Pick<ArtifactDef<WebkitFolderRecord>, "sources" | "parse" | "indicators"> {
  const depth = folderGlob.split("/").length;
  // An origin file, or a file up to ORIGIN_DEPTH folders below an origin folder (IndexedDB: origin/<hash>/IndexedDB.sqlite3).
  // No "**": an input can then find them by listing a few folders instead of walking the whole dump.
  const sources: Selector[] = Array.from({ length: ORIGIN_DEPTH + 1 }, (_, i) => ({ from: "ios-fs", glob: `${folderGlob}/http*${"/*".repeat(i)}` }));
  return {
    sources,
    async *parse({ file, root }, ctx) {
      if (!(await isFirstFile({ file, root }, ctx, sources))) return;
      const seen = new Set<string>(); // one key per origin: bounded by the files selected
      const times = new Map<string, string>();
      for (const s of sources) {
        for await (const f of ctx.findAll(s)) {
          const parts = f.path.split("/");
          const folder = parts.slice(0, depth).join("/");
          const name = parts[depth]!;
          // An origin file is a record of its own (MVT lists names: a -wal beside a .localstorage is one more).
          const key = parts.length === depth + 1 ? f.path : `${folder}/${name}/`;
          if (seen.has(key)) continue;
          seen.add(key);
          let isodate = times.get(folder);
          if (isodate === undefined) {
            const mtime = (await root.dir(folder))?.mtime;
            times.set(folder, (isodate = mtime === undefined ? "" : fromUnix(mtime)));
          }
          yield { folder, url: originUrl(name), isodate };
        }
      }
    },
    indicators: [{ kind: "url", values: (r) => r.url }],
  };
}
