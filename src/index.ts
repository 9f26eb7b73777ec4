/**
 * Spyglass's browser-safe public API (package export "."): the engine (src/core), and one level up what sits on it:
 * the iOS backup input, indicators, the artifact table, the MVT results sink. Re-exports only.
 */
export * from "./core/index.ts";
export { openIosBackup, locateBackup } from "./inputs/ios-backup.ts";
export { compileIndicators } from "./indicators/compile.ts";
export { parseStix2Bundle } from "./indicators/stix2.ts";
export { ARTIFACTS } from "./artifacts/index.ts";
export { mvtFolderSink } from "./outputs/mvt-folder.ts";
