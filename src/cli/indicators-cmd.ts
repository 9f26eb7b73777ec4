/** `spyglass indicators [check FILE | update]`: the indicator set in use, per bundle; validate a bundle; update. */
import type { Command } from "commander";
import { resolve } from "node:path";
import { loadIndicators, setDateLines, type LoadedIndicators } from "./load-indicators.ts";
import { unusableLines } from "../indicators/unusable.ts";
import type { Collection } from "../indicators/types.ts";
import { table } from "./console.ts";
import { EXIT } from "./common.ts";
import { updateIndicators } from "./indicators-update.ts";

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Distinct values per type in each file, in load order. */
export function countsPerFile(collections: readonly Collection[]): Map<string, Map<string, number>> {
  const seen = new Map<string, Set<string>>();
  const out = new Map<string, Map<string, number>>();
  for (const c of collections) {
    const s = seen.get(c.stix2_file_path) ?? new Set<string>();
    seen.set(c.stix2_file_path, s);
    const per = out.get(c.stix2_file_path) ?? new Map<string, number>();
    out.set(c.stix2_file_path, per);
    for (const i of c.indicators) {
      const key = `${i.bucket}\u0000${i.value.toLowerCase()}`;
      if (s.has(key)) continue;
      s.add(key);
      per.set(i.bucket, (per.get(i.bucket) ?? 0) + 1);
    }
  }
  return out;
}

const sum = (m: Map<string, number> | undefined) => [...(m ?? new Map<string, number>()).values()].reduce((a, b) => a + b, 0);
const byType = (m: Map<string, number> | undefined) => [...(m ?? [])].map(([k, v]) => `${k} ${v}`).join(", ");

function bundleRows(loaded: LoadedIndicators) {
  const per = countsPerFile(loaded.set.collections);
  const entries = new Map(loaded.setInfo?.manifest.bundles.map((b) => [resolve(loaded.setInfo!.dir, b.file), b]) ?? []);
  return loaded.files.map((f) => {
    const b = entries.get(f.file_path);
    const names = [...new Set(loaded.set.collections.filter((c) => c.stix2_file_path === f.file_path).map((c) => c.name))];
    return {
      file: f.file_path,
      name: b?.name ?? (names.length > 3 ? `${names.slice(0, 3).join(", ")} …` : names.join(", ")),
      indicators: sum(per.get(f.file_path)),
      types: Object.fromEntries(per.get(f.file_path) ?? []),
      by_type: byType(per.get(f.file_path)),
      sources: b?.sources ?? [],
      published: b?.published ?? null,
      licence: b?.licence ?? "",
      status: b?.status ?? "",
      url: b?.url ?? "",
      sha256: f.sha256,
    };
  });
}

export function listIndicators(iocs: string[], json: boolean): number {
  const loaded = loadIndicators(iocs);
  const bundles = bundleRows(loaded);
  const setInfo = loaded.setInfo && { origin: loaded.setInfo.origin, dir: loaded.setInfo.dir, updated: loaded.setInfo.updated, age_days: loaded.setInfo.age_days, stale: loaded.setInfo.stale };
  if (json) {
    const collections = loaded.set.collections.map((c) => ({ name: c.name, file: c.stix2_file_name, count: c.indicators.length }));
    process.stdout.write(
      JSON.stringify({ set: setInfo ?? null, distinct: loaded.distinct, counts: loaded.set.counts, bundles: bundles.map(({ by_type: _b, ...b }) => b), files: loaded.files, collections, unusable_indicators: loaded.unusable, warnings: loaded.warnings }, null, 2) + "\n",
    );
    return EXIT.CLEAN;
  }
  const rows = bundles.map((b) => [b.name + (b.status === "proposed" ? " (proposed)" : ""), b.indicators, b.sources.join(", ") || "—", b.published ?? "—", b.by_type]);
  process.stdout.write(table(["bundle", "indicators", "source", "date", "by type"], rows) + "\n\n");
  process.stdout.write(`${loaded.distinct.toLocaleString("en-US")} distinct indicator${loaded.distinct === 1 ? "" : "s"} from ${loaded.files.length} file${loaded.files.length === 1 ? "" : "s"}${loaded.setInfo ? ` in ${loaded.setInfo.dir}` : ""}\n`);
  for (const l of setDateLines(loaded.setInfo)) process.stdout.write(l + "\n");
  for (const l of unusableLines(loaded.unusable)) process.stdout.write(`warning: ${l}\n`);
  for (const w of loaded.notices) process.stdout.write(`warning: ${w}\n`);
  return EXIT.CLEAN;
}

