/** One card per finding: what was found, where in the evidence, the indicator and its source, the record in context. */
import type { Alert } from "../../core/events.ts";
import type { RankedAlert } from "../../checks/verdict.ts";
import { reasonOf } from "../../checks/verdict-rules.ts";
import type { ModuleCount } from "../report-data.ts";
import { clip, esc, escMark } from "./html.ts";
import { deletedPlaceOf } from "../../core/carve-place.ts";

/** Fields of a record shown on its card (the whole record is in <slug>_detected.json). */
export const MAX_FIELDS = 8;
const MAX_VALUE = 240;
/** Fields that say most about a record, first found first shown: times, text and links, who, what app. */
const PRIORITY = [
  "isodate", "timestamp", "first_isodate", "last_modified", "isodate_read",
  "text", "ZTEXT", "body", "message", "url", "ZMEDIAURL", "links", "domain", "registrable_domain",
  "phone_number", "ZTOJID", "ZFROMJID", "address", "direction", "service",
  "client", "auth_value", "proc_name", "process", "bundle_id", "package_name", "app", "name",
  "version", "installed_version", "fixed_version", "cve", "reason", "path", "relative_path", "entry", "value",
];

function show(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() === "" ? undefined : clip(v, MAX_VALUE);
  if (typeof v === "number") return v === 0 ? undefined : String(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    const items = v.filter((x) => typeof x === "string" || typeof x === "number").map(String);
    return items.length ? clip(items.join(", "), MAX_VALUE) : undefined;
  }
  if (v && typeof v === "object") {
    try {
      return clip(JSON.stringify(v), MAX_VALUE);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A few key fields of the alert's record, as [name, shown value]. */
export function keyFields(event: unknown): [string, string][] {
  if (Array.isArray(event)) {
    // A dict-shaped module's record is a [key, value] pair.
    const out: [string, string][] = [];
    const k = show(event[0]);
    const v = show(event[1]);
    if (k) out.push(["key", k]);
    if (v) out.push(["value", v]);
    return out;
  }
  if (!event || typeof event !== "object") {
    const v = show(event);
    return v ? [["value", v]] : [];
  }
  const rec = event as Record<string, unknown>;
  const out: [string, string][] = [];
  const taken = new Set<string>();
  const take = (k: string, v: string | undefined) => {
    if (v === undefined || taken.has(k) || out.length >= MAX_FIELDS) return;
    taken.add(k);
    out.push([k, v]);
  };
  // "advice" is shown whole under "What to do".
  taken.add("advice");
  for (const k of PRIORITY) if (Object.hasOwn(rec, k)) take(k, show(rec[k]));
  // Then other short text fields; numbers and nested objects of wide rows (90 columns in sms.db) are noise here.
  for (const [k, v] of Object.entries(rec)) if (typeof v === "string" && v.length <= MAX_VALUE) take(k, show(v));
  return out;
}

/** A card's title: what was found, in words; cross-check alerts below the deciding level are milder. */
function titleOf(r: RankedAlert): string {
  switch (r.kind) {
    case "indicator":
      return r.rule === "indicator-in-deleted-record" ? "Known spyware indicator, in a DELETED record" : "Known spyware indicator";
    case "lookalike_link":
      return r.decides ? "Lookalike link" : "Shortened link or raw IP address";
    case "update":
      if (r.rule === "old-patch-level") return "Update needed: old security patch";
      return r.alert.level === "LOW" ? "Update needed: app or system version to check" : "Update needed: app or system version";
    case "heuristic":
      return r.decides ? "Unusual record (heuristic)" : "Unusual record, not enough alone";
    default:
      return "Note";
  }
}

function adviceOf(a: Alert): string {
  const e = a.event as Record<string, unknown> | null;
  const v = e && typeof e === "object" && !Array.isArray(e) ? e.advice : undefined;
  return typeof v === "string" ? v : Array.isArray(v) ? v.filter((x) => typeof x === "string").join("\n") : "";
}

/** The card of one ranked alert; `id` is its anchor (timeline markers point to it). */
export function card(r: RankedAlert, id: string, modules: ReadonlyMap<string, ModuleCount>): string {
  const a = r.alert;
  const m = a.matched_indicator;
  const mod = modules.get(a.module);
  const needle = m?.value ?? "";
  const deleted = deletedPlaceOf(a.event);
  const where = [
    `<b>${esc(mod?.name ?? a.module)}</b>${mod && mod.name !== a.module ? ` <span class="muted">(${esc(a.module)})</span>` : ""}`,
    mod?.evidence ? `evidence file: <code>${esc(mod.evidence)}</code>` : "",
    `full record: <code>${esc(a.module)}_detected.json</code>`,
    deleted ? `recovered from deleted data: ${esc(deleted.found_in)} of <code>${esc(deleted.file)}</code>, byte offset ${esc(String(deleted.offset))} (<code>${esc(a.module)}_deleted.json</code>)` : "",
  ].filter(Boolean);
  const rows = keyFields(a.event)
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${escMark(v, needle)}</td></tr>`)
    .join("");
  const advice = r.kind === "update" ? r.update?.how || adviceOf(a) : "";
  const level = esc(a.level.toLowerCase());
  return `<article class="card lvl-${level}" id="${esc(id)}">
<header><span class="badge lvl-${level}">${esc(a.level)}</span> <span class="kind">${esc(titleOf(r))}</span>${r.time ? ` <time>${esc(r.time.slice(0, 19))} UTC</time>` : ""}</header>
<p class="msg">${escMark(a.message, needle)}</p>
<dl>
<dt>Where</dt><dd>${where.join(" · ")}</dd>
${m ? `<dt>Indicator</dt><dd><code>${esc(m.value)}</code> (${esc(m.type)}) of <b>${esc(m.name)}</b>, from <code>${esc(m.stix2_file_name)}</code>${m.id ? ` <span class="muted id">${esc(m.id)}</span>` : ""}</dd>` : ""}
${reasonOf(r.rule) ? `<dt>For the verdict</dt><dd>${esc(reasonOf(r.rule))}</dd>` : ""}
${advice ? `<dt>What to do</dt><dd class="pre">${esc(advice)}</dd>` : ""}
</dl>
${rows ? `<table class="kv"><caption>The record</caption>${rows}</table>` : ""}
</article>`;
}
