/**
 * Issue 13, learned combination, TRIED AND NOT WIRED: an L2 logistic regression over the signals of
 * lookalike-signals.ts, trained by scripts/train-lookalike-model.ts (deterministic) into scripts/lookalike-model.json and
 * measured leave-one-set-out by scripts/lookalike-loso.ts. On the registrable names the held-out ranks can measure it
 * gained 1.6 points of recall on the left-out blind sets for 0.13% more false positives (README, "learned
 * combination, tried"), so the scanner does not use it; this module serves the scripts and the test that keeps the
 * file in step with the signals.
 */
import MODEL_JSON from "./lookalike-model.json" with { type: "json" };
import { domainHash } from "../src/checks/lookalike-hash.ts";
import { SIGNAL_NAMES, type Signals } from "./lookalike-signals.ts";

export interface LookalikeModel {
  /** When and from what it was trained (for the reader of the file). */
  readonly trained: string;
  readonly data: string;
  /** The signals' names, in the order of `weights`: must equal SIGNAL_NAMES. */
  readonly features: readonly string[];
  /** Weights on the raw signals (the training's standardisation folded in). */
  readonly weights: readonly number[];
  readonly bias: number;
  /** A score at or above it flags. */
  readonly threshold: number;
  /** modelChecksum() of the fields above, written by the training script. */
  readonly checksum?: string;
}

/** A hash of the features, weights, bias and threshold: the file was not edited by hand since it was trained. */
export function modelChecksum(m: LookalikeModel): string {
  return domainHash(JSON.stringify([m.features, m.weights, m.bias, m.threshold])).toString(16).padStart(8, "0");
}

let trained: LookalikeModel | undefined;
/** The trained model, checked once: a file whose features differ from the code's is refused, not misread. */
export function trainedModel(): LookalikeModel {
  if (!trained) {
    const m = MODEL_JSON as LookalikeModel;
    if (m.features.join(",") !== SIGNAL_NAMES.join(",") || m.weights.length !== SIGNAL_NAMES.length) throw new Error("scripts/lookalike-model.json: features differ from lookalike-signals.ts");
    trained = m;
  }
  return trained;
}

/** The model's probability that a host's signals are an impersonation's. */
export function modelProbability(m: LookalikeModel, x: Float64Array): number {
  let z = m.bias;
  for (let i = 0; i < x.length; i++) z += m.weights[i]! * x[i]!;
  return 1 / (1 + Math.exp(-z));
}

/** Whether the model flags these signals: its score at or above the threshold, and a popular name to name. */
export const modelFlags = (m: LookalikeModel, s: Signals): boolean => !!s.brand && modelProbability(m, s.x) >= m.threshold;