/** Exit 0: every pattern is usable; 2: the file loads but some patterns cannot be used; 1: it cannot be read. */
export function checkIndicatorFile(file: string, json: boolean): number {
  const loaded = loadIndicators([file], {});
  const problems = loaded.unusable.reduce((n, u) => n + u.count, 0);
  const ok = problems === 0 && loaded.notices.length === 0;
  const paths = loaded.files.map((f) => f.file_path);
  if (json) {
    process.stdout.write(JSON.stringify({ files: paths, valid: ok, distinct: loaded.distinct, counts: loaded.set.counts, unusable: problems, unusable_indicators: loaded.unusable, notices: loaded.notices, warnings: loaded.warnings }, null, 2) + "\n");
  } else {
    const types = Object.entries(loaded.set.counts).map(([k, v]) => `${k} ${v}`).join(", ");
    process.stdout.write(`${paths.join(", ")}: ${loaded.set.collections.length} collection(s), ${loaded.distinct} indicators (${types || "none usable"})\n`);
    for (const l of unusableLines(loaded.unusable)) process.stdout.write(`warning: ${l}\n`);
    for (const w of loaded.notices) process.stdout.write(`warning: ${w}\n`);
    process.stdout.write(ok ? "The bundle is valid: every pattern can be used.\n" : `The bundle loads, but ${problems} pattern(s) cannot be used (above): they will not be checked.\n`);
  }
  return ok ? EXIT.CLEAN : EXIT.USAGE;
}

const CHECK_EXIT = `
Exit codes:
  0  every pattern in the file can be used
  2  the file loads, but some patterns cannot be used (each kind is listed with an example)
  1  the file cannot be read: not JSON, not a STIX 2 bundle, or another format (STIX 1.x XML, MISP JSON)`;

export function registerIndicators(program: Command): void {
  const ind = program
    .command("indicators")
    .description("list the indicator bundles in use: counts, source and date; check or update them")
    .option("-i, --iocs <file>", "STIX2 bundle or folder (repeatable; default: the bundled or updated set)", collect, [])
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nWithout --iocs: the newer of the bundled set and the one `indicators update` stored, with its date.\n\nExit codes:\n  0  listed\n  2  usage error (e.g. a folder with no .stix2, .stix or .json bundle)\n  1  a file cannot be read (the message names it and its format)",
    )
    .action((o: { iocs: string[]; json?: boolean }) => {
      process.exitCode = listIndicators(o.iocs, !!o.json);
    });
  ind
    .command("check <file>")
    .description("validate an indicator bundle (STIX2, or Echap's ioc.yaml): counts per type, and every pattern that cannot be used")
    .option("--json", "print as JSON")
    .addHelpText("after", CHECK_EXIT)
    .action((file: string, o: { json?: boolean }) => {
      // `indicators --json check F` and `indicators check F --json` both mean JSON (the parent also has --json).
      process.exitCode = checkIndicatorFile(file, !!o.json || !!ind.opts<{ json?: boolean }>().json);
    });
  ind
    .command("update")
    .description("download the current public indicators (the only command that goes online) into your indicator store")
    .option("--source <url>", "a mirror of raw.githubusercontent.com (same paths) instead of GitHub")
    .option("--timeout <seconds>", "give up on a download after this long", "60")
    .option("--json", "print what changed as JSON")
    .addHelpText(
      "after",
      "\nReads the mvt-indicators index (indicators.yaml) and Echap's stalkerware list (ioc.yaml), validates every file, and\n" +
        "replaces the store in one step; if anything fails, the previous set stays. Proxies: HTTPS_PROXY, HTTP_PROXY, NO_PROXY.\n" +
        "Checks use the newer of the bundled and the updated set and never go online.\n\nExit codes:\n  0  updated\n  1  a download or a file failed: nothing was changed\n  2  usage error",
    )
    .action(async (o: { source?: string; timeout: string; json?: boolean }) => {
      process.exitCode = await updateIndicators({ source: o.source, timeoutSeconds: Number(o.timeout), json: !!o.json || !!ind.opts<{ json?: boolean }>().json });
    });
}
