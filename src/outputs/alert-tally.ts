/**
 * What the end of a check says about its alerts, kept as they stream by: counts per level and the first detections
 * (the verdict accumulates in the report's AlertDigester). Memory does not grow with the number of alerts.
 */
import { ALERT_LEVELS, type Alert, type AlertLevel } from "../core/events.ts";
import type { ScanSink } from "../core/sink.ts";

/** Detections listed by the summary (all are in alerts.json and report.html). */
export const MAX_LISTED_DETECTIONS = 100;

export interface AlertTally {
  readonly sink: ScanSink;
  readonly byLevel: Record<AlertLevel, number>;
  /** The first MAX_LISTED_DETECTIONS detections, in run order. */
  readonly detections: Alert[];
  /** How many there were in all. */
  detectionsTotal(): number;
}

export function alertTally(isDetection: (a: Alert) => boolean): AlertTally {
  const byLevel = Object.fromEntries(ALERT_LEVELS.map((l) => [l, 0])) as Record<AlertLevel, number>;
  const detections: Alert[] = [];
  let total = 0;
  return {
    byLevel,
    detections,
    detectionsTotal: () => total,
    sink: {
      alert(a) {
        if (a.level in byLevel) byLevel[a.level]++;
        if (!isDetection(a)) return;
        if (total++ < MAX_LISTED_DETECTIONS) detections.push(a);
      },
    },
  };
}
