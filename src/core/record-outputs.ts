/** What one record gives besides itself: timeline events, alerts, URLs. Shared by a scan and by chunk workers. */
import type { AnyArtifact } from "./artifact.ts";
import type { Alert, TimelineEvent, UrlEntry } from "./events.ts";
import type { IndicatorSet } from "../indicators/types.ts";
import { heuristicAlerts, matchRecord } from "./check-record.ts";

export function* timelineOf(def: AnyArtifact, record: unknown): Iterable<TimelineEvent> {
  if (!def.timeline) return;
  for (const e of def.timeline(record)) if (e) yield { timestamp: e.timestamp, module: def.mvt, event: e.event, data: e.data };
}

/** Indicator alerts (only with indicators loaded), then heuristic alerts. */
export function alertsOf(def: AnyArtifact, record: unknown, indicators: IndicatorSet | undefined): Alert[] {
  const loaded = !!indicators && indicators.total > 0;
  const found = loaded && def.indicators ? matchRecord(def, record, indicators) : [];
  return def.heuristics ? [...found, ...heuristicAlerts(def, record, loaded ? indicators : undefined)] : found;
}

export function* urlsOf(def: AnyArtifact, record: unknown): Iterable<UrlEntry> {
  if (!def.urls) return;
  for (const u of def.urls(record)) yield { url: u.url, expanded_url: null, timestamp: u.timestamp, source: def.urlSource ?? def.slug };
}
