/**
 * The verdict: one of three answers a non-expert can act on, computed from every alert of a run, or a fourth when
 * nothing was examined.
 *
 * Rules (also in the README, "The verdict"; the per-alert table with its reasons is RULES in verdict-rules.ts):
 * 1. "Traces of known spyware found" — at least one alert carries a `matched_indicator` (a public indicator of
 *    compromise matched a record); the malware names come from `matched_indicator.name`.
 * 2. "Suspicious: needs expert review" — no indicator matched, but a lookalike link (cross check "links", MEDIUM or
 *    above) or a heuristic that points at compromise (a deleted process record, a root binary, an enabled
 *    accessibility service of an app that is not part of the system, a sideloaded app with a dangerous permission,
 *    an Apple threat notification…).
 * 3. "No known traces found" — otherwise, when something was examined. Exploited app or OS versions and an old
 *    patch level never decide: they are listed under "Update needed" (what, why, how) in every verdict. Notes
 *    (installed or system accessibility services, shortened links, LOW and INFORMATIONAL alerts) never decide.
 * 4. "Nothing was examined" — the run says (coverage) it examined no part of an acquisition: no answer is given,
 *    and the CLI exits with an error, never with "no known traces".
 * Evidence is ranked: indicator matches first, then by level (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL), the
 * alerts that decide before those that do not, then by time (unknown times last), then in run order.
 * The verdict is plain JSON (it is written to verdict.json and crosses the worker boundary).
 */
import type { Alert, AlertLevel, Warning } from "../core/events.ts";
import { LEVEL_RANK } from "../core/events.ts";
import { isStalkerwareMatch, stalkerwareName, withStalkerwareAdvice } from "./stalkerware-advice.ts";
import type { Coverage } from "../core/coverage.ts";
import { deletedPlaceOf } from "../core/carve-place.ts";
import { classify, classifyWarning, decidesWith, outcomeOf, SideloadPairs, str, UNNAMED, type Classified, type EvidenceKind, type UpdateAdvice, type VerdictOutcome } from "./verdict-rules.ts";

import { plural, verdictTexts, type VerdictTexts } from "./verdict-texts.ts";

export { plural, TITLES } from "./verdict-texts.ts";
export { LINKS_MODULE, VERSIONS_MODULE, type EvidenceKind, type UpdateAdvice, type VerdictOutcome } from "./verdict-rules.ts";
/** Evidence items kept in the verdict (the report and alerts.json hold them all). */
export const MAX_EVIDENCE = 100;

export interface EvidenceItem {
  readonly kind: EvidenceKind;
  readonly level: AlertLevel;
  readonly module: string;
  readonly message: string;
  /** The alert's time, or the record's own time when the alert has none; "" when unknown. */
  readonly time: string;
  /** Whether this item decides the outcome (updates and notes do not). */
  readonly decides: boolean;
  /** The verdict rule that classified it (RULES in verdict-rules.ts). */
  readonly rule: string;
  readonly malware?: string;
  readonly indicator?: { readonly value: string; readonly type: string; readonly source: string };
  /** Set when the record was recovered from deleted data (issue 16): where it was found, in words. */
  readonly deleted?: string;
}

/** The verdict: its words (VerdictTexts: title, headline, summary, means, does not mean, next steps) and its facts. */
export interface Verdict extends VerdictTexts {
  readonly outcome: VerdictOutcome;
  readonly malware: readonly string[];
  /** Ranked, at most MAX_EVIDENCE items. */
  readonly evidence: readonly EvidenceItem[];
  /** All alerts of the run, and those of them that decide the outcome. */
  readonly evidence_total: number;
  readonly deciding_total: number;
  /** "Update needed": what to update, why and how; in every outcome, never deciding it. */
  readonly update_advice: readonly UpdateAdvice[];
  /** The device in a few words ("iPhone9,3, iOS 14.3 (18C66)"), "" when unknown. */
  readonly device: string;
  /** Warnings of the run: those saying a part could not be read, and those that are only notes. */
  readonly warnings: number;
  readonly could_not_read: number;
  readonly warning_notes: number;
  /** What the run examined and which main parts of the acquisition were missing, when the run said (coverage). */
  readonly examined?: readonly string[];
  readonly missing?: readonly string[];
}

export interface VerdictInput {
  readonly alerts: readonly Alert[];
  readonly warnings?: readonly Warning[];
  readonly device?: Readonly<Record<string, unknown>>;
  /** Indicators loaded for the run; 0 means only heuristics ran; undefined when not known. */
  readonly indicators?: number;
  /** What was examined; with nothing examined the outcome is "nothing_examined". */
  readonly coverage?: Coverage;
}

const TIME_KEYS = ["isodate", "timestamp", "first_isodate", "last_modified", "isodate_read", "install_date", "date"];
const TIME_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/;

