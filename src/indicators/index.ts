// Public surface of the indicator engine (STIX2 parsing, compiled matching, shortener list): re-exports only.
export type * from "./types.ts";
export { parseStix2Bundle, parseStix2BundleDetailed, parseStixPattern, bucketOfKey, PatternError } from "./stix2.ts";
export type { Stix2File, Stix2ParseResult, SkippedPattern, Comparison } from "./stix2.ts";
export { compileIndicators, parseUrlHost } from "./compile.ts";
export type { UrlHost } from "./compile.ts";
export { loadIndicatorTexts, parseIndicatorText } from "./load.ts";
export { parseStalkerwareYaml, STALKERWARE_SUFFIX } from "./stalkerware.ts";
export { parseManifest } from "./manifest.ts";
export type { IndicatorManifest, ManifestBundle } from "./manifest.ts";
export type { UnusableKind } from "./unusable.ts";
export type { IndicatorText, LoadedIndicators } from "./load.ts";
export { SHORTENER_DOMAINS, shortenerOf } from "./shorteners.ts";
