/**
 * The verdict's rules over ONE alert (issue 13, item 7): what kind of evidence an alert is, whether it decides the
 * outcome, and what update it asks for. MVT's alert levels stay as the modules write them (parity with MVT's files);
 * the verdict reads them through this table, whose reasons are in words (the README, "The verdict", lists them).
 *
 * - An indicator match is the only evidence of KNOWN spyware, in a live record or in one recovered from deleted data.
 * - Lookalike links at MEDIUM or above and heuristics that point at compromise decide "suspicious".
 * - Exploited app or OS versions and an old patch level are risks to fix, not evidence of infection: "Update needed".
 * - Everything else is a note: listed, never deciding, because it is common on clean phones.
 */
import type { Alert, Warning } from "../core/events.ts";
import { LEVEL_RANK } from "../core/events.ts";
import { DANGEROUS_PERMISSIONS } from "../artifacts/_shared/android-lists.ts";
import { ADVICE } from "./known-exploited.ts";
import { isSystemAccessibilityPackage } from "./verdict-system-apps.ts";
import { isDeletedAlert } from "../core/carve-place.ts";

/** Alert `module` of the cross checks (issue 6, items 2 and 3). */
export const LINKS_MODULE = "links";
export const VERSIONS_MODULE = "versions";

export type EvidenceKind = "indicator" | "lookalike_link" | "heuristic" | "update" | "note";

export interface UpdateAdvice {
  readonly module: string;
  /** The alert's message. */
  readonly message: string;
  /** What to update, in words people know ("iOS", "WhatsApp", "Android"). */
  readonly what: string;
  /** Why, in one or two plain sentences. */
  readonly why: string;
  /** How: the taps, and the version to reach when known. */
  readonly how: string;
  /** The how, under the name verdict.json has always used. */
  readonly advice: string;
}

/** An Android package seen as sideloaded, or holding a dangerous permission: both together decide (see RULES). */
export interface SideloadSignal {
  readonly package: string;
  readonly role: "sideloaded" | "dangerous_permission";
}

export interface Classified {
  readonly kind: EvidenceKind;
  readonly decides: boolean;
  /** The id of the rule that matched (RULES[].id). */
  readonly rule: string;
  readonly update?: UpdateAdvice;
  readonly sideload?: SideloadSignal;
}

interface Rule {
  readonly id: string;
  readonly kind: EvidenceKind;
  readonly decides: boolean;
  /** Why the rule is what it is, in words. */
  readonly reason: string;
  readonly applies: (a: Alert) => boolean;
}

const ev = (a: Alert): Record<string, unknown> => (a.event && typeof a.event === "object" && !Array.isArray(a.event) ? (a.event as Record<string, unknown>) : {});
/** An alert field as text: numbers written out, anything else "" (alerts from a results folder can be odd). */
export const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const atLeast = (a: Alert, level: keyof typeof LEVEL_RANK) => (LEVEL_RANK[a.level] ?? 0) >= LEVEL_RANK[level];
const on = (modules: readonly string[], message?: RegExp) => (a: Alert) => modules.includes(a.module) && (!message || message.test(str(a.message)));

const GETPROP = ["aqf_get_prop", "dumpsys_get_prop"];
const PACKAGES = ["aqf_packages", "dumpsys_packages"];
const SIDELOADED = /^Found a (non-system package installed via adb or another method|package installed via a browser)/;
const PATCH = /^This phone has not received security updates/;

/** An accessibility service the "Enabled services:{{pkg/svc}}" syntax listed: its `service` lacks the package. */
const enabledService = (a: Alert) => !str(ev(a).service).includes("/");
const accessibilityPackage = (a: Alert) => str(ev(a).package_name);

/**
 * First match wins. Rules are keyed on the module and the message MVT writes (src/artifacts/**, src/checks/*);
 * the last rule keeps an alert no rule knows from being ignored.
 */
