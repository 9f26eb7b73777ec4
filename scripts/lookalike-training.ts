/**
 * Shared by scripts/train-lookalike-model.ts and scripts/lookalike-loso.ts (issue 13, learned combination): the
 * labelled samples with their rules' verdict and signals, a deterministic L2 logistic regression (Newton's method on
 * standardised signals, fixed iterations, no randomness), the threshold choice, and the figures.
 */
import { readdirSync, readFileSync } from "node:fs";
import { compileBrands, rulesScore, type BrandIndex } from "../src/checks/lookalike.ts";
import { loadUniverse } from "../src/checks/lookalike-universe.ts";
import { deriveUniverse, readRanking } from "../src/checks/lookalike-universe-build.ts";
import { measurable, SIGNAL_NAMES, signalsOf, type Signals } from "./lookalike-signals.ts";
import { modelChecksum, modelProbability, type LookalikeModel } from "./lookalike-model.ts";
import { normalizeUrl } from "../src/checks/url-normalize.ts";

export const DATA = new URL("../test/data/", import.meta.url).pathname;
const RANKING = new URL("../../shared/data/popular-domains/popular-domains.csv", import.meta.url).pathname;

/** One domain: its label, the rules' verdict, and its signals when the rules judged it and the model may (else it never runs). */
export interface Sample {
  readonly domain: string;
  readonly positive: boolean;
  readonly technique: string;
  readonly rules: boolean;
  readonly signals?: Signals;
}
export interface SampleSet {
  readonly name: string;
  readonly samples: readonly Sample[];
}

const lines = (file: string) => readFileSync(DATA + file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));

/** Set by --all-hosts (scripts/lookalike-loso.ts): the model also judges subdomains and free hosts' tenants. */
let allHosts = false;
export const judgeAllHosts = (on: boolean) => void (allHosts = on);

function sample(domain: string, positive: boolean, technique: string, index: BrandIndex): Sample {
  const n = normalizeUrl(domain);
  if (!n) return { domain, positive, technique, rules: false };
  const { score, label, reasons } = rulesScore(index, n);
  const signals = label !== undefined && index.universe && (allHosts || measurable(n)) ? signalsOf(index.universe, n, label, reasons) : undefined;
  return { domain, positive, technique, rules: score.suspicious, ...(signals && { signals }) };
}

let shipped: BrandIndex | undefined;
/** A legitimate domain outside the sets, judged as the sets are (the shipped universe). */
export const sampleOf = (domain: string): Sample => sample(domain, false, "probe", (shipped ??= compileBrands()));

/**
 * Every labelled set of test/data, in file-name order (an eighth blind pair, if one appears, is never read: only the
 * sets named here are), scored with the shipped universe; and the held-out ranks 50,001–100,000 in five samples
 * (i % 5: A 0, B 2, C 4 for training; D 1, E 3 for evaluation only) against a universe of ranks 1–50,000.
 */
export function loadSets(): { labelled: SampleSet[]; legit: SampleSet[]; ranks: Record<"A" | "B" | "C" | "D" | "E", SampleSet> } {
  const rulesOnly = compileBrands();
  const files = readdirSync(DATA).sort();
  const allowed = (f: string) => !/reports(?:[89]|\d\d)\.txt$|brandlike-(?:[89]|\d\d)\.txt$/.test(f);
  const labelled = files.filter((f) => /^impersonation-.*\.txt$/.test(f) && allowed(f)).map((f) => ({
    name: f,
    samples: lines(f).map((l) => {
      const [domain, , technique] = l.split(/\s+/) as [string, string, string];
      return sample(domain, true, technique, rulesOnly);
    }),
  }));
  const legit = files.filter((f) => /^legit-.*\.txt$/.test(f) && allowed(f)).map((f) => ({ name: f, samples: lines(f).map((d) => sample(d, false, "legit", rulesOnly)) }));
  const rows = readRanking(readFileSync(RANKING, "utf8"));
  const derived = deriveUniverse(rows.filter(([r]) => r <= 50_000));
  const half = compileBrands(undefined, loadUniverse(derived.namesText, derived.hashes));
  const rank = (k: number, name: string): SampleSet => ({
    name,
    samples: rows.filter(([r], i) => r > 50_000 && i % 5 === k).map(([, d]) => sample(d, false, "rank", half)),
  });
  return { labelled, legit, ranks: { A: rank(0, "ranks A"), B: rank(2, "ranks B"), C: rank(4, "ranks C"), D: rank(1, "ranks D"), E: rank(3, "ranks E") } };
}

export interface TrainOptions {
  /** L2 penalty on the standardised weights. */
  readonly l2: number;
  /** Newton iterations (fixed: the result does not depend on a convergence test). */
  readonly iterations: number;
  /** Weight of a legitimate brand-like sample against a ranked one (they are the hard negatives). */
  readonly legitWeight: number;
  /** The share of the training ranks the model may flag on top of the rules. */
  readonly addedBudget: number;
}
export const DEFAULTS: TrainOptions = { l2: 1, iterations: 25, legitWeight: 5, addedBudget: 0.0008 };

