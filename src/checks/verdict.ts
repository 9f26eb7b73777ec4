/**
 * The verdict: one of three answers a non-expert can act on, computed from every alert of a run.
 *
 * Rules (also in the README, "The verdict"):
 * 1. "Traces of known spyware found" — at least one alert carries a `matched_indicator` (a public indicator of
 *    compromise matched a record); the malware names come from `matched_indicator.name`.
 * 2. "Suspicious: needs expert review" — no indicator matched, but at least one alert is MEDIUM or above: a
 *    heuristic, or a lookalike link (cross check "links": MEDIUM = imitates a brand) — except that an alert of the
 *    cross check "versions" decides only at HIGH (an installed version with exploited vulnerabilities); its MEDIUM
 *    (flaws listed for update advice only) and LOW (version unknown) give update advice, not suspicion.
 * 3. "No known traces found" — otherwise. LOW and INFORMATIONAL alerts never decide: a shortened link or a raw IP
 *    address (links, LOW) and an app whose version the evidence lacks (versions, LOW) are common on clean phones.
 *    They are listed as evidence that does not count, and every versions alert gives update advice.
 * Evidence is ranked: indicator matches first, then by level (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL), the
 * alerts that decide before those that do not, then by time (unknown times last), then in run order.
 * The verdict is plain JSON (it is written to verdict.json and crosses the worker boundary).
 */
import type { Alert, AlertLevel, Warning } from "../core/events.ts";
import { LEVEL_RANK } from "../core/events.ts";

/** Alert `module` of the cross checks (issue 6, items 2 and 3); see the rules above. */
export const LINKS_MODULE = "links";
export const VERSIONS_MODULE = "versions";
/** Evidence items kept in the verdict (the report and alerts.json hold them all). */
export const MAX_EVIDENCE = 100;

export type VerdictOutcome = "known_spyware" | "needs_review" | "no_known_traces";
export const TITLES: Record<VerdictOutcome, string> = {
  known_spyware: "Traces of known spyware found",
  needs_review: "Suspicious: needs expert review",
  no_known_traces: "No known traces found",
};
export type EvidenceKind = "indicator" | "lookalike_link" | "exploited_version" | "heuristic" | "note";

export interface EvidenceItem {
  readonly kind: EvidenceKind;
  readonly level: AlertLevel;
  readonly module: string;
  readonly message: string;
  /** The alert's time, or the record's own time when the alert has none; "" when unknown. */
  readonly time: string;
  /** Whether this item decides the outcome (LOW heuristics and notes do not). */
  readonly decides: boolean;
  readonly malware?: string;
  readonly indicator?: { readonly value: string; readonly type: string; readonly source: string };
}

export interface UpdateAdvice {
  readonly module: string;
  readonly message: string;
  readonly advice: string;
}

export interface Verdict {
  readonly outcome: VerdictOutcome;
  /** The outcome in words, one fixed text per outcome (TITLES). */
  readonly title: string;
  /** The title with the malware names, when known spyware was found. */
  readonly headline: string;
  readonly summary: string;
  readonly means: readonly string[];
  readonly does_not_mean: readonly string[];
  readonly malware: readonly string[];
  /** Ranked, at most MAX_EVIDENCE items. */
  readonly evidence: readonly EvidenceItem[];
  /** All alerts of the run, and those of them that decide the outcome. */
  readonly evidence_total: number;
  readonly deciding_total: number;
  readonly next_steps: readonly string[];
  readonly update_advice: readonly UpdateAdvice[];
  /** The device in a few words ("iPhone9,3, iOS 14.3 (18C66)"), "" when unknown. */
  readonly device: string;
  readonly warnings: number;
}

export interface VerdictInput {
  readonly alerts: readonly Alert[];
  readonly warnings?: readonly Warning[];
  readonly device?: Readonly<Record<string, unknown>>;
  /** Indicators loaded for the run; 0 means only heuristics ran; undefined when not known. */
  readonly indicators?: number;
}

const HELPLINES =
  "Access Now's Digital Security Helpline (accessnow.org/help, free, in many languages) or Amnesty International's Security Lab (securitylab.amnesty.org)";
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

function kindOf(a: Alert): EvidenceKind {
  if (a.matched_indicator) return "indicator";
  if (a.level === "INFORMATIONAL") return "note";
  if (a.module === LINKS_MODULE) return "lookalike_link";
  if (a.module === VERSIONS_MODULE) return "exploited_version";
  return LEVEL_RANK[a.level] >= LEVEL_RANK.MEDIUM ? "heuristic" : "note";
}

