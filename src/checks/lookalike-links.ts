/**
 * The "links" cross-check: every URL or domain any module declares (SMS, iMessage, WhatsApp, browser histories,
 * WebKit data…) is normalised once, scored by the lookalike scorer, and each suspicious domain is reported once
 * with how often and where it appeared.
 *
 * Levels from the strength of the signals (lookalike.ts): HIGH for a deliberate trick (a brand's domain in front of
 * another, look-alike letters in an IDN, a brand before "@"), MEDIUM for a brand's name reworked; LOW notes when
 * the only reasons are a URL shortener or a raw IP address (the destination is hidden; not suspicious by itself). Links already
 * matched by the loaded indicators are left to the indicator alert (CRITICAL), not reported twice.
 */
import type { AnyArtifact } from "../core/artifact.ts";
import { urlValues, type CrossCheck, type CrossCheckContext } from "../core/cross-check.ts";
import { LEVEL_RANK, type Finding } from "../core/events.ts";
import { finding } from "../core/check-record.ts";
import { normalizeUrl } from "./url-normalize.ts";
import { simpleUrlHost } from "../indicators/compile.ts";
import { shortenerOf } from "../indicators/shorteners.ts";
import { compileBrands, defaultBrands, scoreDomain, type Brand, type BrandIndex, type Reason, type Score } from "./lookalike.ts";

/**
 * Distinct suspicious domains tracked. A phone holds a few thousand distinct domains in all; 100,000 suspicious
 * ones (≈ 50 MB at ~500 bytes each) means generated or hostile evidence, and past it we count instead of grow.
 */
export const MAX_DOMAINS = 100_000;
/** Distinct raw URLs whose verdict is remembered (repeats are common: the same link in SMS and Safari). */
const URL_CACHE_MAX = 20_000;
/** Longer URLs are scored but not cached: a tracking link can be kilobytes long. */
const URL_CACHE_KEY_MAX = 512;
/** Record fields that date an occurrence, in order of preference (MVT's names). */
const TIME_FIELDS = ["isodate", "timestamp", "first_isodate"] as const;

/** The event of a "links" alert. */
export interface LinkEvent {
  /** The first occurrence, as written in the evidence. */
  readonly url: string;
  readonly domain: string;
  readonly reasons: readonly string[];
  /** MVT module names where it appeared, in first-seen order. */
  readonly modules: readonly string[];
  readonly count: number;
  /** The earliest date of a record that held it ("" when none had one). */
  readonly first_seen: string;
}

interface Entry {
  readonly url: string;
  readonly score: Score;
  readonly modules: Set<string>;
  count: number;
  first_seen: string;
}

/** A suspicious link in one record. */
interface Sighting {
  readonly url: string;
  readonly score: Score;
  readonly time: string;
}

function timeOf(record: unknown): string {
  if (!record || typeof record !== "object") return "";
  for (const f of TIME_FIELDS) {
    const v = (record as Record<string, unknown>)[f];
    if (typeof v === "string" && v !== "") return v;
  }
  return "";
}

const plural = (n: number) => (n === 1 ? "once" : `${n.toLocaleString("en-US")} times`);

/** "looks like the Red Cross (icrc.org) but is not", or the whole text of a shortener/IP reason. */
function headline(r: Reason): string {
  return r.brand ? `looks like ${r.brand} (${r.brand_domain}) but is not` : r.text;
}

function toFinding(e: Entry): Finding {
  const { score } = e;
  const main = score.reasons.find((r) => r.brand) ?? score.reasons[0]!;
  const modules = [...e.modules];
  const event: LinkEvent = {
    url: e.url,
    domain: score.domain,
    reasons: score.reasons.map((r) => r.text),
    modules,
    count: e.count,
    first_seen: e.first_seen,
  };
  const where = `it appeared ${plural(e.count)} in ${modules.join(", ")}`;
  const message = main.brand ? `Link to "${score.domain}" ${headline(main)}: ${where}` : `Link to "${score.domain}" ${main.text} (${where})`;
  return finding(score.level ?? "LOW", message, event, e.first_seen);
}

/** The cross-check. `brands`: a brand list or a compiled index (default: the shipped data/brands.json). */
export function lookalikeLinks(brands?: readonly Brand[] | BrandIndex): CrossCheck {
  const index: BrandIndex = brands === undefined ? defaultBrands() : Array.isArray(brands) ? compileBrands(brands as readonly Brand[]) : (brands as BrandIndex);
  const urlCache = new Map<string, Score | null>();
  const domains = new Map<string, Entry>();
  let dropped = 0;

  // Verdicts by host for links of the usual shape (simpleUrlHost), so most links skip URL parsing altogether.
  const hostCache = new Map<string, Score>();
  const score = (raw: string): Score | null => {
    // By host first: most links of a phone are new URLs to hosts seen before (an article each), which the URL cache
    // never holds; both caches hold the scorer's verdict for the host, so the order changes no answer.
    const host = simpleUrlHost(raw);
    const known = host !== undefined ? hostCache.get(host) : undefined;
    if (known) return known;
    let s = urlCache.get(raw);
    if (s !== undefined) return s;
    const n = normalizeUrl(raw);
    s = n ? scoreDomain(n, index) : null;
    // A shortener's verdict depends on the path (goo.gl/maps is not one): shortener hosts are not kept by host.
    if (s && host !== undefined && n!.host === host && shortenerOf(`https://${host}/`) === undefined) {
      if (hostCache.size >= URL_CACHE_MAX) hostCache.clear();
      hostCache.set(host, s);
    }
    if (raw.length <= URL_CACHE_KEY_MAX) {
      if (urlCache.size >= URL_CACHE_MAX) urlCache.clear();
      urlCache.set(raw, s);
    }
    return s;
  };

  return {
    id: "links",
    seesDeleted: true, // a lookalike link someone deleted from a message is still one the phone received
    note(def: AnyArtifact, record: unknown): Sighting[] | undefined {
      let values: Iterable<string>;
      try {
        values = [...urlValues(def, record)];
      } catch {
        return undefined; // a module's value getter choking on an odd record must not stop the scan
      }
      let out: Sighting[] | undefined;
      for (const url of values) {
        const s = score(url);
        if (s?.level) (out ??= []).push({ url, score: s, time: timeOf(record) }); // LOW notes too (shortener, IP)
      }
      return out;
    },
    take(def: AnyArtifact, note: unknown): void {
      for (const { url, score: s, time } of note as Sighting[]) {
        let e = domains.get(s.domain);
        if (!e) {
          if (domains.size >= MAX_DOMAINS) {
            dropped++;
            continue;
          }
          domains.set(s.domain, (e = { url, score: s, modules: new Set(), count: 0, first_seen: "" }));
        }
        e.count++;
        e.modules.add(def.mvt);
        if (time && (!e.first_seen || time < e.first_seen)) e.first_seen = time;
      }
    },
    finish(ctx: CrossCheckContext): Finding[] {
      const out: Finding[] = [];
      for (const e of domains.values()) {
        if (ctx.indicators?.match("url", e.url)) continue; // the indicator alert already says more
        out.push(toFinding(e));
      }
      // Strongest first (HIGH, MEDIUM, LOW); within a level, the order links were first seen (a stable sort).
      out.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]);
      if (dropped) {
        const what = `${dropped.toLocaleString("en-US")} more link${dropped === 1 ? "" : "s"} to other suspicious domains`;
        out.push(finding("INFORMATIONAL", `Stopped tracking new suspicious link domains after ${MAX_DOMAINS.toLocaleString("en-US")} (a memory bound): ${what} not reported`, { dropped }));
      }
      return out;
    },
  };
}
