/**
 * Reads a results folder for the HTML report: alerts.json, info.json, verdict.json (computed from the alerts
 * when absent), record counts per <slug>.json and a per-day histogram of timeline.csv per module. Module files,
 * alerts.json and the timeline are streamed line by line (a timeline can be 250 MB, alerts.json 1.5 GB for 10^6
 * alerts) and the alerts digested as they are read (counts and the first cards): memory does not grow with them.
 * Nothing here throws on a damaged file: the problem is noted and the report goes on.
 */
import type { Alert, Warning } from "../core/events.ts";
import type { OutputDir } from "../core/host.ts";
import { TITLES, TopRanked, verdictAccumulator, type RankedAlert, type Verdict } from "../checks/verdict.ts";
import { jsonListItems, NotAJsonList } from "./json-items.ts";
import { toJson } from "./json.ts";

/** Reads a file of the folder line by line (without line ends); yields nothing for a missing file. */
export type LineReader = (name: string) => AsyncIterable<string>;

/** What the artifact table says of a module (the CLI passes it; the core cannot import the table). */
export interface ModuleMeta {
  readonly slug: string;
  /** MVT name: the timeline's "Plugin" column. */
  readonly name: string;
  /** Where the module reads in the evidence, e.g. "HomeDomain Library/SMS/sms.db". */
  readonly evidence?: string;
}

export interface ModuleCount {
  readonly slug: string;
  readonly name: string;
  /** Records in <slug>.json; null when the module wrote no file. */
  readonly records: number | null;
  readonly timeline: number;
  readonly alerts: number;
  readonly evidence: string;
}

/** Timeline events per day and module, sparse. */
export interface TimelineHistogram {
  /** "YYYY-MM-DD", ascending. */
  readonly days: string[];
  /** Timeline "Plugin" names, ascending. */
  readonly plugins: string[];
  /** [day index, plugin index, events]. */
  readonly cells: [number, number, number][];
  readonly total: number;
  /** Rows without a usable date. */
  readonly undated: number;
}

/** Cards drawn for the findings that decide the verdict, and for the notes that do not (alerts.json has all). */
export const MAX_CARDS = 200;

/** The alerts as the report shows them: the first MAX_CARDS of each group in evidence order, and the group sizes. */
export interface AlertDigest {
  /** Alerts that decide the verdict. */
  readonly findings: readonly RankedAlert[];
  readonly findingsTotal: number;
  /** LOW and INFORMATIONAL alerts, which do not. */
  readonly notes: readonly RankedAlert[];
  readonly notesTotal: number;
}

/** Digests alerts one at a time: the cards kept, alerts per module, and the verdict should verdict.json be missing. */
export class AlertDigester {
  private readonly findings = new TopRanked(MAX_CARDS);
  private readonly notes = new TopRanked(MAX_CARDS);
  readonly perModule = new Map<string, number>();
  /** Each alert is ranked once, by the verdict, and its card offered to the findings or the notes. */
  readonly verdict = verdictAccumulator((r) => (r.decides ? this.findings : this.notes).addRanked(r));

  add(a: Alert): void {
    this.verdict.add(a);
    this.perModule.set(a.module, (this.perModule.get(a.module) ?? 0) + 1);
  }

  /**
   * `asWritten`: the alerts were given as a run emitted them; the cards get them as alerts.json holds them (written by
   * toJson, read back), so the report a check writes is the one `spyglass report` makes from the folder later.
   */
  digest(opts: { asWritten?: boolean } = {}): AlertDigest {
    const read = (list: RankedAlert[]) => (opts.asWritten ? list.map((r) => ({ ...r, alert: toAlert(JSON.parse(toJson(r.alert))) ?? r.alert })) : list);
    return { findings: read(this.findings.list()), findingsTotal: this.findings.total, notes: read(this.notes.list()), notesTotal: this.notes.total };
  }
}