/** Whether an alert decides the outcome (rules 1 and 2 above). */
function decides(a: Alert, kind: EvidenceKind): boolean {
  if (kind === "indicator") return true;
  if (kind === "exploited_version") return LEVEL_RANK[a.level] >= LEVEL_RANK.HIGH;
  return kind !== "note" && LEVEL_RANK[a.level] >= LEVEL_RANK.MEDIUM;
}

/** The `advice` text of a versions alert's event (a string, or a list of steps). */
function adviceOf(a: Alert): string {
  const e = a.event as Record<string, unknown> | null;
  const v = e && typeof e === "object" ? e.advice : undefined;
  if (typeof v === "string") return v.trim();
  if (Array.isArray(v)) return v.filter((x) => typeof x === "string").join("\n").trim();
  return "";
}

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** "iPhone9,3, iOS 14.3 (18C66)"; Android: model, Android version and patch level. */
export function deviceLine(d: Readonly<Record<string, unknown>> | undefined): string {
  if (!d) return "";
  const name = str(d.product_name) || str(d.product_type) || str(d.model) || str(d.device_name);
  const ios = str(d.ios_version);
  const android = str(d.android_version);
  const build = str(d.build_version);
  const os = ios ? `iOS ${ios}${build ? ` (${build})` : ""}` : android ? `Android ${android}` : "";
  const patch = str(d.security_patch) ? `security patch ${str(d.security_patch)}` : "";
  return [name, os, patch].filter(Boolean).join(", ");
}

const plural = (n: number, one: string, many = one + "s") => `${n} ${n === 1 ? one : many}`;
const names = (list: readonly string[]) =>
  list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;

export interface RankedAlert {
  readonly alert: Alert;
  readonly kind: EvidenceKind;
  readonly decides: boolean;
  /** alertTime() of the alert. */
  readonly time: string;
}

/** A ranked alert with its run order (the last tie-breaker). */
interface Ranked extends RankedAlert {
  readonly i: number;
}

function ranked(alert: Alert, i: number): Ranked {
  const kind = kindOf(alert);
  return { alert, i, kind, decides: decides(alert, kind), time: alertTime(alert) };
}

/** The evidence order (see the ranking rule in the file header): negative when x comes first. */
function compareRanked(x: Ranked, y: Ranked): number {
  return (
    Number(y.kind === "indicator") - Number(x.kind === "indicator") ||
    (LEVEL_RANK[y.alert.level] ?? 0) - (LEVEL_RANK[x.alert.level] ?? 0) ||
    Number(y.decides) - Number(x.decides) ||
    (x.time === "" ? 1 : 0) - (y.time === "" ? 1 : 0) ||
    (x.time < y.time ? -1 : x.time > y.time ? 1 : 0) ||
    x.i - y.i
  );
}

const plain = ({ alert, kind, decides, time }: Ranked): RankedAlert => ({ alert, kind, decides, time });

/**
 * The first `max` alerts in evidence order among all those offered, in order: a sorted array with binary insertion.
 * Memory is `max` alerts however many are offered (a run can raise 10^6); most offers cost one comparison.
 */
export class TopRanked {
  private readonly items: Ranked[] = [];
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

  /** The kept alerts, in evidence order. */
  list(): RankedAlert[] {
    return this.items.map(plain);
  }
}

/** Every alert in evidence order (see the ranking rule in the file header). Holds them all: for short lists. */
export function rankAlerts(alerts: readonly Alert[]): RankedAlert[] {
  return alerts
    .filter((a) => !!a && typeof a === "object")
    .map(ranked)
    .sort(compareRanked)
    .map(plain);
}

/** Distinct malware names and update advice kept (bounds for hostile results folders; a run has a few). */
const MAX_MALWARE = 1000;
const MAX_ADVICE = 1000;

/** What the verdict needs besides the alerts. */
export type VerdictFacts = Omit<VerdictInput, "alerts">;

/** Builds a verdict from alerts given one at a time: counts and bounded lists, never the alerts themselves. */
export interface VerdictAccumulator {
  /** The next alert in run order; odd values (not an object) are skipped, as computeVerdict does. */
  add(alert: Alert): void;
  finish(facts: VerdictFacts): Verdict;
}

