/** `spyglass report RESULTS`: (re)builds RESULTS/report.html from a results folder; also called after every check. */
import { createReadStream, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { SpyglassError } from "../core/errors.ts";
import { localOutputDir } from "../node/output-dir.ts";
import type { AlertDigester, HistogramBuilder, LineReader } from "../outputs/report-data.ts";
import { warnIfIncomplete } from "../node/results-state.ts";
import { REPORT_FILE, writeReportIn } from "../run/report.ts";
import { requireResults } from "./preflight.ts";

export { REPORT_FILE };

/** Lines of a file in the folder, streamed (a timeline can be 250 MB); nothing for a missing file. */
export function nodeLines(folder: string): LineReader {
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
  await writeReportIn(localOutputDir(dir), nodeLines(dir), known);
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
