/** `spyglass indicators [check FILE]`: what indicators are in use, per type; validate a bundle. */
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseStix2BundleDetailed } from "../indicators/stix2.ts";
import { compileIndicators } from "../indicators/compile.ts";
import { loadIndicators } from "./load-indicators.ts";
import { table } from "./console.ts";
import { EXIT } from "./common.ts";

export function listIndicators(iocs: string[], json: boolean): number {
  const loaded = loadIndicators(iocs);
  const rows = loaded.set.collections.map((c) => {
    const perType = new Map<string, number>();
    for (const i of c.indicators) perType.set(i.bucket, (perType.get(i.bucket) ?? 0) + 1);
    return [c.name, c.stix2_file_name, c.indicators.length, [...perType].map(([k, v]) => `${k} ${v}`).join(", ")];
  });
  if (json) {
    process.stdout.write(JSON.stringify({ files: loaded.files, total: loaded.set.total, counts: loaded.set.counts, collections: rows.map(([name, file, count, types]) => ({ name, file, count, types })) }, null, 2) + "\n");
  } else {
    process.stdout.write(table(["collection", "file", "indicators", "by type"], rows) + "\n");
    process.stdout.write(`\n${loaded.set.total.toLocaleString("en-US")} unique indicators from ${loaded.files.length} file(s)${loaded.bundled ? " (bundled)" : ""}\n`);
    for (const w of loaded.warnings) process.stdout.write(`warning: ${w}\n`);
  }
  return EXIT.CLEAN;
}

export function checkIndicatorFile(file: string, json: boolean): number {
  const path = resolve(file);
  const { collections, warnings } = parseStix2BundleDetailed(readFileSync(path, "utf8"), { name: basename(path), path });
  const set = compileIndicators(collections);
  if (json) process.stdout.write(JSON.stringify({ file: path, valid: warnings.length === 0, total: set.total, counts: set.counts, warnings }, null, 2) + "\n");
  else {
    process.stdout.write(`${path}: ${collections.length} collection(s), ${set.total} indicators (${Object.entries(set.counts).map(([k, v]) => `${k} ${v}`).join(", ")})\n`);
    for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
    process.stdout.write(warnings.length ? "The bundle loads, with the warnings above.\n" : "The bundle is valid.\n");
  }
  return warnings.length ? EXIT.USAGE : EXIT.CLEAN;
}
