/**
 * Writes test/data/lookalike-snapshot.tsv: the lookalike scorer's answers over a fixed set of inputs (see
 * test/helpers/lookalike-snapshot.ts), checked by test/lookalike-snapshot.test.ts so that speed work changes no
 * answer. Regenerate only when a rule changes on purpose, from the code whose answers are the reference.
 * Run:  node --import tsx scripts/gen-lookalike-snapshot.ts
 */
import { writeFileSync } from "node:fs";
import { snapshotLines } from "../test/helpers/lookalike-snapshot.ts";

const OUT = new URL("../test/data/lookalike-snapshot.tsv", import.meta.url).pathname;
const lines = snapshotLines();
writeFileSync(OUT, lines.join("\n") + "\n");
console.log(`${OUT}: ${lines[0]}`);
