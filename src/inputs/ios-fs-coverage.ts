/** What of a filesystem dump was there to examine: its main databases, by what they tell. */
import type { Coverage } from "../core/coverage.ts";
import { globMatch } from "./glob.ts";

/** The databases a dump normally holds, by what they tell (a dump missing them was examined only in part). */
const MAIN_PARTS: readonly [words: string, glob: string][] = [
  ["messages (sms.db)", "private/var/mobile/Library/SMS/sms.db"],
  ["network use per process (DataUsage.sqlite)", "private/var/wireless/Library/Databases/DataUsage.sqlite"],
  ["app permissions (TCC.db)", "private/var/mobile/Library/TCC/TCC.db"],
  ["installed apps (iTunesMetadata.plist)", "private/var/containers/Bundle/Application/*/iTunesMetadata.plist"],
];

export function iosFsCoverage(kept: readonly string[]): Coverage {
  const has = (glob: string) => kept.some((k) => globMatch(glob, k));
  return {
    examined: ["every file and folder (Filesystem)", ...MAIN_PARTS.filter(([, g]) => has(g)).map(([w]) => w)],
    missing: MAIN_PARTS.filter(([, g]) => !has(g)).map(([w]) => w),
  };
}
