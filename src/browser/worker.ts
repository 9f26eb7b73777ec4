/**
 * The analysis worker the page starts (protocol.ts): one run per "start", links checked on "check-link". Cancel is
 * the page terminating the worker, which then cannot clean up: a run writes into its own folder of the
 * origin-private file system, and the next start removes every earlier run's folder (opfs-output.ts).
 */
/// <reference lib="webworker" />
import pkg from "../../package.json" with { type: "json" };
import { SpyglassError } from "../core/errors.ts";
import type { LoadedIndicators } from "../run/indicators.ts";
import { judgeLink } from "../run/link.ts";
import { analyse, NeedPassword } from "./analyse.ts";
import { sentence } from "./sentence.ts";
import { browserIndicators } from "./indicators.ts";
import { newRunFolder, opfsRoot } from "./opfs-output.ts";
import { type FromWorker, type IndicatorInput, type ToWorker } from "./protocol.ts";

const scope = globalThis as unknown as { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

/** The last indicators compiled, by the texts they came from (a link check reuses the run's). */
let compiled: { inputs: readonly IndicatorInput[]; loaded: LoadedIndicators | undefined } | undefined;

function indicatorsFor(inputs: readonly IndicatorInput[] | undefined): LoadedIndicators | undefined {
  if (!inputs) return compiled?.loaded;
  if (compiled?.inputs !== inputs) compiled = { inputs, loaded: browserIndicators(inputs) };
  return compiled.loaded;
}

async function start(m: Extract<ToWorker, { type: "start" }>): Promise<void> {
  try {
    const root = await opfsRoot();
    const runFolder = root && (await newRunFolder(root));
    if (runFolder) post({ type: "run-folder", name: runFolder.name });
    const a = await analyse({ evidence: m.evidence, indicators: indicatorsFor(m.indicators), password: m.password, post, version: pkg.version, runFolder });
    const warnings = a.run.warnings.map((w) => `${w.file ? `${w.file}: ` : ""}${w.message}`);
    const answer = { outcome: a.outcome, verdict: a.run.verdict, summaryText: a.summaryText, reportHtml: a.run.reportHtml, warnings };
    post({ type: "verdict", ...answer });
    post({ type: "done", ...answer, resultsBlob: await a.results(), resultsIn: runFolder ? "opfs" : "memory" });
  } catch (err) {
    if (err instanceof NeedPassword) post({ type: "need-password", what: err.what, wrong: err.wrong });
    else {
      if (!(err instanceof SpyglassError)) console.error(err); // the stack, for whoever opens the console
      post({ type: "error", message: sentence(err) });
    }
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === "start") void start(m);
  else if (m.type === "check-link") {
    try {
      const loaded = indicatorsFor(m.indicators);
      post({ type: "link-result", id: m.id, result: judgeLink(m.url, loaded?.set, loaded?.bundled ?? false) });
    } catch (err) {
      post({ type: "error", message: sentence(err) });
    }
  }
};
