/** The browser host's public surface: the worker's protocol, evidence over Files, the host, and one analysis. */
export type { EvidenceInput, FromWorker, IndicatorInput, Outcome, ToWorker } from "./protocol.ts";
export { blobFile, filesDir } from "./blob-source.ts";
export { browserHost, hashFiles } from "./host.ts";
export { browserIndicators } from "./indicators.ts";
export { analyse, NeedPassword, type Analysis } from "./analyse.ts";
