/** The report's sections other than the cards and the chart: verdict, update advice, modules, warnings, device, hashes. */
import type { Verdict } from "../../checks/verdict.ts";
import { classifyWarning } from "../../checks/verdict-rules.ts";
import type { ReportData } from "../report-data.ts";
import { esc } from "./html.ts";

const OUTCOME_CLASS: Record<string, string> = { known_spyware: "v-known", needs_review: "v-review", no_known_traces: "v-clean", nothing_examined: "v-review" };
const fmt = (n: number) => n.toLocaleString("en-US");
const list = (items: readonly string[], tag = "ul") => (items.length ? `<${tag}>${items.map((t) => `<li>${esc(t)}</li>`).join("")}</${tag}>` : "");

export function verdictSection(v: Verdict): string {
  const evidence = v.evidence.filter((e) => e.decides);
  return `<section class="verdict ${OUTCOME_CLASS[v.outcome] ?? "v-review"}" id="verdict" aria-labelledby="verdict-title">
<p class="eyebrow">Verdict</p>
<h1 id="verdict-title">${esc(v.headline)}</h1>
${v.device ? `<p class="device">Phone: ${esc(v.device)}</p>` : ""}
${coverageLines(v)}
<p class="summary">${esc(v.summary)}</p>
<div class="cols">
<div><h2>What this means</h2>${list(v.means)}</div>
<div><h2>What it does not mean</h2>${list(v.does_not_mean)}</div>
</div>
${evidence.length ? `<p class="muted">Evidence behind this verdict: ${fmt(v.deciding_total)} finding${v.deciding_total === 1 ? "" : "s"}, most serious first, under <a href="#findings">Findings</a>.</p>` : ""}
<h2>Next steps</h2>
${list(v.next_steps, "ol")}
</section>`;
}

/** What the run examined and which main parts of the acquisition were missing (absent from older verdict.json files). */
function coverageLines(v: Verdict): string {
  const examined = Array.isArray(v.examined) ? v.examined : undefined;
  const missing = Array.isArray(v.missing) ? v.missing : [];
  return [
    examined ? `<p class="device">Examined: ${examined.length ? esc(examined.join(", ")) : "nothing"}</p>` : "",
    missing.length ? `<p class="device">Missing from the acquisition (not checked): ${esc(missing.join(", "))}</p>` : "",
  ].join("");
}

/** "Update needed": what, why, how; older verdict.json files carry only the message and the steps. */
export function adviceSection(v: Verdict): string {
  if (!v.update_advice.length) return "";
  const items = v.update_advice
    .map((u) =>
      u.what && u.why
        ? `<li><p><b>${esc(u.what)}</b>: ${esc(u.why)}</p><p class="pre">How: ${esc(u.how || u.advice)}</p></li>`
        : `<li><p><b>${esc(u.message)}</b></p>${u.message.includes(u.advice) ? "" : `<p class="pre">${esc(u.advice)}</p>`}</li>`,
    )
    .join("");
  const wait = v.outcome === "known_spyware"
    ? `<p class="warn">Traces of known spyware were found: update only after an expert has looked at the phone, so no evidence is lost.</p>`
    : `<p>An outdated phone is a risk to fix now, not a sign of infection: this does not change the verdict.</p>`;
  return `<section id="advice"><h2>Update needed</h2>${wait}<ol class="advice">${items}</ol></section>`;
}

