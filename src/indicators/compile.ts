// Indicator compiler and matcher: builds per-bucket lookup maps once, then answers match(kind, value) (spec §8.2).
// Runs in browsers too: no Node imports. Every lookup is a Map hit (or a short walk of label/path prefixes), never a
// scan over all indicators, so a million URL checks against tens of thousands of domains stay well under a second.
import type { CheckKind, Collection, IndicatorBucket, IndicatorMatch, IndicatorSet } from "./types.ts";

/** Host (lowercase, no trailing dot, IPv6 without brackets) and path of a URL-ish string. */
export interface UrlHost {
  readonly host: string;
  readonly path: string;
  readonly ip: boolean;
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// Used only when `new URL` rejects the string: userinfo is skipped, the host ends at a port, path or space.
const FALLBACK_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\\]*@)?(\[[^\]/?#]*\]|[^:/?#\\\s]*)([^?#\s]*)/i;
const NUMERIC_TAIL = /(?:^|\.)\d+$/;

/**
 * Parses defensively: a missing scheme gets "http://" (so `mailto:a@evil.org` yields host evil.org, as MVT's
 * fix_protocol does), and when `new URL` throws we fall back to a regex. `new URL` already gives IDN hosts in
 * their `xn--` form, decodes %-escapes and normalises IPv4/IPv6 spellings; domain indicators get the same
 * treatment at compile time, so both sides meet in the ASCII form (no punycode decoder needed).
 */
export function parseUrlHost(value: string): UrlHost | undefined {
  let s = value.trim();
  if (s === "") return undefined;
  if (s.startsWith("//")) s = "http:" + s;
  else if (!HAS_SCHEME.test(s)) s = "http://" + s;
  let host: string;
  let path: string;
  try {
    const u = new URL(s);
    host = u.hostname;
    path = u.pathname;
  } catch {
    const m = FALLBACK_HOST.exec(s);
    host = m?.[1] ?? "";
    path = m?.[2] ?? "";
  }
  host = host.toLowerCase(); // non-special schemes keep the host's case
  while (host.endsWith(".")) host = host.slice(0, -1);
  let ip = false;
  if (host.startsWith("[") && host.endsWith("]")) {
    host = host.slice(1, -1);
    ip = true;
  } else {
    // IPv4 (new URL normalises its spellings to dotted decimal). A numeric last label is never a TLD, so
    // "10.198.51.100.1" (rejected by `new URL`) counts as an address too and cannot parent-match 198.51.100.1.
    ip = NUMERIC_TAIL.test(host);
  }
  return host === "" ? undefined : { host, path, ip };
}

// The usual link: http(s), a lowercase ASCII DNS name whose last label starts with a letter (no IP), no "xn--"
// label (checked below), no userinfo, an optional port, then a path, query, fragment or the end. For it `new URL`
// would return the host unchanged, so the parse (the costliest step of checking a message) is skipped.
const SIMPLE_URL = /^https?:\/\/((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z](?:[a-z0-9-]*[a-z0-9])?)(?::\d{1,5})?(?=[/?#]|$)/;

/** The host of an http(s) URL of the usual shape, without parsing; undefined for anything else. */
export function simpleUrlHost(value: string): string | undefined {
  const m = SIMPLE_URL.exec(value);
  return m && !m[1]!.includes("xn--") ? m[1] : undefined;
}

/** The host of a URL-ish string (and whether it is an IP): `parseUrlHost` without the path, faster when it can be. */
export function urlHost(value: string): { host: string; ip: boolean } | undefined {
  const host = simpleUrlHost(value);
  return host !== undefined ? { host, ip: false } : parseUrlHost(value);
}

type Table = Map<string, IndicatorMatch>;

/** file_paths indicators grouped by parent directory, so a plain prefix test only looks at the value's own parents. */
interface PathGroup {
  readonly names: string[];
  readonly matches: IndicatorMatch[];
}

/** Unicode or otherwise non-canonical spellings of a domain indicator that `parseUrlHost` would rewrite. */
function canonicalDomain(value: string): string | undefined {
  if (/^[0-9a-f:.]+$/.test(value) && value.includes(":")) return parseUrlHost(`[${value}]`)?.host; // IPv6
  // A "domain" with a path or userinfo is bad data: never widen it to its host.
  if (/[/:@?#\\\s]/.test(value)) return undefined;
  return parseUrlHost(value)?.host;
}

export function compileIndicators(collections: readonly Collection[]): IndicatorSet {
  return new CompiledIndicators(collections);
}

class CompiledIndicators implements IndicatorSet {
  readonly collections: readonly Collection[];
  readonly counts: Readonly<Partial<Record<IndicatorBucket, number>>>;
  readonly total: number;

  private readonly tables = new Map<IndicatorBucket, Table>();
  /** Process indicators longer than 16 (or 15) chars by their first 16 (15) chars: kernel-truncated names. */
  private readonly proc16: Table = new Map();
  private readonly proc15: Table = new Map();
  private readonly pathGroups = new Map<string, PathGroup>();
  private readonly relativePaths: [string, IndicatorMatch][] = [];
  private readonly profiles: [string, IndicatorMatch][] = [];

  constructor(collections: readonly Collection[]) {
    this.collections = collections;
    const unique = new Map<IndicatorBucket, Set<string>>();
    let total = 0;
    for (const col of collections) {
      // MVT's total is the sum of the per-collection unique counts.
      total += col.indicators.length;
      for (const ind of col.indicators) {
        let seen = unique.get(ind.bucket);
        if (!seen) unique.set(ind.bucket, (seen = new Set()));
        seen.add(ind.value);
        const m: IndicatorMatch = Object.freeze({
          value: ind.value,
          type: ind.bucket,
          name: col.name,
          stix2_file_name: col.stix2_file_name,
          id: ind.id,
        });
        this.add(m);
      }
    }
    const counts: Partial<Record<IndicatorBucket, number>> = {};
    for (const [bucket, seen] of unique) counts[bucket] = seen.size;
    this.counts = Object.freeze(counts);
    this.total = total;
  }

  /** First collection wins for a key: later duplicates are ignored, so results do not depend on Map quirks. */
  private put(bucket: IndicatorBucket, key: string, m: IndicatorMatch): void {
    let t = this.tables.get(bucket);
    if (!t) this.tables.set(bucket, (t = new Map()));
    if (key !== "" && !t.has(key)) t.set(key, m);
  }

  private add(m: IndicatorMatch): void {
    const lower = m.value.toLowerCase();
    switch (m.type) {
      case "domains": {
        let key = lower.trim();
        while (key.endsWith(".")) key = key.slice(0, -1);
        this.put("domains", key, m);
        const canon = canonicalDomain(key);
        if (canon !== undefined && canon !== key) this.put("domains", canon, m);
        return;
      }
      case "processes":
        this.put("processes", lower, m);
        if (lower.length > 16 && !this.proc16.has(lower.slice(0, 16))) this.proc16.set(lower.slice(0, 16), m);
        if (lower.length > 15 && !this.proc15.has(lower.slice(0, 15))) this.proc15.set(lower.slice(0, 15), m);
        return;
      case "file_paths": {
        // A trailing "/" of the indicator is ignored (MVT), "/" alone would match everything: dropped.
        const key = lower.replace(/\/+$/, "");
        if (key === "") return;
        this.put("file_paths", key, m);
        const slash = key.lastIndexOf("/");
        if (slash < 0) {
          this.relativePaths.push([key, m]);
          return;
        }
        const dir = key.slice(0, slash);
        let g = this.pathGroups.get(dir);
        if (!g) this.pathGroups.set(dir, (g = { names: [], matches: [] }));
        g.names.push(key.slice(slash + 1));
        g.matches.push(m);
        return;
      }
      case "app_cert_hashes":
        this.put(m.type, lower.replace(/[:\s]/g, ""), m); // fingerprints are often printed as AB:CD:...
        return;
      case "ios_profile_ids":
        this.put(m.type, lower, m);
        this.profiles.push([lower, m]);
        return;
      default:
        this.put(m.type, lower.trim(), m);
    }
  }

  private get(bucket: IndicatorBucket, key: string): IndicatorMatch | undefined {
    return this.tables.get(bucket)?.get(key);
  }

  match(kind: CheckKind, value: string): IndicatorMatch | undefined {
    if (typeof value !== "string" || value === "") return undefined;
    switch (kind) {
      case "url":
        return this.matchUrl(value);
      case "domain": {
        const parts = urlHost(value);
        return parts && this.matchHost(parts);
      }
      case "email":
        return this.matchEmail(value);
      case "process":
        return this.matchProcess(value);
      case "file_name":
        return this.get("file_names", value.toLowerCase());
      case "file_path":
        return this.matchFilePath(value);
      case "process_in_path":
        return this.matchProcessInPath(value);
      case "hash": {
        const h = value.trim().toLowerCase();
        const bucket = h.length === 32 ? "files_md5" : h.length === 40 ? "files_sha1" : "files_sha256";
        return this.get(bucket, h);
      }
      case "app_id":
        return this.get("app_ids", value.trim().toLowerCase());
      case "property":
        return this.get("android_property_names", value.trim().toLowerCase());
      case "cert_hash":
        return this.get("app_cert_hashes", value.toLowerCase().replace(/[:\s]/g, ""));
      case "profile_id":
        return this.matchProfile(value);
      default:
        return undefined;
    }
  }

  private matchUrl(value: string): IndicatorMatch | undefined {
    const urls = this.tables.get("urls");
    if (urls) {
      // (1) exact URL, tolerating a trailing-slash difference ("http://x.org" vs "http://x.org/").
      const k = value.trim().toLowerCase();
      const hit = urls.get(k) ?? urls.get(k.endsWith("/") ? k.slice(0, -1) : k + "/");
      if (hit) return hit;
    }
    if (!this.tables.has("domains")) return undefined;
    const parts = urlHost(value);
    return parts && this.matchHost(parts);
  }

  /**
   * Label-aligned: the host itself, then each parent domain (`a.b.example.org` → `b.example.org` → `example.org`),
   * most specific first. Unlike MVT there is no leading-"w" stripping (it turned `wexample.org` into
   * `example.org`) and no substring fallback (`notevil-example.org` contains `example.org`); a leading `www.` is
   * covered by the walk itself. The bare TLD is not tried: an indicator "org" is bad data, not a campaign.
   * IP hosts match exactly only.
   */
  private matchHost(parts: { host: string; ip: boolean }): IndicatorMatch | undefined {
    const domains = this.tables.get("domains");
    if (!domains) return undefined;
    const host = parts.host;
    const exact = domains.get(host);
    if (exact || parts.ip) return exact;
    let dot = host.indexOf(".");
    while (dot >= 0) {
      const next = host.indexOf(".", dot + 1);
      if (next < 0) return undefined;
      const hit = domains.get(host.slice(dot + 1));
      if (hit) return hit;
      dot = next;
    }
    return undefined;
  }

  private matchEmail(value: string): IndicatorMatch | undefined {
    let e = value.trim().toLowerCase();
    if (e.startsWith("mailto:")) {
      e = e.slice(7);
      const q = e.indexOf("?"); // mailto:a@b.org?subject=...
      if (q >= 0) e = e.slice(0, q);
    }
    if (e.startsWith("<") && e.endsWith(">")) e = e.slice(1, -1);
    return this.get("emails", e.trim());
  }

  /**
   * Basename equality; plus truncated names: iOS/macOS keep 16 chars of a process name (MAXCOMLEN, MVT's rule),
   * Linux/Android keep 15 (TASK_COMM_LEN 16 including the NUL), so a basename of exactly that length matches an
   * indicator that starts with it.
   */
  private matchProcess(value: string): IndicatorMatch | undefined {
    const base = value.slice(value.lastIndexOf("/") + 1).toLowerCase();
    if (base === "") return undefined;
    const hit = this.get("processes", base);
    if (hit) return hit;
    if (base.length === 16) return this.proc16.get(base);
    if (base.length === 15) return this.proc15.get(base);
    return undefined;
  }

  /**
   * MVT: the basename against file_names, then "starts with" against file_paths (trailing "/" of the indicator
   * ignored). MVT's test is a plain string prefix (`/a/foo` also matches `/a/foobar`) and we keep exactly that,
   * without scanning all indicators: an indicator `dir/name` is a prefix of the value iff `dir/` is one of the
   * value's own "/"-prefixes and the rest starts with `name`; so we only visit the groups of the value's parents.
   * The deepest (most specific) parent wins.
   */
  private matchFilePath(value: string): IndicatorMatch | undefined {
    const lower = value.toLowerCase();
    const byName = this.get("file_names", lower.slice(lower.lastIndexOf("/") + 1));
    if (byName) return byName;
    if (!this.tables.has("file_paths")) return undefined;
    const whole = this.get("file_paths", lower.replace(/\/+$/, ""));
    if (whole) return whole;
    const last = lower.lastIndexOf("/");
    if (last >= 0) {
      for (const [slash, g] of this.groupsAlong(lower.slice(0, last))) {
        for (let i = 0; i < g.names.length; i++) if (lower.startsWith(g.names[i] ?? "", slash + 1)) return g.matches[i];
      }
    }
    for (const [name, m] of this.relativePaths) if (lower.startsWith(name)) return m;
    return undefined;
  }

  /**
   * The indicator folders that are `dir` or one of its parents, deepest first, with where each ends. Kept for the next
   * path: a dump's walk gives a folder's entries one after the other (one lookup per folder instead of ~8 per path).
   */
  private groupsAlong(dir: string): readonly (readonly [number, PathGroup])[] {
    if (dir === this.lastGroups.dir) return this.lastGroups.found;
    const found: [number, PathGroup][] = [];
    for (let slash = dir.length; slash >= 0; slash = slash === 0 ? -1 : dir.lastIndexOf("/", slash - 1)) {
      const g = this.pathGroups.get(dir.slice(0, slash));
      if (g) found.push([slash, g]);
    }
    this.lastGroups = { dir, found };
    return found;
  }
  private lastGroups: { dir: string | undefined; found: readonly (readonly [number, PathGroup])[] } = { dir: undefined, found: [] };

  /**
   * A process indicator equal to any "/"-separated component (no allocation of a split array), leftmost first. The
   * folder part's answer is kept for the next value: a dump's walk gives a folder's entries one after the other, so
   * 10^6 paths cost ~one lookup each instead of one per component (~8).
   */
  private matchProcessInPath(value: string): IndicatorMatch | undefined {
    const procs = this.tables.get("processes");
    if (!procs) return undefined;
    const slash = value.lastIndexOf("/");
    const dir = slash < 0 ? "" : value.slice(0, slash);
    if (dir !== this.lastProcDir.dir) this.lastProcDir = { dir, hit: componentIn(procs, dir.toLowerCase()) };
    return this.lastProcDir.hit ?? componentIn(procs, value.slice(slash + 1).toLowerCase());
  }
  private lastProcDir: { dir: string; hit: IndicatorMatch | undefined } = { dir: "", hit: undefined };

  /** MVT: the profile UUID is a substring of an indicator value. Exact first, then a scan of the (short) list. */
  private matchProfile(value: string): IndicatorMatch | undefined {
    const id = value.trim().toLowerCase();
    if (id === "") return undefined;
    const hit = this.get("ios_profile_ids", id);
    if (hit) return hit;
    for (const [v, m] of this.profiles) if (v.includes(id)) return m;
    return undefined;
  }
}

/** The first "/"-separated component of `lower` that is a key of `table`. */
function componentIn(table: ReadonlyMap<string, IndicatorMatch>, lower: string): IndicatorMatch | undefined {
  let start = 0;
  while (start <= lower.length) {
    let end = lower.indexOf("/", start);
    if (end < 0) end = lower.length;
    if (end > start) {
      const hit = table.get(lower.slice(start, end));
      if (hit) return hit;
    }
    start = end + 1;
  }
  return undefined;
}
