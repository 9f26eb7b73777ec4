/**
 * Stalkerware matches get their own meaning and next steps: the threat is usually someone close with access to
 * the phone, so the advice follows the Coalition Against Stalkerware's guidance (stopstalkerware.org): safety
 * first, removing the app can alert the person, get help from a domestic-violence service or a helpline.
 */
import type { Verdict } from "./verdict.ts";

const SUFFIX = " (stalkerware)";

/** Whether an indicator match comes from a stalkerware list (Echap's ioc.yaml, or its STIX2 export). */
export function isStalkerwareMatch(m: { readonly name?: unknown; readonly stix2_file_name?: unknown } | null | undefined): boolean {
  if (!m) return false;
  return (typeof m.name === "string" && m.name.endsWith(SUFFIX)) || (typeof m.stix2_file_name === "string" && /stalkerware/i.test(m.stix2_file_name));
}

/** "TheTruthSpy" from "TheTruthSpy (stalkerware)". */
export const stalkerwareName = (name: string): string => (name.endsWith(SUFFIX) ? name.slice(0, -SUFFIX.length) : name);

const HELP =
  "a domestic-violence support service (they know this situation and can help you plan; stopstalkerware.org lists services by country) or a digital-security helpline such as Access Now's (accessnow.org/help)";

export function stalkerwareMeans(apps: readonly string[]): string {
  return `${apps.join(", ")} ${apps.length === 1 ? "is" : "are"} stalkerware: an app sold to secretly follow another person's messages, calls, location and photos. It was most likely installed by someone who had access to this phone, often a partner, ex-partner or family member.`;
}

export const STALKERWARE_NEXT_STEPS: readonly string[] = [
  "Think about your safety first. Removing the app, resetting the phone or changing passwords can alert the person who installed it, and they may react; make a safety plan before you change anything.",
  `Contact ${HELP}. They can help you decide whether and when to remove the app, and how to do it safely.`,
  "Keep the evidence: this results folder and the backup can matter if you decide to report it or seek a protection order. Store a copy where the other person cannot reach it.",
  "Until then, assume that what you do on this phone can be seen: for private conversations or searches, use a device the other person has never had access to.",
];

/**
 * The verdict with the stalkerware meaning and next steps when any indicator match is stalkerware (`apps`, their
 * names); else unchanged. `onlyStalkerware`: no other indicator matched.
 */
export function withStalkerwareAdvice(v: Verdict, apps: readonly string[], onlyStalkerware: boolean): Verdict {
  if (apps.length === 0) return v;
  return {
    ...v,
    means: [stalkerwareMeans(apps), ...v.means],
    // With mercenary spyware matched too, its steps (do not reset, preserve evidence) still apply after these.
    next_steps: onlyStalkerware ? STALKERWARE_NEXT_STEPS : [...STALKERWARE_NEXT_STEPS, ...v.next_steps],
  };
}