/** Solves A·x = b (A symmetric positive definite, n ≤ ~50) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/** Positives weighed to match the negatives' total: the threshold, not the prior, sets the false-positive rate. */
export function train(positives: readonly Sample[], legit: readonly Sample[], ranks: readonly Sample[], o: TrainOptions = DEFAULTS): { weights: number[]; bias: number } {
  const rows: [Float64Array, number, number][] = [];
  const neg = legit.length * o.legitWeight + ranks.length;
  for (const s of positives) if (s.signals) rows.push([s.signals.x, 1, neg / positives.length]);
  for (const s of legit) if (s.signals) rows.push([s.signals.x, 0, o.legitWeight]);
  for (const s of ranks) if (s.signals) rows.push([s.signals.x, 0, 1]);
  const d = SIGNAL_NAMES.length;
  // One L2 penalty for every signal on the standardised scale (sd 1): on the raw signals, the penalty of signal j is
  // weighted by its variance, which is the same optimum, and keeps the sums sparse (most signals are 0).
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  let total = 0;
  for (const [x, , w] of rows) { total += w; for (let j = 0; j < d; j++) mean[j]! += w * x[j]!; }
  for (let j = 0; j < d; j++) mean[j]! /= total;
  for (const [x, , w] of rows) for (let j = 0; j < d; j++) sd[j]! += w * (x[j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]! / total) || 1;
  const penalty = sd.map((s) => o.l2 * (total / rows.length) * s * s); // per sample weight: the same for any set size
  const beta = new Array<number>(d + 1).fill(0); // the last one is the bias
  const nz = rows.map(([x]) => [...x.keys()].filter((j) => x[j] !== 0).concat(d));
  for (let it = 0; it < o.iterations; it++) {
    const g = beta.map((b, j) => (j < d ? penalty[j]! * b : 0));
    const h = beta.map((_, i) => beta.map((_, j) => (i === j && i < d ? penalty[i]! : 0)));
    rows.forEach(([x, y, w], k) => {
      const at = nz[k]!;
      const val = (j: number) => (j === d ? 1 : x[j]!);
      let s = 0;
      for (const j of at) s += beta[j]! * val(j);
      const p = 1 / (1 + Math.exp(-s));
      const r = w * (p - y);
      const v = w * p * (1 - p);
      for (const i of at) {
        g[i]! += r * val(i);
        const hi = h[i]!;
        for (const j of at) hi[j]! += v * val(i) * val(j);
      }
    });
    const step = solve(h, g);
    for (let j = 0; j <= d; j++) beta[j]! -= step[j]!;
  }
  return { weights: beta.slice(0, d), bias: beta[d]! };
}

/** What the figures need of a model: a score per signal vector and the threshold it flags at. */
export interface Scorer {
  readonly threshold: number;
  score(x: Float64Array): number;
}
export const scorerOf = (m: LookalikeModel): Scorer => ({ threshold: m.threshold, score: (x) => modelProbability(m, x) });

/** Whether a sample is flagged by the model alone (a score at or above the threshold, and a name to show). */
export const modelHit = (m: Scorer, s: Sample) => !!s.signals?.brand && m.score(s.signals.x) >= m.threshold;

/**
 * The lowest threshold at which the model, on top of the rules, flags at most `budget` of the training ranks (ties
 * included: the threshold sits just above the first score that would break the budget).
 */
export function chooseThreshold(score: (x: Float64Array) => number, ranks: readonly Sample[], budget: number): number {
  const scores = ranks.filter((s) => !s.rules && s.signals?.brand).map((s) => score(s.signals!.x)).sort((a, b) => b - a);
  const allowed = Math.floor(budget * ranks.length);
  const at = scores[allowed];
  return at === undefined ? 0.5 : Math.min(1, at + 1e-9);
}

/** A model from training samples, ready to ship (weights rounded to 6 digits, its checksum written). */
export function fit(positives: readonly Sample[], legit: readonly Sample[], ranks: readonly Sample[], data: string, o: TrainOptions = DEFAULTS): LookalikeModel {
  const { weights, bias } = train(positives, legit, ranks, o);
  const r = (v: number) => Number(v.toPrecision(6));
  const base = { trained: new Date().toISOString().slice(0, 10), data, features: [...SIGNAL_NAMES], weights: weights.map(r), bias: r(bias) };
  const threshold = r(chooseThreshold((x) => modelProbability({ ...base, threshold: 1 }, x), ranks, o.addedBudget));
  const m: LookalikeModel = { ...base, threshold };
  return { ...m, checksum: modelChecksum(m) };
}

export type Mode = "rules" | "rules+model" | "model";
/** Whether a sample is flagged in a mode. */
export function flaggedIn(mode: Mode, m: Scorer, s: Sample): boolean {
  if (mode === "rules") return s.rules;
  if (mode === "model") return modelHit(m, s);
  return s.rules || modelHit(m, s);
}
