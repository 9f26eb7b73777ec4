/**
 * report.html: ONE self-contained page (inline CSS and JS, inline SVG, no external resource of any kind) with a
 * strict Content-Security-Policy whose style and script sources are the sha256 of the inline ones. It opens from
 * disk, reads well on a phone and prints. Every string from the evidence is escaped (see html-report/html.ts).
 */
import { plural, TITLES } from "../checks/verdict.ts";
import { MAX_CARDS, type ModuleCount, type ReportData } from "./report-data.ts";
import { card } from "./html-report/cards.ts";
import { CSS } from "./html-report/css.ts";
import { clip, esc, jsonForScript } from "./html-report/html.ts";
import { SCRIPT } from "./html-report/script.ts";
import { adviceSection, deviceSection, modulesSection, verdictSection, warningsSection } from "./html-report/sections.ts";
import { cspHash } from "./html-report/sha256.ts";

export { MAX_CARDS };
const MARKER_LABEL = 90;

/** The policy: nothing may load; only the page's own style and script (by hash) run; images only as data: URLs. */
export function contentSecurityPolicy(css: string, script: string): string {
  return `default-src 'none'; style-src ${cspHash(css)}; script-src ${cspHash(script)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function renderReport(data: ReportData): string {
  const v = data.verdict;
  const modules = new Map<string, ModuleCount>(data.modules.map((m) => [m.slug, m]));
  const { findings, notes, findingsTotal, notesTotal } = data.alerts;
  const cards = (list: typeof findings, prefix: string) => list.slice(0, MAX_CARDS).map((r, i) => ({ r, id: `${prefix}-${i}` }));
  const shownFindings = cards(findings, "f");
  const shownNotes = cards(notes, "n");
  const more = (total: number) => (total > MAX_CARDS ? `<p class="muted">${total - MAX_CARDS} more in <code>alerts.json</code>.</p>` : "");

  const markers = [...shownFindings, ...shownNotes]
    .filter(({ r }) => r.time)
    .map(({ r, id }) => [r.time, r.alert.level, id, clip(`${r.alert.module}: ${r.alert.message}`, MARKER_LABEL)]);
  const chartData = { ...data.timeline, markers };

  const device = v.device ? ` — ${v.device}` : "";
  const when = typeof data.info.end_time === "string" ? data.info.end_time.slice(0, 16) : "";
  const title = `Spyglass report: ${v.title}${device}`;

  const findingsHtml = findingsTotal
    ? `<p>${findingsTotal} finding${findingsTotal === 1 ? "" : "s"}, most serious first. Matched text is <mark>highlighted</mark>.</p>${shownFindings.map(({ r, id }) => card(r, id, modules)).join("\n")}${more(findingsTotal)}`
    : `<p>No finding needs review.</p>`;
  const notesHtml = notesTotal
    ? `<details id="notes"><summary>${plural(notesTotal, "item")} that ${notesTotal === 1 ? "does" : "do"} not change the verdict (updates and notes)</summary>${shownNotes.map(({ r, id }) => card(r, id, modules)).join("\n")}${more(notesTotal)}</details>`
    : "";

  const body = `<main>
<nav class="toc" aria-label="Sections"><b>Spyglass report${when ? ` · ${esc(when)} UTC` : ""}</b><a href="#findings">Findings</a>${v.update_advice.length ? `<a href="#advice">Update needed</a>` : ""}<a href="#timeline">Timeline</a><a href="#modules">Modules</a><a href="#warnings">Warnings</a><a href="#device">Device</a></nav>
${verdictSection(v)}
${adviceSection(v)}
<section id="findings"><h2>Findings</h2>
${findingsHtml}
${notesHtml}
</section>
<section id="timeline"><h2>Timeline of the evidence</h2>
<p>Events per day, week or month from <code>timeline.csv</code>; coloured pins mark findings (select one to jump to its card). Drag across the chart to zoom in.</p>
<div class="controls" id="chart-controls" role="group" aria-label="Chart range"></div>
<figure>
<div id="chart"><noscript>The chart needs JavaScript; the counts per module are below.</noscript></div>
<figcaption id="chart-caption" class="muted"></figcaption>
</figure>
<div class="legend"><span><i class="l-bar"></i>events</span><span><i class="l-crit"></i>critical / high</span><span><i class="l-med"></i>medium</span><span><i class="l-low"></i>low</span><span><i class="l-info"></i>informational</span></div>
<fieldset class="modules" id="chart-modules"><legend>Modules shown</legend></fieldset>
</section>
${modulesSection(data)}
${warningsSection(data)}
${deviceSection(data)}
<footer>Made by Spyglass${typeof data.info.spyglass_version === "string" ? ` ${esc(data.info.spyglass_version)}` : ""} from the results folder <code>${esc(data.folder)}</code>. This page loads nothing from the network. The verdict rules: ${esc(TITLES.known_spyware)} when a public indicator matched; ${esc(TITLES.needs_review)} for lookalike links and heuristics that point at compromise; otherwise ${esc(TITLES.no_known_traces)}. Outdated versions are listed under "Update needed" and never change the verdict.</footer>
</main>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(CSS, SCRIPT))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
${body}
<script type="application/json" id="report-data">${jsonForScript(chartData)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
