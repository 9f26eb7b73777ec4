/**
 * Writes data/indicators/parsed-indicators.cache: the bundled set's files already parsed (src/indicators/
 * parsed-cache.ts), so that a check does not parse ~7,500 STIX2 patterns at every start. Run after changing the
 * bundled set; a test says when it is stale (a stale cache is only slower: changed files are parsed again).
 * Run:  node --import tsx scripts/gen-indicator-cache.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLED_INDICATORS, parsedCacheOf, readSet } from "../src/node/indicator-store.ts";
import { PARSED_CACHE } from "../src/indicators/parsed-cache.ts";

const set = readSet(BUNDLED_INDICATORS)!;
const files = new Map(set.manifest.bundles.map((b) => [b.file, readFileSync(join(set.dir, b.file))]));
const text = parsedCacheOf(files);
writeFileSync(join(set.dir, PARSED_CACHE), text);
console.log(`${PARSED_CACHE}: ${files.size} files, ${(text.length / 1024).toFixed(0)} KiB`);
