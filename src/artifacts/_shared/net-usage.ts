/**
 * DataUsage.sqlite and netusage.sqlite share one Core Data schema (ZPROCESS + ZLIVEUSAGE; iOS ≤ 14 with
 * ZWIFIIN/ZWIFIOUT, later without): one reader, timeline and set of checks for MVT's Datausage and Netusage.
 */
import type { ArtifactDef, ParseContext } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { ev, type Finding } from "../../core/events.ts";
import type { SqliteDb } from "../../core/host.ts";
import { fromAppleTime } from "../../core/time.ts";
import type { CarvedColumns, PartialRecord } from "../../core/carve-port.ts";
import { deletedPlaceOf } from "../../core/carve-place.ts";
import { flagMissingBinaries } from "./missing-binaries.ts";

export interface UsageRecord {
  first_isodate: string | null;
  isodate: string | null;
  proc_name: string | null;
  bundle_id: string | null;
  proc_id: number | null;
  wifi_in: number | null;
  wifi_out: number | null;
  wwan_in: number | null;
  wwan_out: number | null;
  live_id: number | null;
  live_proc_id: number | null;
  live_isodate: string | null;
}

type Row = Record<string, number | string | null>;

const MANIPULATED = "MANIPULATED [process record deleted]";
/** Bound on reported missing process ids: a hostile Z_PK of 10^9 must not make 10^9 alerts. */
const MAX_MISSING = 10_000;

/** MVT's query: live usage with its process, plus processes that have no live usage (UNION also drops duplicate rows). */
function query(wifi: boolean): string {
  const w = wifi ? "ZLIVEUSAGE.ZWIFIIN, ZLIVEUSAGE.ZWIFIOUT," : "NULL AS ZWIFIIN, NULL AS ZWIFIOUT,";
  return `SELECT ZPROCESS.ZFIRSTTIMESTAMP, ZPROCESS.ZTIMESTAMP, ZPROCESS.ZPROCNAME, ZPROCESS.ZBUNDLENAME, ZPROCESS.Z_PK AS ZPROCESS_PK,
      ${w} ZLIVEUSAGE.ZWWANIN, ZLIVEUSAGE.ZWWANOUT, ZLIVEUSAGE.Z_PK AS ZLIVEUSAGE_PK, ZLIVEUSAGE.ZHASPROCESS, ZLIVEUSAGE.ZTIMESTAMP AS ZL_TIMESTAMP
    FROM ZLIVEUSAGE LEFT JOIN ZPROCESS ON ZLIVEUSAGE.ZHASPROCESS = ZPROCESS.Z_PK
    UNION
    SELECT ZFIRSTTIMESTAMP, ZTIMESTAMP, ZPROCNAME, ZBUNDLENAME, Z_PK, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM ZPROCESS WHERE Z_PK NOT IN (SELECT ZHASPROCESS FROM ZLIVEUSAGE WHERE ZHASPROCESS IS NOT NULL)`;
}

const n = (v: unknown): number | null => (typeof v === "number" ? v : null);
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** Apple time → text; a missing time stays null (MVT keeps the raw value). Each column converted on its own. */
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : fromAppleTime(v));

function toRecord(r: Row): UsageRecord {
  const first = iso(r.ZFIRSTTIMESTAMP);
  return {
    first_isodate: first,
    isodate: iso(r.ZTIMESTAMP),
    proc_name: s(r.ZPROCNAME),
    bundle_id: s(r.ZBUNDLENAME),
    proc_id: n(r.ZPROCESS_PK),
    wifi_in: n(r.ZWIFIIN),
    wifi_out: n(r.ZWIFIOUT),
    wwan_in: n(r.ZWWANIN),
    wwan_out: n(r.ZWWANOUT),
    live_id: n(r.ZLIVEUSAGE_PK),
    live_proc_id: n(r.ZHASPROCESS),
    live_isodate: r.ZL_TIMESTAMP ? fromAppleTime(r.ZL_TIMESTAMP) : first,
  };
}

const cmp = (a: string | null, b: string | null) => ((a ?? "") < (b ?? "") ? -1 : (a ?? "") > (b ?? "") ? 1 : 0);

/** Python's str() of a value in MVT's text: None, and REAL byte counts with ".0" (the columns are FLOAT). */
const py = (v: unknown, real = false): string =>
  v === null || v === undefined ? "None" : real && typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v);

