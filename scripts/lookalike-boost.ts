/**
 * The nonlinear alternative to the logistic regression (issue 13, learned combination): gradient-boosted trees of
 * depth 2 over the same signals (logistic loss, Newton leaf values with an L2 penalty, fixed number of trees and
 * learning rate, thresholds from each signal's own values: deterministic). Depth 2 lets it combine two signals
 * ("a name inside" AND "an abused ending") where the regression can only add them. Used by
 * `scripts/lookalike-loso.ts --trees` to compare; not shipped.
 */
import { SIGNAL_NAMES } from "./lookalike-signals.ts";
import { chooseThreshold, DEFAULTS, type Sample, type Scorer, type TrainOptions } from "./lookalike-training.ts";

interface Tree { f: number; t: number; left: Leafish; right: Leafish }
type Leafish = number | { f: number; t: number; left: number; right: number };
const TREES = 200;
const RATE = 0.1;
const LAMBDA = 5;
const MIN_HESSIAN = 2;
const MAX_CUTS = 16;

const leafValue = (g: number, h: number) => -g / (h + LAMBDA);
const gain = (g: number, h: number) => (g * g) / (h + LAMBDA);

/** Candidate cuts per signal: up to MAX_CUTS midpoints between its distinct values. */
function cutsOf(xs: readonly Float64Array[], d: number): number[][] {
  return Array.from({ length: d }, (_, j) => {
    const v = [...new Set(xs.map((x) => x[j]!))].sort((a, b) => a - b);
    const mids = v.slice(1).map((b, i) => (v[i]! + b) / 2);
    if (mids.length <= MAX_CUTS) return mids;
    return Array.from({ length: MAX_CUTS }, (_, k) => mids[Math.floor(((k + 0.5) * mids.length) / MAX_CUTS)]!);
  });
}

/** The best split of the rows `at` (x[f] < t goes left), or none that gains. */
function bestSplit(xs: readonly Float64Array[], g: Float64Array, h: Float64Array, at: readonly number[], cuts: number[][]): { f: number; t: number; l: number[]; r: number[] } | undefined {
  let G = 0, H = 0;
  for (const i of at) (G += g[i]!), (H += h[i]!);
  let best: { f: number; t: number; score: number } | undefined;
  for (let f = 0; f < cuts.length; f++) {
    const c = cuts[f]!;
    if (!c.length) continue;
    const gl = new Float64Array(c.length + 1), hl = new Float64Array(c.length + 1);
    for (const i of at) {
      const v = xs[i]![f]!;
      let k = 0;
      while (k < c.length && v >= c[k]!) k++;
      gl[k]! += g[i]!, hl[k]! += h[i]!;
    }
    let sg = 0, sh = 0;
    for (let k = 0; k < c.length; k++) {
      sg += gl[k]!, sh += hl[k]!;
      if (sh < MIN_HESSIAN || H - sh < MIN_HESSIAN) continue;
      const score = gain(sg, sh) + gain(G - sg, H - sh) - gain(G, H);
      if (score > 1e-9 && (!best || score > best.score)) best = { f, t: c[k]!, score };
    }
  }
  if (!best) return undefined;
  const l: number[] = [], r: number[] = [];
  for (const i of at) (xs[i]![best.f]! < best.t ? l : r).push(i);
  return { f: best.f, t: best.t, l, r };
}

function leafOf(g: Float64Array, h: Float64Array, at: readonly number[]): number {
  let G = 0, H = 0;
  for (const i of at) (G += g[i]!), (H += h[i]!);
  return RATE * leafValue(G, H);
}

const predictNode = (n: Leafish, x: Float64Array): number => (typeof n === "number" ? n : x[n.f]! < n.t ? n.left : n.right);
const predict = (trees: readonly Tree[], base: number, x: Float64Array) => trees.reduce((s, t) => s + predictNode(x[t.f]! < t.t ? t.left : t.right, x), base);

/** Boosted depth-2 trees, weighed and thresholded as the regression is (lookalike-training.ts). */
export function fitTrees(positives: readonly Sample[], legit: readonly Sample[], ranks: readonly Sample[], o: TrainOptions = DEFAULTS): Scorer {
  const xs: Float64Array[] = [], ys: number[] = [], ws: number[] = [];
  const neg = legit.length * o.legitWeight + ranks.length;
  const add = (s: readonly Sample[], y: number, w: number) => { for (const x of s) if (x.signals) xs.push(x.signals.x), ys.push(y), ws.push(w); };
  add(positives, 1, neg / positives.length), add(legit, 0, o.legitWeight), add(ranks, 0, 1);
  const cuts = cutsOf(xs, SIGNAL_NAMES.length);
  const all = xs.map((_, i) => i);
  const trees: Tree[] = [];
  const f = new Float64Array(xs.length);
  const g = new Float64Array(xs.length), h = new Float64Array(xs.length);
  for (let k = 0; k < TREES; k++) {
    for (let i = 0; i < xs.length; i++) {
      const p = 1 / (1 + Math.exp(-f[i]!));
      g[i] = ws[i]! * (p - ys[i]!), h[i] = ws[i]! * p * (1 - p);
    }
    const root = bestSplit(xs, g, h, all, cuts);
    if (!root) break;
    const side = (at: number[]): Leafish => {
      const s = bestSplit(xs, g, h, at, cuts);
      return s ? { f: s.f, t: s.t, left: leafOf(g, h, s.l), right: leafOf(g, h, s.r) } : leafOf(g, h, at);
    };
    const tree: Tree = { f: root.f, t: root.t, left: side(root.l), right: side(root.r) };
    trees.push(tree);
    for (let i = 0; i < xs.length; i++) f[i]! += predict([tree], 0, xs[i]!);
  }
  const score = (x: Float64Array) => 1 / (1 + Math.exp(-predict(trees, 0, x)));
  return { threshold: chooseThreshold(score, ranks, o.addedBudget), score };
}