export function verdictAccumulator(): VerdictAccumulator {
  const top = new TopRanked(MAX_EVIDENCE);
  const deciding: Record<EvidenceKind, number> = { indicator: 0, lookalike_link: 0, exploited_version: 0, heuristic: 0, note: 0 };
  const malwareNames = new Set<string>();
  // One entry per product and advice (an OS can have a HIGH and an advice-only alert): the first ranked stays.
  const advice = new Map<string, { r: Ranked; item: UpdateAdvice }>();
  let total = 0;
  let decidingTotal = 0;
  return {
    add(a) {
      if (!a || typeof a !== "object") return;
      const r = top.addRanked(ranked(a, total++));
      if (r.decides) {
        decidingTotal++;
        deciding[r.kind]++;
      }
      if (a.matched_indicator && malwareNames.size < MAX_MALWARE) malwareNames.add(str(a.matched_indicator.name) || "an unnamed indicator set");
      if (r.kind !== "exploited_version") return;
      const text = adviceOf(a) || "Update this app or the phone's system to the newest version.";
      const e = a.event as Record<string, unknown> | null;
      const key = `${(e && typeof e === "object" && typeof e.product === "string" && e.product) || a.message}\0${text}`;
      const known = advice.get(key);
      if (known ? compareRanked(r, known.r) < 0 : advice.size < MAX_ADVICE) advice.set(key, { r, item: { module: str(a.module), message: str(a.message), advice: text } });
    },
    finish(facts) {
      const update_advice = [...advice.values()].sort((x, y) => compareRanked(x.r, y.r)).map((x) => x.item);
      const evidence: EvidenceItem[] = top.list().map(({ alert: a, kind, decides, time }) => {
        const m = a.matched_indicator;
        return {
          kind,
          level: a.level,
          module: str(a.module),
          message: str(a.message),
          time,
          decides,
          ...(m ? { malware: str(m.name), indicator: { value: str(m.value), type: str(m.type), source: str(m.stix2_file_name) } } : {}),
        };
      });
      const tally = { matches: deciding.indicator, links: deciding.lookalike_link, versions: deciding.exploited_version, heuristics: deciding.heuristic };
      return verdictOf(tally, { malware: [...malwareNames].sort(), evidence, evidence_total: total, deciding_total: decidingTotal, update_advice }, facts);
    },
  };
}

/** Computes the verdict; never throws on odd alerts (missing fields are read as empty). */
export function computeVerdict(input: VerdictInput): Verdict {
  const acc = verdictAccumulator();
  for (const a of input.alerts ?? []) acc.add(a);
  return acc.finish(input);
}