export const RULES: readonly Rule[] = [
  { id: "indicator-in-deleted-record", kind: "indicator", decides: true, applies: (a) => !!a.matched_indicator && isDeletedAlert(a),
    reason: "A public indicator of compromise matched a record recovered from deleted data (free space, the freelist or an old WAL frame of a database): spyware and its operators delete their traces, and a deleted trace is still evidence of known spyware." },
  { id: "indicator", kind: "indicator", decides: true, applies: (a) => !!a.matched_indicator,
    reason: "A public indicator of compromise matched a record: the only evidence of known spyware." },
  { id: "lookalike-link", kind: "lookalike_link", decides: true, applies: (a) => a.module === LINKS_MODULE && atLeast(a, "MEDIUM"),
    reason: "A link imitates a known organisation strongly enough (MEDIUM or above): operators send such links to infect phones." },
  { id: "hidden-link", kind: "note", decides: false, applies: on([LINKS_MODULE]),
    reason: "A shortened link or a raw IP address hides where it leads; real phones hold many." },
  { id: "exploited-version", kind: "update", decides: false, applies: on([VERSIONS_MODULE]),
    reason: "An app or OS version with flaws spyware has used is a risk to fix now, not evidence of infection: most phones in the world are behind." },
  { id: "old-patch-level", kind: "update", decides: false, applies: on(GETPROP, PATCH),
    reason: "An old Android security patch is a risk to fix, not evidence of infection." },
  { id: "apple-threat-notification", kind: "heuristic", decides: true, applies: on(["sms"], /^Apple warning about state-sponsored attack/),
    reason: "Apple sends threat notifications to people it believes were targeted by mercenary spyware." },
  { id: "deleted-process-record", kind: "heuristic", decides: true, applies: on(["datausage"], /^Found manipulated process entry/),
    reason: "Network usage that belongs to a process record that is gone: Pegasus deleted its own process records (Amnesty's forensic methodology, 2021)." },
  { id: "process-id-gap", kind: "note", decides: false, applies: on(["datausage"], /^Missing process/),
    reason: "A gap in the process numbering alone: iOS also removes old records itself (MVT rates it LOW)." },
  { id: "root-binary", kind: "heuristic", decides: true, applies: on(["root_binaries"]),
    reason: "A root binary lets any app read everything on the phone; stock phones have none." },
  { id: "rooting-app", kind: "heuristic", decides: true, applies: on(PACKAGES, /^Found an installed package related to rooting/),
    reason: "A rooting or root-hiding app: the phone's protections are switched off." },
  { id: "system-partition-writable", kind: "heuristic", decides: true, applies: (a) => a.module === "mounts" && atLeast(a, "HIGH"),
    reason: "A system partition mounted read-write: the system was modified (rooted)." },
  { id: "mount-options", kind: "note", decides: false, applies: on(["mounts"]),
    reason: "Mount options such as noatime: many stock phones use them." },
  { id: "file-in-local-tmp", kind: "heuristic", decides: true, applies: on(["aqf_files"], /^Found (executable )?file at suspicious path/),
    reason: "A file under /data/local/tmp/, where exploits drop their payloads (androidqf's own collector is excluded)." },
  { id: "accessibility-enabled-third-party", kind: "heuristic", decides: true,
    applies: (a) => a.module === "dumpsys_accessibility" && enabledService(a) && !isSystemAccessibilityPackage(accessibilityPackage(a)),
    reason: "An ENABLED accessibility service of an app that is not part of the system can read the screen and act for the user: how stalkerware works." },
  { id: "accessibility-installed-or-system", kind: "note", decides: false, applies: on(["dumpsys_accessibility"]),
    reason: "An accessibility service that is only installed, or belongs to the system (TalkBack, Universal Switch): every phone has them." },
  { id: "sideloaded-app", kind: "heuristic", decides: false, applies: on(["aqf_packages"], SIDELOADED),
    reason: "An app installed outside a store decides only when it also holds a dangerous permission (SMS, microphone, location…, or may install apps)." },
  { id: "risky-app-op", kind: "note", decides: false, applies: on(["dumpsys_appops"]),
    reason: "Permission to install apps is held by browsers and file managers on clean phones; com.android.shell is adb, which the acquisition itself uses." },
  { id: "ios-app-outside-app-store", kind: "heuristic", decides: true,
    applies: (a) => a.module === "applications" && /^Suspicious app not installed from the App Store/.test(str(a.message)) && str(ev(a).sourceApp) !== "com.apple.TestFlight",
    reason: "An iPhone app installed outside the App Store, MDM and TestFlight needs a developer or enterprise profile: how iPhone stalkerware arrives." },
  { id: "ios-app-note", kind: "note", decides: false, applies: on(["applications"]),
    reason: "A TestFlight beta, or an app record without a bundle id: seen on clean phones." },
  { id: "notification-profile", kind: "heuristic", decides: true, applies: on(["configuration_profiles"]),
    reason: "A configuration profile that changes notification settings, as seen hiding zero-click attacks." },
  { id: "id-status-nul-lookup", kind: "heuristic", decides: true, applies: on(["id_status_cache"]),
    reason: "An iMessage lookup of a handle with NUL characters, seen in Pegasus zero-click attempts." },
  { id: "tmp-attachment", kind: "heuristic", decides: true, applies: on(["sms_attachments"], /^Suspicious iMessage attachment/),
    reason: "A received attachment staged in /var/tmp/ with a -1 suffix, as in FORCEDENTRY deliveries." },
  { id: "crashreporter-plist", kind: "heuristic", decides: true, applies: on(["manifest"], /CrashReporter\.plist/),
    reason: "com.apple.CrashReporter.plist created in RootDomain: Pegasus wrote it to silence crash reports." },
  { id: "redirect-between-indicator-domains", kind: "heuristic", decides: true, applies: on(["webkit_session_resource_log"]),
    reason: "A browser redirect between domains that are both public indicators." },
  { id: "quadream-calendar-event", kind: "heuristic", decides: true, applies: on(["calendar"], /Quadream/),
    reason: "A calendar event shaped as Quadream's exploit left them (\"Meeting\" / \"Notes\")." },
  { id: "fast-redirect", kind: "note", decides: false, applies: on(["safari_history"]),
    reason: "A redirect faster than a second from an http:// page: network injection looks like this, but so do many trackers (MVT warns of false positives)." },
  { id: "system-crash", kind: "note", decides: false, applies: on(["tombstones"]),
    reason: "A crash of a system process: every phone has some." },
  { id: "key-integrity-violation", kind: "heuristic", decides: true, applies: on(["security_event"], /^Key integrity violation/),
    reason: "The phone itself reported keys tampered with." },
  { id: "certificate-authority-installed", kind: "heuristic", decides: true, applies: on(["security_event"], /^Certificate authority installed/),
    reason: "A certificate authority installed on the phone lets its owner read encrypted traffic." },
  { id: "security-log-note", kind: "note", decides: false, applies: on(["security_event"]),
    reason: "Certificate validation failures, a failed wipe or self test: network and hardware trouble on clean phones." },
  { id: "weakened-protection", kind: "note", decides: false, applies: (a) => a.module === "aqf_settings" || (PACKAGES.includes(a.module) && / disabled on the phone$/.test(str(a.message))),
    reason: "A setting or app that weakens protection (Play Protect off, a security agent disabled): worth fixing, not evidence of infection." },
  { id: "package-history", kind: "note", decides: false, applies: on(["dumpsys_battery_daily"]),
    reason: "Apps uninstalled or downgraded: people do this every day." },
  { id: "unknown-at-medium", kind: "heuristic", decides: true, applies: (a) => atLeast(a, "MEDIUM"),
    reason: "A MEDIUM or higher alert no rule above knows: not silently ignored." },
  { id: "low-or-informational", kind: "note", decides: false, applies: () => true,
    reason: "LOW and INFORMATIONAL alerts (ADB keys, profile operations, Lockdown Mode…) are common on clean phones." },
];

