/** info.json: MVT's keys (target_path, mvt_version, date, ioc_files, hashes) plus what Spyglass adds. */
import { fromDate } from "../core/time.ts";

export const MVT_FORMAT_VERSION = "2026.7.29";

export interface RunInfo {
  target_path: string;
  command: string;
  spyglass_version: string;
  started: Date;
  ended: Date;
  ioc_files: { file_path: string; sha256: string }[];
  hashes: { file_path: string; sha256: string }[];
  device: Record<string, unknown>;
  warnings: { module: string; file: string; message: string }[];
  /** Per module: records, timeline events, alerts, warnings (the report reads these instead of recounting). */
  modules?: { module: string; name: string; records: number; timeline: number; alerts: number; warnings: number }[];
  /** Table ranges parsed on worker threads, and those redone on the main thread after a worker failed. */
  threads?: { jobs: number; redone_on_main_thread: number };
  /** The indicator set's date and the patterns it could not use (Spyglass only; MVT has no such key). */
  indicators?: Record<string, unknown>;
}

export function infoJson(r: RunInfo): Record<string, unknown> {
  return {
    target_path: r.target_path,
    mvt_version: MVT_FORMAT_VERSION,
    date: fromDate(r.ended),
    ioc_files: r.ioc_files.map((f) => f.file_path),
    hashes: r.hashes,
    spyglass_version: r.spyglass_version,
    command: r.command,
    start_time: fromDate(r.started),
    end_time: fromDate(r.ended),
    ioc_file_hashes: r.ioc_files,
    device: r.device,
    warnings: r.warnings,
    ...(r.modules ? { modules: r.modules } : {}),
    ...(r.threads ? { threads: r.threads } : {}),
    ...(r.indicators ? { indicators: r.indicators } : {}),
  };
}
