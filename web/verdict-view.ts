/**
 * The run's answer in the page: the verdict in plain words (verdict.json's own texts, as the command line and the
 * report word them), the findings that decide it, "Update needed", what to do next and the warnings.
 */
import type { Verdict } from "../src/checks/verdict.ts";
import type { Outcome } from "../src/browser/protocol.ts";
import { el, listSection } from "./dom.ts";

/** Findings shown in the page; the report below and the results zip hold them all. */
const SHOWN_FINDINGS = 20;

function finding(e: Verdict["evidence"][number]): HTMLElement {
  const where = [e.module, e.time].filter(Boolean).join(", ");
  const indicator = e.indicator ? ` (indicator ${e.indicator.value}${e.indicator.source ? ` from ${e.indicator.source}` : ""})` : "";
  return el("span", { class: "finding" }, el("span", { class: `level level-${e.level}` }, e.level), ` ${e.message}${indicator}`, where ? ` — ${where}` : "");
}

function updateAdvice(v: Verdict): Node[] {
  const items = v.update_advice.map((u) => el("span", {}, el("strong", {}, u.what), `: ${u.why} `, u.how));
  if (!items.length) return [];
  return [el("h4", {}, "Update needed"), el("p", {}, "An outdated phone or app is a risk to fix now, not a sign of infection."), el("ul", {}, ...items.map((i) => el("li", {}, i)))];
}

/** The verdict block; `data-verdict` is the stable hook (known-spyware | suspicious | no-known-traces). */
export function verdictView(outcome: Outcome, v: Verdict, warnings: readonly string[]): HTMLElement {
  const deciding = v.evidence.filter((e) => e.decides);
  const more = v.deciding_total > Math.min(deciding.length, SHOWN_FINDINGS) ? [el("p", { class: "hint" }, `${v.deciding_total - Math.min(deciding.length, SHOWN_FINDINGS)} more in the full report and the results.`)] : [];
  const facts = [
    v.device ? `Phone: ${v.device}` : "",
    v.examined ? `Examined: ${v.examined.length ? v.examined.join(", ") : "nothing"}` : "",
    v.missing?.length ? `Missing from this acquisition: ${v.missing.join(", ")}` : "",
  ].filter(Boolean);
  return el(
    "div",
    { class: "verdict", "data-testid": "verdict", "data-verdict": outcome, tabindex: "-1" },
    el("h3", {}, v.headline || v.title),
    ...facts.map((f) => el("p", { class: "hint" }, f)),
    el("p", {}, v.summary),
    ...listSection(`Findings (${v.deciding_total}), most serious first`, deciding.slice(0, SHOWN_FINDINGS).map(finding)),
    ...more,
    ...listSection("What this means", v.means),
    ...listSection("What it does not mean", v.does_not_mean),
    ...updateAdvice(v),
    ...listSection("What to do next", v.next_steps, true),
    ...listSection(`Warnings (${warnings.length}): parts that could not be read were not checked`, warnings),
  );
}