const RULE_BY_ID = new Map(RULES.map((r) => [r.id, r]));
/** The reason of a rule, for the report. */
export const reasonOf = (id: string): string => RULE_BY_ID.get(id)?.reason ?? "";

/** Names of a dangerous permission in the record of a package alert (dumpsys package lists them; androidqf does not). */
function holdsDangerousPermission(a: Alert): boolean {
  const e = ev(a);
  const names = [...(Array.isArray(e.permissions) ? e.permissions : []), ...(Array.isArray(e.requested_permissions) ? e.requested_permissions : [])]
    .map((p) => (p && typeof p === "object" ? str((p as Record<string, unknown>).name) : str(p)));
  return names.some((n) => DANGEROUS_PERMISSIONS.has(n));
}

/** The package an alert of `rule` is about, when the rule takes part in the sideload pairing. */
function sideloadOf(rule: string, a: Alert): SideloadSignal | undefined {
  const e = ev(a);
  if (rule === "sideloaded-app") {
    const name = str(e.name) || str(e.package_name);
    return name ? { package: name, role: "sideloaded" } : undefined;
  }
  // MVT's risky app-op is the permission to install other apps: what droppers need. com.android.shell is adb.
  if (rule === "risky-app-op" && /^Package '/.test(str(a.message))) {
    const name = str(e.package_name);
    return name && name !== "com.android.shell" ? { package: name, role: "dangerous_permission" } : undefined;
  }
  return undefined;
}

