/** Apple ID / iMessage / FaceTime lookups from idstatuscache.plist ({app: {user: {LookupDate, IDStatus}}}; iOS 12–18). */
import { defineArtifact } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { SpyglassError } from "../../core/errors.ts";
import { ev } from "../../core/events.ts";
import { displayName } from "../../core/source.ts";
import { fromAppleTime, fromDate } from "../../core/time.ts";
import { isPlistDict, plainPlist, readPlist } from "../_shared/plist.ts";

export interface IDStatusCacheRecord {
  /** The app (service) that did the lookup, e.g. com.apple.madrid. */
  package: string;
  /** Who was looked up ("mailto:…", "tel:…"); NUL characters written as the text `\x00`, as MVT does. */
  user: string;
  isodate: string;
  idstatus: unknown;
  /** How many entries of this file have the same user (across apps). */
  occurrences: number;
}

/** The address of a "mailto:" user, without quotes (MVT strips `'`). */
const emailOf = (r: IDStatusCacheRecord): string | undefined => (r.user.startsWith("mailto:") ? r.user.slice(7).replace(/^'+|'+$/g, "") : undefined);

export default defineArtifact<IDStatusCacheRecord>({
  id: "ios.id-status-cache",
  platform: "ios",
  mvt: "IDStatusCache",
  slug: "id_status_cache",
  description: "Lookups of contacts' Apple accounts by iMessage and FaceTime (IDS status cache)",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/Preferences/com.apple.identityservices.idstatuscache.plist" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Preferences/com.apple.identityservices.idstatuscache.plist" },
    { from: "ios-fs", glob: "private/var/mobile/Library/IdentityServices/idstatuscache.plist" },
  ],
  async *parse({ file }) {
    const plist = await readPlist(file);
    if (!isPlistDict(plist)) throw new SpyglassError("E_SCHEMA", "the ID status cache is not a dictionary", { file: displayName(file) });
    // Held per file: `occurrences` counts a user over the whole file (one entry per app and contact, small).
    const entries: Omit<IDStatusCacheRecord, "occurrences">[] = [];
    for (const app of Object.keys(plist)) {
      const users = plist[app];
      if (!isPlistDict(users)) continue;
      for (const user of Object.keys(users)) {
        const e = users[user];
        if (!isPlistDict(e) || e["LookupDate"] === undefined || e["IDStatus"] === undefined) continue;
        const date = e["LookupDate"];
        entries.push({
          package: app,
          user: user.replaceAll("\x00", "\\x00"),
          isodate: date instanceof Date ? fromDate(date) : fromAppleTime(date),
          idstatus: plainPlist(e["IDStatus"]),
        });
      }
    }
    const count = new Map<string, number>();
    for (const e of entries) count.set(e.user, (count.get(e.user) ?? 0) + 1);
    for (const e of entries) yield { ...e, occurrences: count.get(e.user)! };
  },
  timeline: (r) => [ev(r.isodate, "lookup", `Lookup of ${r.user} within ${r.package} (Status ${String(r.idstatus)})`)],
  indicators: [{ kind: "email", values: emailOf }],
  heuristics: [
    // Two NUL characters in a looked-up handle were seen in Pegasus zero-click attempts. MVT checks it only with
    // indicators loaded, and not for an entry whose email already matched.
    (r, { indicatorsLoaded, match }) => {
      if (!indicatorsLoaded || !r.user.includes("\\x00\\x00")) return undefined;
      const email = emailOf(r);
      if (email && match?.("email", email)) return undefined;
      return finding("HIGH", `Found an ID Status Cache entry with suspicious patterns: ${r.user}`, r, r.isodate);
    },
  ],
});