/** The alert's time; MVT leaves most indicator alerts without one, so the record's own time stands in. */
export function alertTime(a: Pick<Alert, "event_time" | "event">): string {
  if (typeof a.event_time === "string" && TIME_TEXT.test(a.event_time)) return a.event_time;
  const e = a.event;
  if (e && typeof e === "object" && !Array.isArray(e)) {
    for (const k of TIME_KEYS) {
      const v = (e as Record<string, unknown>)[k];
      if (typeof v === "string" && TIME_TEXT.test(v)) return v;
    }
  }
  return "";
}

/**
 * "iPhone9,3, iOS 14.3 (18C66)"; Android: model, Android version and patch level. A filesystem dump or sysdiagnose
 * names only the system ("iPhone OS", SystemVersion.plist's ProductName), not the model: shown as "iPhone".
 */
export function deviceLine(d: Readonly<Record<string, unknown>> | undefined): string {
  if (!d) return "";
  const product = str(d.product_name) === "iPhone OS" ? "iPhone" : str(d.product_name);
  const name = product || str(d.product_type) || str(d.model) || str(d.device_name);
  const ios = str(d.ios_version);
  const android = str(d.android_version);
  const build = str(d.build_version);
  const os = ios ? `iOS ${ios}${build ? ` (${build})` : ""}` : android ? `Android ${android}` : "";
  const patch = str(d.security_patch) ? `security patch ${str(d.security_patch)}` : "";
  return [name, os, patch].filter(Boolean).join(", ");
}

export interface RankedAlert {
  readonly alert: Alert;
  readonly kind: EvidenceKind;
  readonly decides: boolean;
  readonly rule: string;
  /** alertTime() of the alert. */
  readonly time: string;
  readonly update?: UpdateAdvice;
}

/** A ranked alert with its run order (the last tie-breaker) and its classification (for the sideload pairing). */
export interface Ranked extends RankedAlert {
  readonly i: number;
  readonly c: Classified;
}

/** Ranks one alert by its own classification; the sideload pairing may make it decide once the run is known. */
function ranked(alert: Alert, i: number): Ranked {
  const c = classify(alert);
  return { alert, i, c, kind: c.kind, decides: c.decides, rule: c.rule, time: alertTime(alert), ...(c.update ? { update: c.update } : {}) };
}

/** The evidence order (see the ranking rule in the file header): negative when x comes first. */
function compareRanked(x: RankedAlert & { i: number }, y: RankedAlert & { i: number }): number {
  return (
    Number(y.kind === "indicator") - Number(x.kind === "indicator") ||
    (LEVEL_RANK[y.alert.level] ?? 0) - (LEVEL_RANK[x.alert.level] ?? 0) ||
    Number(y.decides) - Number(x.decides) ||
    (x.time === "" ? 1 : 0) - (y.time === "" ? 1 : 0) ||
    (x.time < y.time ? -1 : x.time > y.time ? 1 : 0) ||
    x.i - y.i
  );
}

const plain = ({ alert, kind, decides, rule, time, update }: RankedAlert): RankedAlert => ({ alert, kind, decides, rule, time, ...(update ? { update } : {}) });

/** With the whole run's sideload pairs known: a sideloaded app that also holds a dangerous permission decides. */
const paired = (r: Ranked, pairs: SideloadPairs): Ranked => (!r.decides && decidesWith(r.c, pairs) ? { ...r, decides: true } : r);

/**
 * The first `max` alerts in evidence order among all those offered, in order: a sorted array with binary insertion.
 * Memory is `max` alerts however many are offered (a run can raise 10^6); most offers cost one comparison.
 */
export class TopRanked {
  private items: Ranked[] = [];
  private offered = 0;
  /** Alerts accepted so far (kept or not). */
  total = 0;
  /** `accept`: which alerts compete (e.g. those that decide); the others are ignored. */
  constructor(
    private readonly max: number,
    private readonly accept?: (r: RankedAlert) => boolean,
  ) {}

  /** Offers the next alert in run order; odd values (not an object) are skipped. */
  add(alert: Alert): void {
    if (!alert || typeof alert !== "object") return;
    const r = ranked(alert, this.offered++);
    if (this.accept && !this.accept(r)) return;
    this.addRanked(r);
  }

  /** @internal an alert already ranked by the caller, with its run order. */
  addRanked(r: Ranked): Ranked {
    this.total++;
    const n = this.items.length;
    if (this.max <= 0 || (n >= this.max && compareRanked(r, this.items[n - 1]!) >= 0)) return r;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRanked(this.items[mid]!, r) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, r);
    if (this.items.length > this.max) this.items.pop();
    return r;
  }

  /** The kept alerts, in evidence order; with `pairs`, the sideload pairing applied first. */
  list(pairs?: SideloadPairs): RankedAlert[] {
    const items = pairs ? this.items.map((r) => paired(r, pairs)).sort(compareRanked) : this.items;
    return items.map(plain);
  }
}