/** Classifies one alert: pure, never throws on odd alerts. */
export function classify(a: Alert): Classified {
  const rule = RULES.find((r) => r.applies(a))!;
  const decides = rule.decides || (rule.id === "sideloaded-app" && holdsDangerousPermission(a));
  const update = rule.kind === "update" ? updateAdviceOf(a, rule.id) : undefined;
  const sideload = decides ? undefined : sideloadOf(rule.id, a);
  return { kind: rule.kind, decides, rule: rule.id, ...(update ? { update } : {}), ...(sideload ? { sideload } : {}) };
}

/** Packages remembered for the sideload pairing; a phone has a few hundred apps. */
export const MAX_SIDELOAD_PACKAGES = 10_000;

/** Pairs sideloaded apps with dangerous permissions across alerts, in bounded memory. */
export class SideloadPairs {
  private readonly seen = { sideloaded: new Set<string>(), dangerous_permission: new Set<string>() };

  add(s: SideloadSignal | undefined): void {
    const set = s && this.seen[s.role];
    if (set && set.size < MAX_SIDELOAD_PACKAGES) set.add(s.package);
  }

  /** Whether a sideloaded package also holds a dangerous permission. */
  paired(pkg: string): boolean {
    return this.seen.sideloaded.has(pkg) && this.seen.dangerous_permission.has(pkg);
  }

  /** Sideloaded packages holding a dangerous permission. */
  count(): number {
    let n = 0;
    for (const p of this.seen.sideloaded) if (this.seen.dangerous_permission.has(p)) n++;
    return n;
  }
}

/** Whether an alert decides once the whole run is known (the sideload pairing completes it). */
export const decidesWith = (c: Classified, pairs: SideloadPairs): boolean =>
  c.decides || (c.sideload?.role === "sideloaded" && pairs.paired(c.sideload.package));

// ---- Update needed. ----

const sentence = (t: string) => (/[.!?]$/.test(t) ? t : `${t}.`);

/** `what` of an update whose alert names no product. */
export const UNNAMED = "This app or system";

const firstCves = (cve: string) => {
  const all = cve.split(", ").filter(Boolean);
  return all.length > 3 ? `${all.slice(0, 3).join(", ")} and ${all.length - 3} more` : all.join(", ");
};

