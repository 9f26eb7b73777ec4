/** report.html from a results folder on any host: the folder's files read through its OutputDir and a line reader. */
import type { InputKind, Selector } from "../core/artifact.ts";
import type { OutputDir } from "../core/host.ts";
import { ARTIFACTS } from "../artifacts/index.ts";
import { readReportData, type AlertDigester, type HistogramBuilder, type LineReader, type ModuleMeta } from "../outputs/report-data.ts";
import { renderReport } from "../outputs/html-report.ts";

export const REPORT_FILE = "report.html";

/** The input kind a check command reads (info.json's `command` starts with it); unknown: every kind. */
const KIND_OF_COMMAND: Record<string, InputKind> = {
  "check-backup": "ios-backup",
  "check-fs": "ios-fs",
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

async function commandKind(out: OutputDir): Promise<InputKind | undefined> {
  try {
    const info = JSON.parse((await out.read("info.json")) ?? "") as { command?: unknown };
    return typeof info.command === "string" ? KIND_OF_COMMAND[info.command.split(" ")[0]!] : undefined;
  } catch {
    return undefined; // readReportData reports a missing or damaged info.json
  }
}

/** Writes report.html into the folder from its files (and what the run already knows); returns the HTML. */
export async function writeReportIn(out: OutputDir, lines: LineReader, known: { histogram?: ReturnType<HistogramBuilder["result"]>; alerts?: AlertDigester } = {}): Promise<string> {
  const data = await readReportData(out, lines, { modules: modulesMeta(await commandKind(out)), histogram: known.histogram, alerts: known.alerts });
  const html = renderReport(data);
  const w = out.create(REPORT_FILE);
  w.write(html);
  await w.close();
  return html;
}
