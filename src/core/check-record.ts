/** Indicator checks and heuristics of one record: shared by a scan and by check-iocs on saved results. */
import type { AnyArtifact } from "./artifact.ts";
import type { Alert, AlertLevel, Finding } from "./events.ts";
import type { IndicatorSet, CheckKind } from "../indicators/types.ts";
import { fullRecord } from "./raw-json.ts";

const KIND_WORDS: Record<CheckKind, string> = {
  url: "domain or URL",
  domain: "domain",
  email: "email address",
  process: "process name",
  file_name: "file name",
  file_path: "file path",
  process_in_path: "process name in a path",
  hash: "file hash",
  app_id: "app id",
  cert_hash: "certificate hash",
  profile_id: "configuration profile",
  property: "system property",
};

/** The non-empty strings of a value, a list or nested lists, in order. */
function flat(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    if (value !== "") out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) flat(v, out);
  }
  return out;
}

/**
 * The first indicator match of a record, as an alert. A shortened link, whose destination cannot be checked offline, is
 * no alert of its own here: one per record made 49,956 alerts of 10^6 messages. The "links" cross check reports each
 * shortener once, with how often and where it appeared (checks/lookalike-links.ts).
 */
export function matchRecord(def: AnyArtifact, record: unknown, set: IndicatorSet): Alert[] {
  const checks = def.indicators ?? [];
  // Index loops and no iterators: this runs for every record of every module.
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i]!;
    const values = flat(check.values(record));
    for (let j = 0; j < values.length; j++) {
      const value = values[j]!;
      const match = set.match(check.kind, value);
      if (match) {
        const message = def.matchMessage
          ? def.matchMessage(record, value)
          : `Found a known ${KIND_WORDS[check.kind]} "${match.value}" of ${match.name} in ${def.mvt}: ${value}`;
        return [
          {
            level: check.level ?? "CRITICAL",
            module: def.slug,
            message,
            event_time: def.matchTime?.(record) ?? "",
            event: fullRecord(record),
            matched_indicator: match,
          },
        ];
      }
    }
  }
  return [];
}

type HeuristicContext = Parameters<NonNullable<AnyArtifact["heuristics"]>[number]>[1];
const NO_INDICATORS: HeuristicContext = { indicatorsLoaded: false, match: undefined };
// One context per indicator set, not one per record.
const contexts = new WeakMap<IndicatorSet, HeuristicContext>();
function heuristicContext(set: IndicatorSet | undefined): HeuristicContext {
  if (!set) return NO_INDICATORS;
  let ctx = contexts.get(set);
  if (!ctx) contexts.set(set, (ctx = { indicatorsLoaded: set.total > 0, match: (k: CheckKind, v: string) => set.match(k, v) }));
  return ctx;
}

/** Runs a module's record heuristics. */
export function heuristicAlerts(def: AnyArtifact, record: unknown, set: IndicatorSet | undefined): Alert[] {
  const out: Alert[] = [];
  const ctx = heuristicContext(set);
  for (const h of def.heuristics ?? []) {
    const res = h(record, ctx);
    if (!res) continue;
    for (const f of (Array.isArray(res) ? res : [res]) as Finding[]) out.push(toAlert(def.slug, f));
  }
  return out;
}

export function toAlert(slug: string, f: Finding): Alert {
  return {
    level: f.level,
    module: slug,
    message: f.message,
    event_time: f.event_time ?? "",
    event: fullRecord(f.event),
    matched_indicator: f.matched_indicator ?? null,
  };
}

export function finding(level: AlertLevel, message: string, event: unknown, event_time = ""): Finding {
  return { level, message, event, event_time };
}
