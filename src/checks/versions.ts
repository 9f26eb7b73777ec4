/**
 * Version strings as phones and vendors write them — dotted app/OS versions ("2.19.20", "14.3"), iOS build numbers
 * ("18C66"), Android security patch levels ("2021-11-05") — and the `affected_range` texts of known-exploited.json.
 * Nothing here throws: a string in an odd format parses to `undefined`, and a comparison with it is "unknown".
 */

/** Numeric parts of a dotted version, e.g. [2, 19, 20]. */
export type Version = readonly number[];

/** Bounds for hostile input: real versions have ≤ 5 parts (Chrome "116.0.5845.179"), each far below 9 digits. */
const MAX_PARTS = 8;
const MAX_DIGITS = 9;
const MAX_TEXT = 200;

// A numeric prefix followed by the end or a separator: "16.5.1 (a)", "2.24.3.76-beta", "v1.2" (the suffix is ignored);
// not "14,3" (a decimal comma or a list: ambiguous).
const DOTTED = new RegExp(`^\\s*v?(\\d{1,${MAX_DIGITS}}(?:\\.\\d{1,${MAX_DIGITS}}){0,${MAX_PARTS - 1}})(?:$|[\\s\\-+_(~])`, "i");

/** Parses "2.19.20", "14.3", "116.0.5845.179" (a number too); anything else → undefined. */
export function parseVersion(text: unknown): Version | undefined {
  if (typeof text === "number") text = Number.isInteger(text) && text >= 0 ? String(text) : undefined;
  if (typeof text !== "string" || text.length > MAX_TEXT) return undefined;
  const m = DOTTED.exec(text);
  return m ? m[1]!.split(".").map(Number) : undefined;
}

