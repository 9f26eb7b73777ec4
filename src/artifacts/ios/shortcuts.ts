/** Siri Shortcuts and the URLs their actions open, from Shortcuts.sqlite (ZSHORTCUT ⟕ ZSHORTCUTACTIONS plist); iOS 12–18. */
import { findLinks } from "../_shared/links.ts";
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import type { SqlRow } from "../../core/host.ts";
import { fromAppleTime } from "../../core/time.ts";
import { parsePlist, PlistUid } from "../../formats/plist.ts";
import type { PlistValue } from "../../formats/plist.ts";
import { jsonValue, text } from "../_shared/sql.ts";

export interface ShortcutRecord {
  shortcut_id: number;
  shortcut_name: string | null;
  modified_date: string;
  description: string | null;
  /** Number of actions in the actions plist (0 when it is missing or unreadable). */
  parsed_actions: number;
  /** URLs in the actions' parameters; null when the actions plist is missing or unreadable (as MVT). */
  action_urls: string[] | null;
  /** Creation date. */
  isodate: string;
}

const MAX_DEPTH = 64; // parameters nest token strings inside dictionaries; deeper is hostile input

/** Every string value inside an action's parameters, so a URL in any field (or token string) is found. */
function* strings(v: PlistValue | undefined, depth = 0): Iterable<string> {
  if (depth > MAX_DEPTH || v === null || v === undefined) return;
  if (typeof v === "string") yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x, depth + 1);
  else if (typeof v === "object" && !(v instanceof Date) && !(v instanceof Uint8Array) && !(v instanceof PlistUid)) {
    for (const x of Object.values(v)) yield* strings(x, depth + 1);
  }
}

/** Parses the actions plist: a list of {WFWorkflowActionIdentifier, WFWorkflowActionParameters}. */
function readActions(data: Uint8Array | null, file: string): { parsed_actions: number; action_urls: string[] | null } {
  if (!data || data.length === 0) return { parsed_actions: 0, action_urls: null };
  let actions: PlistValue;
  try {
    actions = parsePlist(data, { file });
  } catch {
    return { parsed_actions: 0, action_urls: null }; // MVT: "Shortcut without action data"
  }
  if (!Array.isArray(actions)) return { parsed_actions: 0, action_urls: null };
  const urls: string[] = [];
  for (const a of actions) {
    const params = a && typeof a === "object" && !Array.isArray(a) ? (a as Record<string, PlistValue>)["WFWorkflowActionParameters"] : undefined;
    for (const s of strings(params)) for (const u of findLinks(s)) urls.push(u.replace(/[',]+$/, ""));
  }
  return { parsed_actions: actions.length, action_urls: urls };
}

function describe(r: ShortcutRecord): string {
  const urls = r.action_urls?.length ? `- URLs in actions: ${r.action_urls.join(", ")}` : "";
  return `iOS Shortcut '${r.shortcut_name ?? ""}': ${r.description ?? ""} ${urls}`;
}

export default defineArtifact<ShortcutRecord>({
  id: "ios.shortcuts",
  platform: "ios",
  mvt: "Shortcuts",
  slug: "shortcuts",
  description: "Siri Shortcuts and the URLs their actions open",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/Shortcuts/Shortcuts.sqlite" },
    { from: "ios-fs", glob: "private/var/mobile/Library/Shortcuts/Shortcuts.sqlite" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    const tables = db.tables();
    if (!tables.has("ZSHORTCUT")) return;
    const sc = new Set(db.columns("ZSHORTCUT"));
    const col = (c: string) => (sc.has(c) ? `S.${c}` : "NULL");
    const acts = tables.has("ZSHORTCUTACTIONS") && ["ZSHORTCUT", "ZDATA"].every((c) => db.columns("ZSHORTCUTACTIONS").includes(c));
    const sql = `SELECT S.Z_PK AS id, ${col("ZNAME")} AS name, ${col("ZCREATIONDATE")} AS created, ${col("ZMODIFICATIONDATE")} AS modified,
      ${col("ZACTIONSDESCRIPTION")} AS description, ${acts ? "A.ZDATA" : "NULL"} AS data FROM ZSHORTCUT S
      ${acts ? "LEFT JOIN ZSHORTCUTACTIONS A ON A.ZSHORTCUT = S.Z_PK" : ""}`;
    for (const r of db.rows<SqlRow>(sql)) {
      const data = r.data instanceof Uint8Array ? r.data : typeof r.data === "string" ? new TextEncoder().encode(r.data) : null;
      yield {
        shortcut_id: jsonValue(r.id ?? null) as number,
        shortcut_name: text(r.name ?? null),
        modified_date: fromAppleTime(r.modified),
        description: text(r.description ?? null),
        ...readActions(data, file.path),
        isodate: fromAppleTime(r.created),
      };
    }
  },
  timeline: (r) => [ev(r.isodate, "shortcut_created", describe(r)), ev(r.modified_date, "shortcut_modified", describe(r))],
  indicators: [{ kind: "url", values: (r) => r.action_urls }],
});
