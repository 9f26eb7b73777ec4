/** `spyglass report RESULTS`: (re)builds RESULTS/report.html from a results folder; also called after every check. */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import type { InputKind, Selector } from "../core/artifact.ts";
import { SpyglassError } from "../core/errors.ts";
import { ARTIFACTS } from "../artifacts/index.ts";
import { localOutputDir } from "../node/output-dir.ts";
import { readReportData, type AlertDigester, type HistogramBuilder, type LineReader, type ModuleMeta } from "../outputs/report-data.ts";
import { warnIfIncomplete } from "../node/results-state.ts";
import { renderReport } from "../outputs/html-report.ts";
import { requireResults } from "./preflight.ts";

export const REPORT_FILE = "report.html";

/** Lines of a file in the folder, streamed (a timeline can be 250 MB); nothing for a missing file. */
function nodeLines(folder: string): LineReader {
  return async function* (name) {
    const path = join(folder, name);
    try {
      if (!statSync(path).isFile()) return;
    } catch {
      return;
    }
    const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
    try {
      yield* rl;
    } finally {
      rl.close();
    }
  };
}

/** The input kind a check command reads (info.json's `command` starts with it); unknown: every kind. */
const KIND_OF_COMMAND: Record<string, InputKind> = {
  "check-backup": "ios-backup",
  "check-fs": "ios-fs",
  "check-sysdiagnose": "sysdiagnose",
  "check-androidqf": "androidqf",
  "check-bugreport": "bugreport",
  "check-android-backup": "android-backup",
  "check-intrusion-logs": "intrusion-logs",
};

const where = (s: Selector) => ("top" in s ? s.top : "glob" in s ? s.glob : [s.domain ?? s.domainLike, s.path ?? s.pathLike].filter(Boolean).join(" "));

/** Where each module reads in this kind of acquisition, as the README's module table says it. */
function modulesMeta(kind: InputKind | undefined): ModuleMeta[] {
  const crossChecks: ModuleMeta[] = [
    { slug: "links", name: "Links", evidence: "every link in the evidence (lookalike check)" },
    { slug: "versions", name: "Versions", evidence: "app and system versions in the evidence" },
  ];
  // androidqf mounts its backup, bugreport and intrusion logs: their modules are part of its run.
  const kinds: InputKind[] | undefined = kind === "androidqf" ? ["androidqf", "bugreport", "android-backup", "intrusion-logs"] : kind ? [kind] : undefined;
  const inRun = ARTIFACTS.filter((a) => !kinds || a.sources.some((s) => kinds.includes(s.from)));
  return [...inRun.map((a) => ({
    slug: a.slug,
    name: a.mvt,
    evidence: a.sources
      .filter((s) => !kinds || kinds.includes(s.from))
      .map(where)
      .filter(Boolean)
      .join("; "),
  })), ...crossChecks];
}

function commandKind(dir: string): InputKind | undefined {
  try {
    const info = JSON.parse(readFileSync(join(dir, "info.json"), "utf8")) as { command?: unknown };
    return typeof info.command === "string" ? KIND_OF_COMMAND[info.command.split(" ")[0]!] : undefined;
  } catch {
    return undefined; // readReportData reports a missing or damaged info.json
  }
}

/** Writes FOLDER/report.html from the folder's files; returns its path. */
export async function writeReport(folder: string, known: { histogram?: ReturnType<HistogramBuilder["result"]>; alerts?: AlertDigester } = {}): Promise<string> {
  const dir = resolve(folder);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new SpyglassError("E_NOT_FOUND", `${dir} is not a results folder`, { file: dir });
  const out = localOutputDir(dir);
  const data = await readReportData(out, nodeLines(dir), { modules: modulesMeta(commandKind(dir)), histogram: known.histogram, alerts: known.alerts });
  const w = out.create(REPORT_FILE);
  w.write(renderReport(data));
  await w.close();
  return join(dir, REPORT_FILE);
}

export function registerReport(program: Command): void {
  program
    .command("report <results>")
    .description("rebuild report.html (verdict, findings, timeline chart) in a results folder; opens offline in any browser")
    .addHelpText("after", "\nExamples:\n  spyglass report results/    # then open results/report.html\n\nThe report is one self-contained file: it loads nothing from the network.")
    .action(async (results: string) => {
      // Only into a results folder: `report` on evidence would write report.html into it.
      const dir = await requireResults(results);
      warnIfIncomplete(dir);
      process.stdout.write(`${await writeReport(dir)}\n`);
    });
}