/** Numeric order, missing parts count as 0 ("14.3" < "14.10", "17.0" = "17"). */
export function compareVersions(a: Version, b: Version): -1 | 0 | 1 {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Compares two version texts; undefined when either is not a version. */
export function compareVersionText(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  return va && vb ? compareVersions(va, vb) : undefined;
}

export const formatVersion = (v: Version): string => v.join(".");

/** An iOS build number: "18C66" = major 18 (iOS 14), train C (14.3), build 66; a lower-case suffix marks a variant or a Rapid Security Response ("20F75c"). */
export interface IosBuild {
  readonly major: number;
  readonly train: string;
  readonly build: number;
  readonly suffix: string;
}

const BUILD = /^\s*(\d{1,3})([A-Z])(\d{1,5})([a-z]?)\s*$/;

export function parseIosBuild(text: unknown): IosBuild | undefined {
  if (typeof text !== "string" || text.length > MAX_TEXT) return undefined;
  const m = BUILD.exec(text);
  return m ? { major: Number(m[1]), train: m[2]!, build: Number(m[3]), suffix: m[4]! } : undefined;
}

/** Build order: major, then train letter, then build number, then suffix ("" < "a" < "b"); undefined for an odd format. */
export function compareIosBuilds(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  const x = parseIosBuild(a);
  const y = parseIosBuild(b);
  if (!x || !y) return undefined;
  const keys: [number | string, number | string][] = [[x.major, y.major], [x.train, y.train], [x.build, y.build], [x.suffix, y.suffix]];
  for (const [p, q] of keys) if (p !== q) return p < q ? -1 : 1;
  return 0;
}

/** An Android security patch level as canonical "YYYY-MM-DD"; "YYYY-MM" (a bulletin month) means its first day. */
export function parsePatchLevel(text: unknown): string | undefined {
  if (typeof text !== "string" || text.length > MAX_TEXT) return undefined;
  const m = /^\s*(\d{4})-(\d{2})(?:-(\d{2}))?\s*$/.exec(text);
  return m ? validDate(m[1]!, m[2]!, m[3] ?? "01") : undefined;
}

function validDate(y: string, m: string, d: string): string | undefined {
  const month = Number(m);
  const day = Number(d);
  // Android's first patch level is 2015-10-01 (the first monthly bulletin); 2100 bounds a typo.
  if (Number(y) < 2015 || Number(y) > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${y}-${m}-${d}`;
}

/** Compares two patch levels; undefined when either is not one. */
export function comparePatchLevels(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  const x = parsePatchLevel(a);
  const y = parsePatchLevel(b);
  return x && y ? (x < y ? -1 : x > y ? 1 : 0) : undefined;
}

/** One alternative of a range; `branch` limits it to one major version ("<15.7.7 (15.x)"). */
export interface Clause {
  readonly min?: { readonly v: Version; readonly inclusive: boolean };
  readonly max?: { readonly v: Version; readonly inclusive: boolean };
  /** "(and 17.0)": this one version too. */
  readonly exact?: Version;
  readonly branch?: number;
}

/** A parsed `affected_range`: dotted versions, or patch levels (as versions [YYYY, MM, DD]). */
export interface VersionRange {
  readonly kind: "version" | "patch-level";
  readonly clauses: readonly Clause[];
  /** "(reported)": the range comes from reporting, not a vendor record. */
  readonly reported: boolean;
}

export type Affected = "affected" | "not-affected" | "unknown";

const COMPARATOR = /^(>=|<=|>|<|=)?(\d{1,9}(?:\.\d{1,9}){0,7})$/;
const PATCH_BOUND = /(?:\bSPL|security patch level)\s*(<=?)\s*(\d{4}-\d{2}(?:-\d{2})?)/i;

/**
 * Parses the range texts of known-exploited.json: "<2.19.134", ">=2.22.25.2 <2.25.21.73", "<=13.5.1 (reported)",
 * "<15.7.7 (15.x) / <16.5.1 (16.x)", "<16.7 (and 17.0)", "SPL < 2025-02-05", "security patch level < 2021-11 bulletin".
 * Free text ("Qualcomm chipsets before October 2024 …") → undefined: it cannot be checked against a version.
 */
export function parseRange(text: unknown): VersionRange | undefined {
  if (typeof text !== "string" || text.length > MAX_TEXT * 2) return undefined;
  const reported = /\(reported\)/i.test(text);
  const spl = PATCH_BOUND.exec(text);
  if (spl) {
    const level = parsePatchLevel(spl[2]);
    if (!level) return undefined;
    return { kind: "patch-level", clauses: [{ max: { v: level.split("-").map(Number), inclusive: spl[1] === "<=" } }], reported };
  }
  const clauses: Clause[] = [];
  for (const alt of text.split(/\s+\/\s+/)) {
    let branch: number | undefined;
    let extra: Version | undefined;
    const bare = alt.replace(/\(([^()]*)\)/g, (_all, inner: string) => {
      const b = /^\s*(\d{1,3})\.x\s*$/i.exec(inner);
      const and = /^\s*and\s+(\S+)\s*$/i.exec(inner);
      if (b) branch = Number(b[1]);
      else if (and) extra = parseVersion(and[1]);
      return " ";
    });
    const clause = parseComparators(bare);
    if (!clause) return undefined;
    clauses.push(branch === undefined ? clause : { ...clause, branch });
    if (extra) clauses.push({ exact: extra });
  }
  return clauses.length ? { kind: "version", clauses, reported } : undefined;
}

function parseComparators(text: string): Clause | undefined {
  const tokens = text.replace(/(>=|<=|>|<|=)\s+/g, "$1").trim().split(/\s+/);
  if (!tokens.length || tokens.length > 2 || tokens[0] === "") return undefined;
  let clause: { -readonly [K in keyof Clause]: Clause[K] } = {};
  for (const t of tokens) {
    const m = COMPARATOR.exec(t);
    if (!m) return undefined;
    const v = m[2]!.split(".").map(Number);
    const op = m[1] ?? "=";
    if (op === "<" || op === "<=") {
      if (clause.max) return undefined;
      clause.max = { v, inclusive: op === "<=" };
    } else if (op === ">" || op === ">=") {
      if (clause.min) return undefined;
      clause.min = { v, inclusive: op === ">=" };
    } else {
      clause = { exact: v };
    }
  }
  return clause;
}

function inClause(v: Version, c: Clause): boolean {
  if (c.exact) return compareVersions(v, c.exact) === 0;
  if (c.min && compareVersions(v, c.min.v) < (c.min.inclusive ? 0 : 1)) return false;
  if (c.max && compareVersions(v, c.max.v) > (c.max.inclusive ? 0 : -1)) return false;
  return true;
}

/** The version a range's value is compared as: dotted, or a patch level as [YYYY, MM, DD]. */
export function valueOf(range: VersionRange, text: unknown): Version | undefined {
  if (range.kind === "version") return parseVersion(text);
  const level = parsePatchLevel(text);
  return level ? level.split("-").map(Number) : undefined;
}

/**
 * Whether a version is in a range. Branch clauses apply to their major version; a version on no listed branch is
 * compared with the highest bound (older lines are affected, newer ones not: "<15.7.7 (15.x) / <16.5.1 (16.x)" holds
 * 14.3, not 17.1). `fixes` are other fixed versions (the JSON's also_fixed_in): a version at or above a fix on its own
 * major version is not affected ("<14.8" with 12.5.5: 12.5.5 is fixed, 12.5.4 is not).
 */
export function isAffected(text: unknown, range: VersionRange | undefined, fixes: readonly Version[] = []): Affected {
  if (!range) return "unknown";
  const v = valueOf(range, text);
  if (!v) return "unknown";
  return affectedVersion(v, range, fixes) ? "affected" : "not-affected";
}

export function affectedVersion(v: Version, range: VersionRange, fixes: readonly Version[] = []): boolean {
  const major = v[0] ?? 0;
  const branched = range.clauses.filter((c) => c.branch !== undefined);
  const own = branched.filter((c) => c.branch === major);
  let hit = range.clauses.some((c) => c.branch === undefined && inClause(v, c)) || own.some((c) => inClause(v, c));
  if (!hit && branched.length && !own.length) {
    hit = inClause(v, branched.reduce((a, b) => (compareVersions(a.max?.v ?? [], b.max?.v ?? []) >= 0 ? a : b)));
  }
  if (hit && range.kind === "version") {
    if (fixes.some((f) => f[0] === major && compareVersions(v, f) >= 0)) return false;
  }
  return hit;
}

/** Every upper bound a range names (the versions that fix it on some line), lowest first. */
export function rangeFixes(range: VersionRange): Version[] {
  const out: Version[] = [];
  for (const c of range.clauses) if (c.max && !c.max.inclusive) out.push(c.max.v);
  return out.sort(compareVersions);
}

/** A `fixed_version` text as a value of the range's kind: "14.0 (reported: …)" → 14.0, "Android security patch level 2025-02-05" → [2025, 2, 5]. */
export function parseFixed(text: unknown, kind: VersionRange["kind"]): Version | undefined {
  if (typeof text !== "string" || text.length > MAX_TEXT * 2) return undefined;
  if (kind === "version") return parseVersion(text);
  const m = /\b(\d{4}-\d{2}(?:-\d{2})?)\b/.exec(text);
  const level = m ? parsePatchLevel(m[1]) : undefined;
  return level ? level.split("-").map(Number) : undefined;
}

/** An `also_fixed_in` text: "12.5.5", "17.0.1 (Safari 17)", "iPadOS 17.7.10", "watchOS 9.6.2" → the OS it names (if any) and the version. */
export function parseOtherFix(text: unknown): { readonly os: string | undefined; readonly v: Version } | undefined {
  if (typeof text !== "string" || text.length > MAX_TEXT) return undefined;
  const m = /^\s*(?:(iOS|iPadOS|watchOS|macOS|tvOS|visionOS|Android)\s+)?(.*)$/i.exec(text);
  const v = parseVersion(m?.[2]);
  return v ? { os: m?.[1], v } : undefined;
}