/** All records of one database, with MVT's checks for deleted process rows applied; sorted by first_isodate. */
export async function readUsage(db: SqliteDb, ctx: Pick<ParseContext, "alert" | "warn" | "listing">): Promise<UsageRecord[]> {
  const tables = db.tables();
  if (!tables.has("ZPROCESS") || !tables.has("ZLIVEUSAGE")) return [];
  const wifi = db.columns("ZLIVEUSAGE").includes("ZWIFIIN");
  // The table is small (one row per process and per live-usage sample, tens to a few thousand): it is held
  // because the checks cross-reference rows and the output is sorted, as MVT's is.
  const read = [...db.rows<Row>(query(wifi))].map(toRecord);
  const records = [...read];

  // A live-usage row whose process row is gone: MVT raises HIGH once per missing process id, then HIGH per row.
  const manipulated: Finding[] = [];
  const seen = new Set<number | null>();
  const byLive = records.map((r, i) => [r, i] as const).sort(([a], [b]) => cmp(a.live_isodate, b.live_isodate));
  for (const [r, i] of byLive) {
    if (r.proc_id) continue;
    const fixed = { ...r, first_isodate: r.live_isodate, isodate: r.live_isodate, proc_name: MANIPULATED };
    records[i] = fixed;
    const when = r.live_isodate ?? "";
    if (!seen.has(r.live_proc_id)) {
      seen.add(r.live_proc_id);
      manipulated.push(finding("HIGH", `Found manipulated process entry ${r.live_proc_id}. Entry on ${when}`, fixed, when));
    }
    manipulated.push(finding("HIGH", `Found manipulated process entry ${r.live_proc_id}/`, fixed, when));
  }
  // Filesystem dumps only: MVT looks for the binaries while reading, on the rows as read (a deleted process row is then
  // still nameless), before the manipulation checks raise theirs.
  await flagMissingBinaries(read, ctx);
  for (const f of manipulated) ctx.alert(f);

  // A gap in ZPROCESS.Z_PK: a process row was deleted. LOW, and a placeholder record after the previous process.
  const byProc = new Map<number, UsageRecord>();
  for (const r of records) if (r.proc_id) byProc.set(r.proc_id, r); // the last row of each process, as MVT's dict
  const ids = [...byProc.keys()].sort((a, b) => a - b);
  const placeholders: UsageRecord[] = [];
  gaps: for (let k = 1; k < ids.length; k++) {
    const p = byProc.get(ids[k - 1]!)!;
    for (let id = ids[k - 1]! + 1; id < ids[k]!; id++) {
      if (placeholders.length === MAX_MISSING) {
        ctx.warn(`more than ${MAX_MISSING} process ids are missing; only the first ${MAX_MISSING} are reported`);
        break gaps;
      }
      ctx.alert(finding("LOW", `Missing process ${id}. Previous process at "${p.first_isodate ?? ""}" (${py(p.proc_name)})`, p, p.first_isodate ?? ""));
      placeholders.push({
        first_isodate: p.first_isodate, isodate: p.first_isodate, proc_name: `MISSING [follows ${py(p.proc_name)}]`, bundle_id: null, proc_id: id,
        wifi_in: null, wifi_out: null, wwan_in: null, wwan_out: null, live_id: null, live_proc_id: id, live_isodate: p.first_isodate,
      });
    }
  }
  return [...records, ...placeholders].sort((a, b) => cmp(a.first_isodate, b.first_isodate)); // stable, as Python's sorted
}

/**
 * A deleted ZPROCESS row (issue 16): the process name Amnesty found Pegasus deleting, which MVT's "manipulated
 * process entry" cannot name. Z_PK is the row id, often lost with the record's first bytes.
 */
function deletedProcess(p: CarvedColumns): PartialRecord<UsageRecord> | undefined {
  if (typeof p.ZPROCNAME !== "string" || p.ZPROCNAME === "") return undefined;
  const first = iso(p.ZFIRSTTIMESTAMP);
  return { first_isodate: first, isodate: iso(p.ZTIMESTAMP), proc_name: p.ZPROCNAME, bundle_id: s(p.ZBUNDLENAME), proc_id: n(p.Z_PK), live_isodate: first };
}

/** Parse, timeline, indicator checks and carving of both modules; each adds its identity and sources. */
export const usageDeclaration: Pick<ArtifactDef<UsageRecord>, "parse" | "timeline" | "indicators" | "matchTime" | "carve"> = {
  async *parse({ file }, ctx) {
    yield* await readUsage(await ctx.sqlite(file), ctx);
  },
  timeline: (r) => {
    const what = `${py(r.proc_name)} (Bundle ID: ${py(r.bundle_id)}, ID: ${py(r.proc_id)})`;
    const name = r.proc_name ?? "";
    const real = !name.includes("MANIPULATED") && !name.includes("MISSING") && r.live_proc_id !== null;
    return [
      ev(r.live_isodate, "live_usage", `${what} WWAN IN: ${py(r.wwan_in, true)}, WWAN OUT: ${py(r.wwan_out, true)}`),
      real && ev(r.first_isodate, "first_usage", what),
      real && ev(r.isodate, "current_usage", what),
    ];
  },
  // MVT skips rows without a process id (its placeholders for manipulated rows); a deleted row's name is real.
  indicators: [{ kind: "process", values: (r) => (r.proc_id || deletedPlaceOf(r) ? r.proc_name : undefined) }],
  matchTime: (r) => r.first_isodate ?? "",
  carve: [{ table: "ZPROCESS", toRecord: deletedProcess }],
};