/** What to update, why and how, from a versions or patch-level alert. */
export function updateAdviceOf(a: Alert, rule = classify(a).rule): UpdateAdvice | undefined {
  const e = ev(a);
  const base = { module: str(a.module), message: str(a.message) };
  if (rule === "old-patch-level") {
    const last = str(e.value).trim();
    const how = `${ADVICE.android}. If no update is offered, the maker no longer sends this phone security fixes: use a supported phone for anything sensitive.`;
    return { ...base, what: "Android", why: `The last security update${last ? ` is from ${last}` : " is old"}: flaws fixed since then can be used to break into the phone.`, how, advice: how };
  }
  if (rule !== "exploited-version") return undefined;
  const adviceField = Array.isArray(e.advice) ? e.advice.filter((x) => typeof x === "string").join("\n") : str(e.advice);
  const steps = adviceField.trim() || "Update this app or the phone's system to the newest version";
  const what = str(e.product) || UNNAMED;
  // The Android check compares the security patch level (a date), not a version number.
  const patch = /^\d{4}-\d{2}-\d{2}$/.test(str(e.installed_version));
  const version = str(e.installed_version);
  const subject = patch ? `Security patch level ${version}` : `${what}${version ? ` ${version}` : ""}`;
  const fixed = str(e.fixed_version);
  const cves = firstCves(str(e.cve));
  const why =
    a.level === "LOW"
      ? `Its version${version ? ` "${version}"` : ""} could not be read from the evidence, and older versions had flaws used in spyware attacks${cves ? ` (${cves})` : ""}.`
      : atLeast(a, "HIGH")
        ? `${subject} has flaws that were used in spyware attacks${cves ? ` (${cves})` : ""}; updating closes them.`
        : `${subject} has a known flaw${cves ? ` (${cves})` : ""} worth fixing, though spyware is not known to use it.`;
  // One number to aim at: the newest release, with the oldest one that closes these flaws beside it (the alert's
  // message says the same the other way round); a person told "26.7.1 or later" while 27.2 is out updates twice.
  const newest = str(e.newest_version);
  const target = newest ? `the newest, ${newest} (${fixed} or later closes these flaws)` : `${fixed} or later`;
  const how = sentence(fixed && a.level !== "LOW" ? `Update to ${target}: ${steps}` : steps);
  return { ...base, what, why, how, advice: steps };
}

// ---- Warnings: could not read, or a note. ----

export type WarningKind = "could_not_read" | "note";

/**
 * Warnings that state a fact about the evidence rather than a part that could not be read (issue 15, item 8): the
 * outdated-iOS warning (the versions check gives its update advice), unknown time zones or event types, limits on
 * how many repeats are listed. Every other warning means something was not read.
 */
const NOTE_WARNINGS: readonly RegExp[] = [
  /^iOS \S+ is outdated/,
  /time zone "[^"]*" is unknown|unknown time zone/,
  /^Found unknown intrusion logging (security )?event type/,
  /^Failed key generation detected/,
  /^Failed certificate authority install attempt/,
  /^more than \d+ process ids are missing/,
  /disappearing messages state is unknown/,
  /later duplicates are kept, not dropped/,
  /: not hashed in info\.json/,
];

export function classifyWarning(w: Pick<Warning, "message">): WarningKind {
  const m = str(w?.message);
  return NOTE_WARNINGS.some((r) => r.test(m)) ? "note" : "could_not_read";
}

// ---- The outcome. ----

export type VerdictOutcome = "known_spyware" | "needs_review" | "no_known_traces" | "nothing_examined";

/**
 * The outcome from counts: any indicator match → known spyware; else any deciding alert → needs review; else, when
 * the run says it examined nothing (coverage with no examined part), nothing examined — never "no known traces".
 */
export function outcomeOf(c: { readonly matches: number; readonly deciding: number; readonly examined?: number }): VerdictOutcome {
  if (c.matches > 0) return "known_spyware";
  if (c.deciding > 0) return "needs_review";
  if (c.examined === 0) return "nothing_examined";
  return "no_known_traces";
}