/** The digest of a list of alerts (tests, callers holding few). */
export function digestAlerts(alerts: readonly Alert[]): AlertDigest {
  const d = new AlertDigester();
  for (const a of alerts) d.add(a);
  return d.digest();
}

export interface ReportData {
  readonly folder: string;
  readonly verdict: Verdict;
  readonly alerts: AlertDigest;
  readonly warnings: readonly Warning[];
  /** info.json as written (target_path, command, hashes, device…); {} when missing. */
  readonly info: Readonly<Record<string, unknown>>;
  readonly modules: readonly ModuleCount[];
  readonly timeline: TimelineHistogram;
  /** Files of the folder that could not be read (shown in the report). */
  readonly problems: readonly string[];
  readonly modulesMeta: readonly ModuleMeta[];
}

/** Files of a results folder that are not a module's records. */
const NOT_MODULES = new Set(["alerts.json", "info.json", "verdict.json", "urls.json"]);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "SMSAttachments" and "sms_attachments" meet here: MVT names and slugs differ only in case and underscores. */
export const joinKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * Records in a JSON file as JsonListWriter writes it (4-space indent): every top-level item or key starts a
 * line with exactly 4 spaces; closing brackets do not count.
 */
export async function countRecords(lines: AsyncIterable<string>): Promise<number> {
  let n = 0;
  for await (const line of lines) {
    if (line.length > 4 && line.charCodeAt(0) === 32 && line.startsWith("    ") && line[4] !== " " && line[4] !== "}" && line[4] !== "]") n++;
  }
  return n;
}