/** The verdict from the deciding alerts counted per kind and the lists kept (see verdictAccumulator). */
function verdictOf(
  { matches, links, versions, heuristics }: { matches: number; links: number; versions: number; heuristics: number },
  lists: Pick<Verdict, "malware" | "evidence" | "evidence_total" | "deciding_total" | "update_advice">,
  input: VerdictFacts,
): Verdict {
  const warnings = input.warnings?.length ?? 0;
  const { malware, update_advice } = lists;
  const base = { ...lists, device: deviceLine(input.device), warnings };
  const notRead = warnings ? [`${plural(warnings, "warning")} came up (see the warnings): evidence that could not be read was not checked.`] : [];

  if (matches) {
    return {
      outcome: "known_spyware",
      title: TITLES.known_spyware,
      headline: `${TITLES.known_spyware}: ${names(malware)}`,
      summary: `${plural(matches, "record")} on this phone match${matches === 1 ? "es" : ""} public indicators of ${names(malware)}.`,
      means: [
        `Something on the phone (a message, a visited website, a process, an app or a file) matches an indicator that researchers have tied to ${names(malware)}.`,
        "This is strong evidence that the phone was targeted or infected. It should still be confirmed by an expert: an indicator can be listed by mistake or reused.",
      ],
      does_not_mean: [
        "It does not say whether the spyware is still active, or what it took.",
        "It does not prove that nothing else is on the phone: public indicators cover only what researchers have published.",
      ],
      next_steps: [
        "Do not reset, wipe or update the phone, and do not delete apps or messages, before an expert has looked: that would destroy evidence.",
        "Preserve the evidence: keep the backup and this results folder, and make a copy on a drive you keep offline.",
        `Contact a digital-security helpline: ${HELPLINES}. Share the results only with them.`,
        "Until then, assume the phone can be listened to: hold sensitive conversations on another device, away from this phone.",
        ...(update_advice.length ? ["Once the expert has what they need, update the apps and the system listed under \"Update advice\"."] : []),
      ],
      ...base,
    };
  }
  if (links + versions + heuristics) {
    const means = [
      ...(links ? [`${plural(links, "link")} in the evidence imitate${links === 1 ? "s" : ""} a known organisation (a lookalike domain): spyware operators send such links to infect phones.`] : []),
      ...(versions ? [`${plural(versions, "app or system version")} on the phone ${versions === 1 ? "has" : "have"} security flaws that spyware has exploited.`] : []),
      ...(heuristics ? [`${plural(heuristics, "record")} look${heuristics === 1 ? "s" : ""} unusual in a way that spyware has caused before.`] : []),
    ];
    return {
      outcome: "needs_review",
      title: TITLES.needs_review,
      headline: TITLES.needs_review,
      summary: `No public indicator of spyware matched, but ${plural(links + versions + heuristics, "finding")} need${links + versions + heuristics === 1 ? "s" : ""} a closer look by an expert.`,
      means,
      does_not_mean: [
        "It does not mean the phone is infected: each finding can have an innocent explanation (a look-alike name chosen by chance, an app not yet updated).",
        "It does not mean the phone is clean either: public indicators cannot prove that.",
        ...notRead,
      ],
      next_steps: [
        "Preserve the evidence: keep the backup and this results folder. If you must update the phone now, make and keep a new backup first.",
        `Ask an expert to review the findings: ${HELPLINES}.`,
        ...(links ? ["Do not open the links listed in the findings."] : []),
        ...(update_advice.length ? ["Update the apps and the system listed under \"Update advice\"."] : []),
      ],
      ...base,
    };
  }
  const iphone = !!str(input.device?.ios_version);
  return {
    outcome: "no_known_traces",
    title: TITLES.no_known_traces,
    headline: TITLES.no_known_traces,
    summary:
      input.indicators === 0
        ? "No indicators were loaded, so only the heuristics ran: they found nothing that needs review."
        : "Nothing in the evidence matched a public indicator of spyware, and no check raised a concern.",
    means: ["None of the records Spyglass read matches what researchers have published about mercenary spyware, and no heuristic, link or version check found anything that needs review."],
    does_not_mean: [
      "It does not prove the phone is clean: public indicators cover only attacks that researchers have found and published, and recent spyware leaves few traces.",
      "A backup holds only part of what is on a phone; some traces show only in other acquisitions.",
      ...(input.indicators === 0 ? ["No indicators were loaded, so nothing was compared with known spyware."] : []),
      ...notRead,
    ],
    next_steps: [
      "Keep the backup and this results folder: checking them again later with newer indicators (spyglass check-iocs RESULTS) can find what is not known today.",
      `If you still have reason to worry (your work is sensitive, you got an unexpected message with a link, or a threat notification from Apple, Google or Meta), contact ${HELPLINES}.`,
      ...(update_advice.length ? ["Check and update the apps and the system listed under \"Update advice\"."] : []),
      iphone
        ? "Keep the phone and its apps updated; if you may be targeted, turn on Lockdown Mode (Settings → Privacy & Security → Lockdown Mode)."
        : "Keep the phone and its apps updated.",
    ],
    ...base,
  };
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

/** The verdict in plain words for a terminal: short lines, no colours; printed last by the check commands. */
export function verdictText(v: Verdict): string {
  const lines: string[] = ["VERDICT: " + v.title.toUpperCase()];
  if (v.malware.length) lines.push(...wrap(`Spyware: ${v.malware.join(", ")}`, "", "  "));
  if (v.device) lines.push(...wrap(`Phone: ${v.device}`, "", "  "));
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
      lines.push(...wrap(head + e.message.replace(/\s+/g, " ").slice(0, 300), "- ", "  "));
    }
    const more = v.deciding_total - shown.length;
    if (more > 0) lines.push(`- … and ${more} more in report.html and alerts.json`);
    lines.push("");
  }
  // Version messages usually carry their advice already; repeat it only when they do not.
  list("Update advice:", v.update_advice.map((u) => (u.message.includes(u.advice) ? u.message : `${u.message}\n${u.advice}`)));
  list("Next steps:", v.next_steps, true);
  return lines.join("\n").trimEnd() + "\n";
}