/** Every alert in evidence order (see the ranking rule in the file header). Holds them all: for short lists. */
export function rankAlerts(alerts: readonly Alert[]): RankedAlert[] {
  const pairs = new SideloadPairs();
  const all = alerts.filter((a) => !!a && typeof a === "object").map(ranked);
  for (const r of all) pairs.add(r.c.sideload);
  return all.map((r) => paired(r, pairs)).sort(compareRanked).map(plain);
}

/** Distinct malware names, update products and stalkerware apps kept (bounds for hostile results folders). */
const MAX_NAMES = 1000;

/** What the verdict needs besides the alerts. */
export type VerdictFacts = Omit<VerdictInput, "alerts">;

/** Builds a verdict from alerts given one at a time: counts and bounded lists, never the alerts themselves. */
export interface VerdictAccumulator {
  /** The next alert in run order; odd values (not an object) are skipped, as computeVerdict does. */
  add(alert: Alert): void;
  finish(facts: VerdictFacts): Verdict;
}

/**
 * `onRanked`: sees every alert as the accumulator ranked it (run order included), so that other bounded lists (the
 * report's cards) use the same ranking without classifying each alert again.
 */
export function verdictAccumulator(onRanked?: (r: Ranked) => void): VerdictAccumulator {
  // Sideloaded apps are kept apart until the end: whether one decides depends on a later alert (its permissions).
  const top = new TopRanked(MAX_EVIDENCE);
  const pairs = new SideloadPairs();
  const sideloaded = new Map<string, number>();
  const deciding: Record<EvidenceKind, number> = { indicator: 0, lookalike_link: 0, update: 0, heuristic: 0, note: 0 };
  const malwareNames = new Set<string>();
  const stalkerware = new Set<string>();
  let otherMatches = false;
  let deletedMatches = 0;
  // "Update needed", once per product (an OS can have a HIGH, an advice-only and an old-patch alert: the first ranked
  // stays); alerts that name no product are kept once per steps.
  const updates = new Map<string, Ranked>();
  let total = 0;
  return {
    add(a) {
      if (!a || typeof a !== "object") return;
      const r = top.addRanked(ranked(a, total++));
      onRanked?.(r);
      pairs.add(r.c.sideload);
      if (r.decides) deciding[r.kind]++;
      if (r.decides && r.rule === "indicator-in-deleted-record") deletedMatches++;
      else if (r.c.sideload?.role === "sideloaded") sideloaded.set(r.c.sideload.package, (sideloaded.get(r.c.sideload.package) ?? 0) + 1);
      const m = a.matched_indicator;
      if (m && malwareNames.size < MAX_NAMES) malwareNames.add(str(m.name) || "an unnamed indicator set");
      if (m && isStalkerwareMatch(m)) {
        if (stalkerware.size < MAX_NAMES) stalkerware.add(stalkerwareName(String(m.name)));
      } else if (m) otherMatches = true;
      const u = r.update;
      if (!u) return;
      const key = u.what === UNNAMED ? `${u.what}\0${u.advice}` : u.what;
      const known = updates.get(key);
      if (known ? compareRanked(r, known) < 0 : updates.size < MAX_NAMES) updates.set(key, r);
    },
    finish(facts) {
      let pairedSideloads = 0;
      for (const [pkg, n] of sideloaded) if (pairs.paired(pkg)) pairedSideloads += n;
      const heuristics = deciding.heuristic + pairedSideloads;
      const update_advice = [...updates.values()].sort(compareRanked).map((r) => r.update!);
      const evidence: EvidenceItem[] = top.list(pairs).map(({ alert: a, kind, decides, rule, time }) => {
        const m = a.matched_indicator;
        const place = deletedPlaceOf(a.event);
        return {
          kind,
          level: a.level,
          module: str(a.module),
          message: str(a.message),
          time,
          decides,
          rule,
          ...(m ? { malware: str(m.name), indicator: { value: str(m.value), type: str(m.type), source: str(m.stix2_file_name) } } : {}),
          ...(place ? { deleted: `${str(place.found_in)} of ${str(place.file)}, byte offset ${str(place.offset)}` } : {}),
        };
      });
      const warningList = facts.warnings ?? [];
      const couldNotRead = warningList.filter((w) => classifyWarning(w) === "could_not_read").length;
      const cov = facts.coverage;
      const matches = deciding.indicator;
      const links = deciding.lookalike_link;
      const malware = [...malwareNames].sort();
      const outcome = outcomeOf({ matches, deciding: links + heuristics, examined: cov ? (cov.examined?.length ?? 0) : undefined });
      const verdict: Verdict = {
        outcome,
        ...verdictTexts({
          outcome, matches, deletedMatches, links, heuristics, malware, updates: update_advice.length, couldNotRead, missing: cov?.missing ?? [],
          indicators: facts.indicators, iphone: !!str(facts.device?.ios_version),
        }),
        malware, evidence, evidence_total: total, deciding_total: matches + links + heuristics + deciding.update + deciding.note, update_advice,
        device: deviceLine(facts.device), warnings: warningList.length, could_not_read: couldNotRead, warning_notes: warningList.length - couldNotRead,
        ...(cov ? { examined: [...(cov.examined ?? [])], missing: [...(cov.missing ?? [])] } : {}),
      };
      return outcome === "known_spyware" ? withStalkerwareAdvice(verdict, [...stalkerware].sort(), !otherMatches) : verdict;
    },
  };
}

