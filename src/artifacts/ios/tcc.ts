/** App permissions (camera, microphone, location…) from TCC.db; schema v1–v3 (iOS 9–18). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { fromUnix } from "../../core/time.ts";
import type { SqliteDb } from "../../core/host.ts";
import type { CarvedColumns, PartialRecord } from "../../core/carve-port.ts";

const AUTH_VALUES: Record<number, string> = { 0: "denied", 1: "unknown", 2: "allowed", 3: "limited" };
const AUTH_VALUE_OLD: Record<number, string> = { 0: "denied", 1: "allowed" };
const AUTH_REASONS: Record<number, string> = {
  1: "error", 2: "user_consent", 3: "user_set", 4: "system_set", 5: "service_policy", 6: "mdm_policy",
  7: "override_policy", 8: "missing_usage_string", 9: "prompt_timeout", 10: "preflight_unknown", 11: "entitled", 12: "app_type_policy",
};

export interface TccRecord {
  service: string;
  client: string;
  client_type: "bundle_id" | "absolute_path";
  auth_value?: string;
  auth_reason_desc?: string;
  allowed_value?: string;
  prompt_count?: number;
  last_modified?: string;
}

type Row = Record<string, number | string | null>;

function* readAccess(db: SqliteDb): Iterable<TccRecord> {
  const cols = new Set(db.columns("access"));
  const v3 = cols.has("auth_value");
  const hasTime = cols.has("last_modified");
  const sql = v3
    ? "SELECT service, client, client_type, auth_value, auth_reason, last_modified FROM access"
    : `SELECT service, client, client_type, allowed, prompt_count${hasTime ? ", last_modified" : ""} FROM access`;
  for (const r of db.rows<Row>(sql)) {
    const base = { service: String(r.service), client: String(r.client), client_type: r.client_type === 0 ? "bundle_id" : "absolute_path" } as const;
    if (v3) {
      yield {
        ...base,
        auth_value: AUTH_VALUES[Number(r.auth_value)] ?? "",
        auth_reason_desc: AUTH_REASONS[Number(r.auth_reason)] ?? "unknown",
        last_modified: fromUnix(r.last_modified),
      };
    } else {
      yield {
        ...base,
        allowed_value: AUTH_VALUE_OLD[Number(r.allowed)] ?? "",
        prompt_count: Number(r.prompt_count),
        ...(hasTime ? { last_modified: fromUnix(r.last_modified) } : {}),
      };
    }
  }
}

/** A deleted `access` row (issue 16): a permission an app held, then removed (the client is what is matched). */
function deletedAccess(a: CarvedColumns): PartialRecord<TccRecord> | undefined {
  if (typeof a.client !== "string" || a.client === "") return undefined;
  const type = a.client_type === 0 ? "bundle_id" : a.client_type === 1 ? "absolute_path" : null;
  return { service: typeof a.service === "string" ? a.service : null, client: a.client, client_type: type };
}

export default defineArtifact<TccRecord>({
  id: "ios.tcc",
  platform: "ios",
  mvt: "TCC",
  slug: "tcc",
  description: "App permissions granted or denied (TCC.db)",
  sources: [
    { from: "ios-backup", domain: "HomeDomain", path: "Library/TCC/TCC.db" },
    { from: "ios-fs", glob: "private/var/mobile/Library/TCC/TCC.db" },
    // A sysdiagnose carries a copy of the same database (EC-DIGIT sysdiagnose: accessibility_tcc).
    { from: "sysdiagnose", glob: "logs/Accessibility/TCC.db" },
  ],
  async *parse({ file }, ctx) {
    const db = await ctx.sqlite(file);
    if (!db.tables().has("access")) return;
    yield* readAccess(db);
  },
  timeline: (r) => [r.last_modified !== undefined && ev(r.last_modified, "AccessRequest", `Access to ${r.service} by ${r.client} ${r.allowed_value ?? r.auth_value}`)],
  indicators: [{ kind: "process", values: (r) => r.client }],
  carve: [{ table: "access", toRecord: deletedAccess }],
});
