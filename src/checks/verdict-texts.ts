/** The verdict's words: the title and, per outcome, what it means, what it does not mean and the next steps. */
import type { VerdictOutcome } from "./verdict-rules.ts";

export const TITLES: Record<VerdictOutcome, string> = {
  known_spyware: "Traces of known spyware found",
  needs_review: "Suspicious: needs expert review",
  no_known_traces: "No known traces found",
  nothing_examined: "Nothing was examined",
};

const HELPLINES =
  "Access Now's Digital Security Helpline (accessnow.org/help, free, in many languages) or Amnesty International's Security Lab (securitylab.amnesty.org)";

/** "1 part … it was", "2 parts … they were": the count with its noun in agreement. */
export const plural = (n: number, one: string, many = one + "s") => `${n} ${n === 1 ? one : many}`;
export const names = (list: readonly string[]) =>
  list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;

/** What the words depend on: counts and flags of the run (a streaming verdict has them at its end). */
export interface TextFacts {
  readonly outcome: VerdictOutcome;
  readonly matches: number;
  /** Of the matches, those in records recovered from deleted data. */
  readonly deletedMatches?: number;
  readonly links: number;
  readonly heuristics: number;
  readonly malware: readonly string[];
  /** Entries under "Update needed". */
  readonly updates: number;
  /** Warnings saying a part of the evidence could not be read. */
  readonly couldNotRead: number;
  /** Main parts of the acquisition that were missing. */
  readonly missing: readonly string[];
  readonly indicators?: number;
  readonly iphone: boolean;
}

export interface VerdictTexts {
  /** The outcome in words, one fixed text per outcome (TITLES). */
  readonly title: string;
  /** The title with the malware names, when known spyware was found. */
  readonly headline: string;
  readonly summary: string;
  readonly means: readonly string[];
  readonly does_not_mean: readonly string[];
  readonly next_steps: readonly string[];
}

/** Says that matched records were deleted: someone removed them, and they still count. */
function deletedNote(matches: number, deleted: number): string {
  if (!deleted) return "";
  const which = deleted === matches ? (matches === 1 ? "It was" : "All of them were") : `${deleted} of them ${deleted === 1 ? "was" : "were"}`;
  return ` ${which} deleted from the phone and recovered from the free space of its databases: spyware and its operators delete their traces, and a deleted match counts the same.`;
}

export function verdictTexts(f: TextFacts): VerdictTexts {
  const { outcome, matches, links, heuristics, malware, updates, couldNotRead, indicators, iphone } = f;
  const notRead = couldNotRead ? [`${plural(couldNotRead, "part")} of the evidence could not be read (see the warnings): ${couldNotRead === 1 ? "it was" : "they were"} not checked.`] : [];
  const missing = f.missing.length ? [`The acquisition lacks ${names(f.missing)}: traces there were not checked.`] : [];
  const updateStep = (when: string) => (updates ? [`${when}update what is listed under "Update needed".`] : []);

  if (outcome === "known_spyware") {
    return {
      title: TITLES.known_spyware,
      headline: `${TITLES.known_spyware}: ${names(malware)}`,
      summary: `${plural(matches, "record")} on this phone match${matches === 1 ? "es" : ""} public indicators of ${names(malware)}.${deletedNote(matches, f.deletedMatches ?? 0)}`,
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
        "Preserve the evidence: keep the files you checked (the backup or archive) and this results folder, and make a copy on a drive you keep offline.",
        `Contact a digital-security helpline: ${HELPLINES}. Share the results only with them.`,
        "Until then, assume the phone can be listened to: hold sensitive conversations on another device, away from this phone.",
        ...updateStep("Once the expert has what they need, "),
      ],
    };
  }
  if (outcome === "needs_review") {
    const n = links + heuristics;
    const means = [
      ...(links ? [`${plural(links, "link")} in the evidence imitate${links === 1 ? "s" : ""} a known organisation (a lookalike domain): spyware operators send such links to infect phones.`] : []),
      ...(heuristics ? [`${plural(heuristics, "record")} look${heuristics === 1 ? "s" : ""} like what spyware or stalkerware has left on phones before.`] : []),
    ];
    return {
      title: TITLES.needs_review,
      headline: TITLES.needs_review,
      summary: `No public indicator of spyware matched, but ${plural(n, "finding")} need${n === 1 ? "s" : ""} a closer look by an expert.`,
      means,
      does_not_mean: [
        "It does not mean the phone is infected: each finding can have an innocent explanation (a look-alike name chosen by chance, an organisation's own little-known address, an app the owner installed on purpose).",
        "It does not mean the phone is clean either: public indicators cannot prove that.",
        ...notRead,
        ...missing,
      ],
      next_steps: [
        "Preserve the evidence: keep the files you checked (the backup or archive) and this results folder. If you must update the phone now, make and keep a new backup first.",
        `Ask an expert to review the findings: ${HELPLINES}.`,
        ...(links ? ["Do not open the links listed in the findings."] : []),
        ...updateStep("After a new backup, "),
      ],
    };
  }
  if (outcome === "nothing_examined") {
    return {
      title: TITLES.nothing_examined,
      headline: TITLES.nothing_examined,
      summary: "Spyglass found no part of a phone acquisition it could examine here, so it gives no answer about this phone.",
      means: ["The input holds nothing Spyglass reads (or only parts it could not read): no record was checked."],
      does_not_mean: ["It does not mean the phone is clean: nothing was looked at.", ...notRead, ...missing],
      next_steps: [
        "Check that you pointed Spyglass at the acquisition itself (the backup folder, the androidqf folder or zip) and used the command for its kind.",
        `If you cannot make an acquisition that Spyglass reads, ask for help: ${HELPLINES}.`,
      ],
    };
  }
  return {
    title: TITLES.no_known_traces,
    headline: TITLES.no_known_traces,
    summary:
      indicators === 0
        ? "No indicators were loaded, so only the heuristics ran: they found nothing that needs review."
        : "Nothing in the evidence matched a public indicator of spyware, and no check raised a concern.",
    means: [
      "None of the records Spyglass read matches what researchers have published about mercenary spyware, and no heuristic or link check found anything that needs review.",
      ...(updates ? ["The phone still needs updates (see \"Update needed\"): an outdated phone is a risk to fix now, not a sign of infection."] : []),
    ],
    does_not_mean: [
      "It does not prove the phone is clean: public indicators cover only attacks that researchers have found and published, and recent spyware leaves few traces.",
      "An acquisition holds only part of what is on a phone; some traces show only in other kinds of acquisition.",
      ...(indicators === 0 ? ["No indicators were loaded, so nothing was compared with known spyware."] : []),
      ...notRead,
      ...missing,
    ],
    next_steps: [
      ...updateStep("First, "),
      "Keep the files you checked and this results folder: checking them again later with newer indicators (spyglass check-iocs RESULTS) can find what is not known today.",
      `If you still have reason to worry (your work is sensitive, you got an unexpected message with a link, or a threat notification from Apple, Google or Meta), contact ${HELPLINES}.`,
      iphone
        ? "Keep the phone and its apps updated; if you may be targeted, turn on Lockdown Mode (Settings → Privacy & Security → Lockdown Mode)."
        : "Keep the phone and its apps updated.",
    ],
  };
}