/** Computes the verdict; never throws on odd alerts (missing fields are read as empty). */
export function computeVerdict(input: VerdictInput): Verdict {
  const acc = verdictAccumulator();
  for (const a of input.alerts ?? []) acc.add(a);
  return acc.finish(input);
}

const WIDTH = 78;

/** Wraps text at spaces into lines of at most WIDTH characters; continuation lines get `indent`. */
function wrap(text: string, first: string, indent: string): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = out.length ? indent : first;
    let empty = true;
    // Words longer than a line (URLs) are cut into pieces.
    const words = para.split(/\s+/).filter(Boolean).flatMap((w) => w.match(new RegExp(`.{1,${WIDTH - indent.length}}`, "gu")) ?? []);
    for (const word of words) {
      if (!empty && line.length + 1 + word.length > WIDTH) {
        out.push(line);
        line = indent + word;
      } else {
        line += (empty ? "" : " ") + word;
      }
      empty = false;
    }
    out.push(line);
  }
  return out;
}

/** Evidence lines printed by verdictText (the report and alerts.json list them all). */
const TEXT_EVIDENCE = 10;

/** Evidence messages are cut at this length in the terminal (with "…"; the report and alerts.json hold them whole). */
const TEXT_MESSAGE = 300;
const clipText = (t: string) => (t.length > TEXT_MESSAGE ? t.slice(0, TEXT_MESSAGE - 1).trimEnd() + "…" : t);

/** The verdict in plain words for a terminal: short lines, no colours; printed last by the check commands. */
export function verdictText(v: Verdict): string {
  const lines: string[] = ["VERDICT: " + v.title.toUpperCase()];
  if (v.malware.length) lines.push(...wrap(`Spyware: ${v.malware.join(", ")}`, "", "  "));
  if (v.device) lines.push(...wrap(`Phone: ${v.device}`, "", "  "));
  if (v.examined) lines.push(...wrap(`Examined: ${v.examined.length ? v.examined.join(", ") : "nothing"}`, "", "  "));
  if (v.missing?.length) lines.push(...wrap(`Missing: ${v.missing.join(", ")}`, "", "  "));
  lines.push(...wrap(v.summary, "", ""), "");
  const list = (title: string, items: readonly string[], numbered = false) => {
    if (!items.length) return;
    lines.push(title);
    items.forEach((t, i) => lines.push(...wrap(t, numbered ? `${i + 1}. ` : "- ", numbered ? "   " : "  ")));
    lines.push("");
  };
  list("What this means:", v.means);
  list("What it does not mean:", v.does_not_mean);
  const shown = v.evidence.filter((e) => e.decides).slice(0, TEXT_EVIDENCE);
  if (shown.length) {
    lines.push(`Evidence, most serious first:`);
    for (const e of shown) {
      const head = `${e.level} ${e.module}${e.time ? ` ${e.time.slice(0, 19)}` : ""}: `;
      lines.push(...wrap(head + clipText(e.message.replace(/\s+/g, " ")), "- ", "  "));
    }
    const more = v.deciding_total - shown.length;
    if (more > 0) lines.push(`- … and ${more} more in report.html and alerts.json`);
    lines.push("");
  }
  // What, why and how; verdict.json files written before "what/why/how" existed carry only message and advice.
  list("Update needed (this does not change the verdict):", v.update_advice.map((u) =>
    u.what && u.why ? `${u.what}: ${u.why}\nHow: ${u.how || u.advice}` : u.message.includes(u.advice) ? u.message : `${u.message}\n${u.advice}`));
  const notes = v.warning_notes ?? 0;
  if (notes) lines.push(...wrap(`${plural(notes, "note")} about the evidence (see the warnings) that ${notes === 1 ? "does" : "do"} not change the verdict.`, "", ""), "");
  list("Next steps:", v.next_steps, true);
  return lines.join("\n").trimEnd() + "\n";
}