/** The first two fields of a CSV row (MVT's quoting: every field in quotes, "" inside). */
function firstFields(line: string): [string, string] | undefined {
  const out: string[] = [];
  let i = 0;
  while (out.length < 2) {
    if (line[i] !== '"') return undefined;
    let v = "";
    let j = i + 1;
    for (;;) {
      const q = line.indexOf('"', j);
      if (q < 0) return undefined;
      v += line.slice(j, q);
      if (line[q + 1] === '"') {
        v += '"';
        j = q + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    out.push(v);
    if (line[i] === ",") i++;
  }
  return out as [string, string];
}

function oddQuotes(line: string): boolean {
  let odd = false;
  for (let q = line.indexOf('"'); q >= 0; q = line.indexOf('"', q + 1)) odd = !odd;
  return odd;
}

/** A HistogramBuilder's counts as plain data (they cross threads). */
export interface HistogramState {
  readonly counts: [string, number][];
  readonly perPlugin: [string, number][];
  readonly total: number;
  readonly undated: number;
}

/** Counts timeline rows per day and plugin, as they are written or read back. */
export class HistogramBuilder {
  private readonly counts = new Map<string, number>();
  readonly perPlugin = new Map<string, number>();
  private total = 0;
  private undated = 0;

  add(timestamp: string, plugin: string): void {
    this.total++;
    this.perPlugin.set(plugin, (this.perPlugin.get(plugin) ?? 0) + 1);
    const day = timestamp.slice(0, 10);
    if (!DAY.test(day)) {
      this.undated++;
      return;
    }
    const key = day + "\0" + plugin;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  state(): HistogramState {
    return { counts: [...this.counts], perPlugin: [...this.perPlugin], total: this.total, undated: this.undated };
  }

  /** Adds counts made elsewhere (the half of a timeline another thread wrote). */
  merge(s: HistogramState): void {
    for (const [k, n] of s.counts) this.counts.set(k, (this.counts.get(k) ?? 0) + n);
    for (const [k, n] of s.perPlugin) this.perPlugin.set(k, (this.perPlugin.get(k) ?? 0) + n);
    this.total += s.total;
    this.undated += s.undated;
  }

  result(): TimelineHistogram & { perPlugin: Map<string, number> } {
    const days = [...new Set([...this.counts.keys()].map((k) => k.slice(0, 10)))].sort();
    const plugins = [...this.perPlugin.keys()].sort();
    const dayAt = new Map(days.map((d, i) => [d, i]));
    const pluginAt = new Map(plugins.map((p, i) => [p, i]));
    const cells: [number, number, number][] = [];
    for (const [k, n] of this.counts) cells.push([dayAt.get(k.slice(0, 10))!, pluginAt.get(k.slice(11))!, n]);
    cells.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return { days, plugins, cells, total: this.total, undated: this.undated, perPlugin: this.perPlugin };
  }
}

/**
 * Counts timeline.csv rows per day and plugin, streaming. A description can hold line breaks inside its quotes:
 * a row goes on while its quote count is odd (doubled quotes and backslash escapes keep the parity).
 */
export async function timelineHistogram(lines: AsyncIterable<string>): Promise<TimelineHistogram & { perPlugin: Map<string, number> }> {
  const h = new HistogramBuilder();
  let header = true;
  let open = false;
  for await (const line of lines) {
    if (open) {
      if (oddQuotes(line)) open = false;
      continue;
    }
    if (oddQuotes(line)) open = true;
    if (header) {
      header = false;
      continue;
    }
    if (line === "" || line === "\r") continue;
    const f = firstFields(line);
    h.add(f?.[0] ?? "", f?.[1] ?? "?");
  }
  return h.result();
}

async function readJson(dir: OutputDir, name: string, problems: string[]): Promise<unknown> {
  let text: string | undefined;
  try {
    text = await dir.read(name);
  } catch (err) {
    problems.push(`${name}: could not be read (${(err as Error).message})`);
    return undefined;
  }
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    problems.push(`${name}: not valid JSON (${(err as Error).message})`);
    return undefined;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** A verdict.json as computeVerdict() writes it; anything else is recomputed from the alerts. */
function isVerdict(v: unknown): v is Verdict {
  if (!isObject(v) || typeof v.outcome !== "string" || !Object.hasOwn(TITLES, v.outcome)) return false;
  const strings = ["title", "headline", "summary", "device"].every((k) => typeof v[k] === "string");
  const numbers = ["evidence_total", "deciding_total", "warnings"].every((k) => typeof v[k] === "number");
  const lists = ["means", "does_not_mean", "next_steps", "malware"].every((k) => Array.isArray(v[k]) && (v[k] as unknown[]).every((x) => typeof x === "string"));
  const records = ["evidence", "update_advice"].every((k) => Array.isArray(v[k]) && (v[k] as unknown[]).every(isObject));
  return strings && numbers && lists && records;
}

/** An alert from a file: the fields the report reads, with odd values made harmless. */
function toAlert(v: unknown): Alert | undefined {
  if (!isObject(v)) return undefined;
  const s = (x: unknown) => (typeof x === "string" ? x : x === null || x === undefined ? "" : String(x));
  const level = (["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const).find((l) => l === v.level) ?? "INFORMATIONAL";
  const m = isObject(v.matched_indicator) ? v.matched_indicator : null;
  return {
    level,
    module: s(v.module),
    message: s(v.message),
    event_time: s(v.event_time),
    event: v.event ?? null,
    matched_indicator: m
      ? { value: s(m.value), type: s(m.type) as never, name: s(m.name), stix2_file_name: s(m.stix2_file_name), id: s(m.id) }
      : null,
  };
}

/**
 * alerts.json digested item by item. A damaged file is noted and counts as no alerts (as a whole-file read did); a
 * file that is not a list (or is empty or missing) is read whole, where readJson notes what is wrong.
 */
async function readAlerts(dir: OutputDir, lines: LineReader, problems: string[]): Promise<AlertDigester> {
  let d = new AlertDigester();
  try {
    for await (const item of jsonListItems(lines("alerts.json"))) {
      const a = toAlert(item);
      if (a) d.add(a);
    }
  } catch (err) {
    d = new AlertDigester();
    if (err instanceof NotAJsonList) {
      const whole = await readJson(dir, "alerts.json", problems);
      for (const item of Array.isArray(whole) ? whole : []) {
        const a = toAlert(item);
        if (a) d.add(a);
      }
    } else problems.push(`alerts.json: ${err instanceof SyntaxError ? "not valid JSON" : "could not be read"} (${(err as Error).message})`);
  }
  return d;
}

/** Reads everything the report shows from a results folder. */
export async function readReportData(
  dir: OutputDir,
  lines: LineReader,
  opts: {
    modules?: readonly ModuleMeta[];
    histogram?: ReturnType<HistogramBuilder["result"]>;
    /** The run's alerts, digested as they were emitted: alerts.json (1.5 GB for 10^6 alerts) is not read back. */
    alerts?: AlertDigester;
  } = {},
): Promise<ReportData> {
  const problems: string[] = [];
  const meta = opts.modules ?? [];
  const info = (await readJson(dir, "info.json", problems)) ?? {};
  const infoObj = isObject(info) ? info : {};
  const alerts = opts.alerts ?? (await readAlerts(dir, lines, problems));
  const warnings: Warning[] = (Array.isArray(infoObj.warnings) ? infoObj.warnings : [])
    .filter(isObject)
    .map((w) => ({ module: String(w.module ?? ""), file: String(w.file ?? ""), message: String(w.message ?? "") }));
  const saved = await readJson(dir, "verdict.json", problems);
  const verdict = isVerdict(saved) ? saved : alerts.verdict.finish({ warnings, device: isObject(infoObj.device) ? infoObj.device : undefined });

  let files: string[] = [];
  try {
    files = await dir.list();
  } catch (err) {
    problems.push(`the folder could not be listed (${(err as Error).message})`);
  }
  // Counted while timeline.csv was written, when the caller did; else read back.
  const histogram = opts.histogram ?? (await timelineHistogram(lines("timeline.csv")));
  const { perPlugin, ...timeline } = histogram;

  // One row per module: a records file, timeline rows or alerts make a module appear.
  const rows = new Map<string, { slug: string; name: string; records: number | null; timeline: number; alerts: number; evidence: string }>();
  const row = (slug: string, name: string) => {
    const key = joinKey(slug || name);
    let r = rows.get(key);
    if (!r) {
      const m = meta.find((x) => joinKey(x.slug) === key || joinKey(x.name) === key);
      r = { slug: m?.slug ?? "", name: m?.name ?? "", records: null, timeline: 0, alerts: 0, evidence: m?.evidence ?? "" };
      rows.set(key, r);
    }
    r.slug ||= slug;
    r.name ||= name;
    return r;
  };
  // A check writes its record counts into info.json: recounting a 3 GB sms.json line by line takes ~20 s.
  const known = new Map<string, number>();
  for (const m of Array.isArray(infoObj.modules) ? (infoObj.modules as unknown[]) : []) {
    const r = m as { module?: unknown; records?: unknown };
    if (typeof r.module === "string" && typeof r.records === "number") known.set(r.module, r.records);
  }
  for (const name of files) {
    if (!name.endsWith(".json") || NOT_MODULES.has(name) || name.endsWith("_detected.json")) continue;
    const slug = name.slice(0, -5);
    try {
      row(slug, "").records = known.get(slug) ?? (await countRecords(lines(name)));
    } catch (err) {
      problems.push(`${name}: could not be read (${(err as Error).message})`);
    }
  }
  for (const [plugin, n] of perPlugin) row("", plugin).timeline += n;
  for (const [module, n] of alerts.perModule) row(module, "").alerts += n;
  const order = (r: { slug: string; name: string }) => {
    const i = meta.findIndex((m) => m.slug === r.slug);
    return i < 0 ? meta.length : i;
  };
  const modules = [...rows.values()]
    .map((r) => ({ ...r, name: r.name || r.slug, slug: r.slug || joinKey(r.name) }))
    .sort((a, b) => order(a) - order(b) || cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.name, b.name));

  return { folder: dir.path, verdict, alerts: alerts.digest({ asWritten: !!opts.alerts }), warnings, info: infoObj, modules, timeline, problems, modulesMeta: meta };
}
