/** The JSON-safe things the engine emits: timeline events, alerts, URLs, warnings. */
import type { IndicatorMatch } from "../indicators/types.ts";

export type AlertLevel = "INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
export const ALERT_LEVELS: readonly AlertLevel[] = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
export const LEVEL_RANK: Record<AlertLevel, number> = { INFORMATIONAL: 0, LOW: 10, MEDIUM: 20, HIGH: 30, CRITICAL: 40 };

/** One timeline row; `module` is MVT's class name (the "Plugin" column). */
export interface TimelineEvent {
  readonly timestamp: string;
  readonly module: string;
  readonly event: string;
  readonly data: string;
}

/** An alert in MVT v3's serialized shape. `module` is the slug. */
export interface Alert {
  readonly level: AlertLevel;
  readonly module: string;
  readonly message: string;
  readonly event_time: string;
  readonly event: unknown;
  readonly matched_indicator: IndicatorMatch | null;
}

/** A URL found in a message (urls.json). */
export interface UrlEntry {
  readonly url: string;
  readonly expanded_url: string | null;
  readonly timestamp: string;
  readonly source: string;
}

export interface Warning {
  readonly module: string;
  readonly file: string;
  readonly message: string;
}

/** What a heuristic or check returns: an alert without the module (the engine adds it). */
export type Finding = Omit<Alert, "module" | "matched_indicator" | "event_time"> & {
  readonly event_time?: string;
  readonly matched_indicator?: IndicatorMatch | null;
};

/** Builds a timeline event (a missing timestamp becomes "", which sorts first, as MVT). */
export function ev(timestamp: string | null | undefined, event: string, data: string): Omit<TimelineEvent, "module"> {
  return { timestamp: timestamp ?? "", event, data };
}
