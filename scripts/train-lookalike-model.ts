/**
 * Trains the lookalike check's learned combination (issue 13) and writes scripts/lookalike-model.json: an L2 logistic
 * regression over lookalike-signals.ts, from every labelled impersonation set of test/data (positives), every
 * legitimate set and held-out ranks A, B, C (negatives; D and E are kept for evaluation), deterministic (fixed order,
 * fixed iterations, no randomness). The threshold lets the model flag at most 0.08% of the training ranks on top of
 * the rules (whose own false positives there are 0.86%), so that rules OR model stay under 1% (scripts/lookalike-loso.ts).
 * Run:  node --import tsx scripts/train-lookalike-model.ts
 */
import { writeFileSync } from "node:fs";
import { fit, flaggedIn, loadSets, scorerOf } from "./lookalike-training.ts";

const OUT = new URL("./lookalike-model.json", import.meta.url).pathname;
const { labelled, legit, ranks } = loadSets();
const train = [...ranks.A.samples, ...ranks.B.samples, ...ranks.C.samples];
const data = `positives: ${labelled.map((s) => s.name).join(" ")}; negatives: ${legit.map((s) => s.name).join(" ")}, held-out ranks 50,001–100,000 samples A, B, C (i % 5 in 0, 2, 4) against a 1–50,000 universe`;
const m = fit(labelled.flatMap((s) => s.samples), legit.flatMap((s) => s.samples), train, data);
writeFileSync(OUT, JSON.stringify(m, null, 1).replace(/\n\s+(-?[\d.e-]+|"[^"]*")(?=,?\n)/g, " $1") + "\n");
const evalRanks = [...ranks.D.samples, ...ranks.E.samples];
const n = (s: readonly Parameters<typeof flaggedIn>[2][], mode: Parameters<typeof flaggedIn>[0] = "rules+model") => s.filter((x) => flaggedIn(mode, scorerOf(m), x)).length;
console.log(`${OUT}: threshold ${m.threshold}, checksum ${m.checksum}`);
console.log(`training ranks: rules ${n(train, "rules")}, rules+model ${n(train)} of ${train.length}; ranks D+E: rules ${n(evalRanks, "rules")}, rules+model ${n(evalRanks)} of ${evalRanks.length}`);
for (const [i, f] of m.features.entries()) console.log(`  ${f.padEnd(20)} ${m.weights[i]}`);