export function modulesSection(d: ReportData): string {
  if (!d.modules.length) return `<section id="modules"><h2>What was read</h2><p>No module wrote any records.</p></section>`;
  const rows = d.modules
    .map(
      (m) =>
        `<tr${m.alerts ? ` class="has-alerts"` : ""}><th scope="row">${esc(m.name)}${m.slug && m.slug !== m.name ? ` <span class="muted slug">${esc(m.slug)}</span>` : ""}</th>` +
        `<td class="num">${m.records === null ? "–" : fmt(m.records)}</td><td class="num">${fmt(m.timeline)}</td><td class="num">${fmt(m.alerts)}</td>` +
        `<td class="where">${m.evidence ? `<code>${esc(m.evidence)}</code>` : ""}</td></tr>`,
    )
    .join("\n");
  const sum = (f: (m: (typeof d.modules)[number]) => number) => fmt(d.modules.reduce((n, m) => n + f(m), 0));
  return `<section id="modules"><h2>What was read</h2>
<p>Records each module found, their events in the timeline and the alerts they raised.</p>
<div class="scroll"><table class="counts">
<thead><tr><th scope="col">module</th><th scope="col" class="num">records</th><th scope="col" class="num">timeline</th><th scope="col" class="num">alerts</th><th scope="col" class="where">evidence file</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row">total</th><td class="num">${sum((m) => m.records ?? 0)}</td><td class="num">${sum((m) => m.timeline)}</td><td class="num">${sum((m) => m.alerts)}</td><td class="where"></td></tr></tfoot>
</table></div></section>`;
}

export function warningsSection(d: ReportData): string {
  const items = [
    ...d.warnings.map((w) => `<li><span class="muted">${classifyWarning(w) === "note" ? "note" : "could not read"}</span> <b>${esc(w.module)}</b>${w.file ? ` <code>${esc(w.file)}</code>` : ""}: ${esc(w.message)}</li>`),
    ...d.problems.map((p) => `<li><b>report</b>: ${esc(p)}</li>`),
  ];
  return `<section id="warnings"><h2>Warnings</h2>${items.length ? `<p>Parts of the evidence that could not be read, or facts worth knowing about it.</p><ul class="warnings">${items.join("")}</ul>` : "<p>None: every module read its evidence.</p>"}</section>`;
}

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "");
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

function kvRows(entries: [string, unknown][]): string {
  return entries
    .map(([k, v]) => {
      if (Array.isArray(v)) {
        const items = v.map(str).filter(Boolean);
        if (!items.length) return "";
        return `<tr><th scope="row">${esc(k)}</th><td><details><summary>${fmt(items.length)}</summary><ul class="plain">${items.map((i) => `<li><code>${esc(i)}</code></li>`).join("")}</ul></details></td></tr>`;
      }
      const s = str(v);
      return s ? `<tr><th scope="row">${esc(k)}</th><td>${esc(s)}</td></tr>` : "";
    })
    .join("");
}

function hashTable(title: string, list: unknown): string {
  const rows = (Array.isArray(list) ? list : []).filter(isObj).map((h) => `<tr><td><code class="path">${esc(str(h.file_path))}</code></td><td><code class="hash">${esc(str(h.sha256))}</code></td></tr>`);
  if (!rows.length) return "";
  return `<details${rows.length <= 20 ? " open" : ""}><summary>${esc(title)} (${fmt(rows.length)})</summary><div class="scroll"><table class="hashes"><thead><tr><th scope="col">file</th><th scope="col">sha256</th></tr></thead><tbody>${rows.join("")}</tbody></table></div></details>`;
}

export function deviceSection(d: ReportData): string {
  const info = d.info;
  const device = isObj(info.device) ? Object.entries(info.device) : [];
  const run: [string, unknown][] = [
    ["checked", info.target_path],
    ["command", info.command],
    ["Spyglass version", info.spyglass_version],
    ["started (UTC)", info.start_time],
    ["ended (UTC)", info.end_time],
    ["indicator files", info.ioc_files],
    ["results folder", d.folder],
  ];
  return `<section id="device"><h2>Device and run</h2>
${device.length ? `<div class="scroll"><table class="kv">${kvRows(device)}</table></div>` : "<p>info.json holds no device facts.</p>"}
<h3>This run</h3><div class="scroll"><table class="kv">${kvRows(run)}</table></div>
<h3 id="hashes">Input hashes</h3>
<p>The sha256 of every evidence file and indicator file read: they show later that the evidence checked is the evidence kept.</p>
${hashTable("evidence files", info.hashes) || "<p>No hashes recorded.</p>"}
${hashTable("indicator files", info.ioc_file_hashes)}
</section>`;
}
