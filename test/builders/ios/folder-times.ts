/** Finishes a dump (every folder at DUMP_TIME) and then gives some folders their own time (WebKit folder records). */
import { utimesSync } from "node:fs";
import type { IosFsBuilder } from "../ios-fs.ts";
import { unix } from "../ios-backup.ts";

export function withFolderTimes(b: IosFsBuilder, times: Record<string, string>): string {
  b.finish();
  for (const [rel, utc] of Object.entries(times)) utimesSync(b.path(rel), unix(utc), unix(utc));
  return b.dir;
}
