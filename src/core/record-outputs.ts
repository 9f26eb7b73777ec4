/** What one record gives besides itself: timeline events, alerts, URLs. Shared by a scan and by chunk workers. */
import type { AnyArtifact } from "./artifact.ts";
import type { Alert, TimelineEvent, UrlEntry } from "./events.ts";
import type { IndicatorSet } from "../indicators/types.ts";
import { heuristicAlerts, matchRecord } from "./check-record.ts";

// Arrays, not generators: these run for every record.
export function timelineOf(def: AnyArtifact, record: unknown): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  if (def.timeline) for (const e of def.timeline(record)) if (e) out.push({ timestamp: e.timestamp, module: def.mvt, event: e.event, data: e.data });
  return out;
}

/** Indicator alerts (only with indicators loaded), then heuristic alerts. */
export function alertsOf(def: AnyArtifact, record: unknown, indicators: IndicatorSet | undefined): Alert[] {
  const loaded = !!indicators && indicators.total > 0;
  const found = loaded && def.indicators ? matchRecord(def, record, indicators) : [];
  if (!def.heuristics) return found;
  const more = heuristicAlerts(def, record, loaded ? indicators : undefined);
  return found.length ? found.concat(more) : more;
}

export function urlsOf(def: AnyArtifact, record: unknown): UrlEntry[] {
  const out: UrlEntry[] = [];
  if (def.urls) for (const u of def.urls(record)) out.push({ url: u.url, expanded_url: null, timestamp: u.timestamp, source: def.urlSource ?? def.slug });
  return out;
}
