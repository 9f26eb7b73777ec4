/** The browser-safe engine's API: re-exports only, from src/core alone (the package's public API is src/index.ts). */
export { defineArtifact } from "./artifact.ts";
export type { AnyArtifact, ArtifactDef, ArtifactInput, InputKind, ParseContext, Selector, Heuristic, HeuristicContext, IndicatorCheck } from "./artifact.ts";
export type { Acquisition } from "./acquisition.ts";
export { scan, runOrder } from "./scan.ts";
export type { ScanOptions, ScanResult, Progress } from "./scan.ts";
export type { ScanSink, ModuleInfo, ModuleStats } from "./sink.ts";
export { teeSinks } from "./sink.ts";
export type { CrossCheck, CrossCheckContext } from "./cross-check.ts";
export { urlValues } from "./cross-check.ts";
export type { Host, SqliteDb, OutputDir, OutputWriter, Scratch } from "./host.ts";
export type { SourceDir, SourceFile, SourceMeta } from "./source.ts";
export type { Alert, AlertLevel, TimelineEvent, UrlEntry, Warning, Finding } from "./events.ts";
export { ALERT_LEVELS, LEVEL_RANK } from "./events.ts";
export { SpyglassError } from "./errors.ts";
export type { ErrorCode } from "./errors.ts";
export { matchRecord, heuristicAlerts } from "./check-record.ts";
