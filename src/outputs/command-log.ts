/**
 * command.log in MVT's line format (`<YYYY-MM-DD HH:MM:SS,mmm> - <logger> - <LEVEL> - <message>`): modules run,
 * their counts, every alert at its level and every warning, so a results folder reads like MVT's.
 */
import type { AlertLevel } from "../core/events.ts";
import type { OutputWriter } from "../core/host.ts";
import { terminalSafe } from "./terminal-safe.ts";
import type { ScanSink } from "../core/sink.ts";

// MVT logs alerts at custom levels whose names appear as INFO, LOW, MEDIUM, HIGH, CRITICAL.
const LOG_LEVEL: Record<AlertLevel, string> = { INFORMATIONAL: "INFO", LOW: "LOW", MEDIUM: "MEDIUM", HIGH: "HIGH", CRITICAL: "CRITICAL" };

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())},${p(d.getUTCMilliseconds(), 3)}`;
}

export function commandLogSink(out: OutputWriter, now: () => Date = () => new Date()): ScanSink & { line(logger: string, level: string, message: string): void } {
  // One entry a line: a line break in a message is a space (as before); other control characters are escaped.
  const line = (logger: string, level: string, message: string) => out.write(`${stamp(now())} - ${logger} - ${level} - ${terminalSafe(message.replace(/\n/g, " "))}\n`);
  return {
    line,
    moduleBegin: (m) => line(`spyglass.${m.slug}`, "INFO", `Running module ${m.mvt}...`),
    alert: (a) => line(`spyglass.${a.module}`, LOG_LEVEL[a.level], a.message),
    warning: (w) => line(`spyglass.${w.module}`, "WARNING", w.file ? `${w.file}: ${w.message}` : w.message),
    moduleEnd: (m, st) => line(`spyglass.${m.slug}`, "INFO", `${m.mvt}: ${st.records} records, ${st.timeline} timeline events, ${st.alerts} alerts in ${st.ms} ms`),
  };
}
