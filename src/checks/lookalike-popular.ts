/**
 * Impersonation of any popular domain (the brand universe of lookalike-universe.ts), technique by technique:
 * look-alike letters, the same name under another ending, the name with extra words, hyphens or digits, the name
 * glued to lure words, and typing slips. Short names (2–4 letters) count only with supporting signals (a lure
 * word, digits, an ending favoured by abusers, free hosting), so that `tim` does not flag every name holding it.
 */
import { ABUSED_TLDS } from "./_phishing-lists.ts";
import { skeleton } from "./lookalike-skeleton.ts";
import { nameBySkeleton, typoTargets, type PopularName, type Universe } from "./lookalike-universe.ts";
import { LURES, lureSeq, typoSlip } from "./lookalike-words.ts";
import type { Reason, ReasonKind } from "./lookalike.ts";

/** The name judged: a registrable domain's label, or a tenant's label on free hosting. */
export interface Judged {
  /** Unicode, NFC, lowercase: `whatsapp-web`, `bittrêx`. */
  readonly label: string;
  readonly suffix: string;
  /** The free hosting service the name sits on (`firebaseapp.com`), if any. */
  readonly freeHost?: string | undefined;
}

/** Endings that read as the start of a brand's own ending (bitfinex.com.co, slack.com.ru). */
const GENERIC_SECOND = /^(?:com|net|org|co|gov|edu)\./;
const DIGITS = /^\d+$/;

const shown = (p: PopularName) => `${p.name}.${p.suffix}`;
function reason(kind: ReasonKind, level: Reason["level"], p: PopularName, detail: string, j: Judged): Reason {
  const where = j.freeHost ? `, on the free hosting service ${j.freeHost}` : "";
  return { kind, level, brand: shown(p), brand_domain: shown(p), text: `looks like ${shown(p)} but is not: ${detail}${where}` };
}

function abused(suffix: string): boolean {
  return ABUSED_TLDS.has(suffix) || ABUSED_TLDS.has(suffix.slice(suffix.lastIndexOf(".") + 1));
}

function homoglyph(u: Universe, j: Judged): Reason | undefined {
  const sk = skeleton(j.label);
  if (sk === j.label) return undefined;
  const nonAscii = /[^\x00-\x7f]/.test(j.label);
  const p = nameBySkeleton(u, sk);
  const detail = `it uses look-alike characters ("${j.label}" reads as "%s")`;
  if (p && p.name !== j.label && p.name.length >= 4) return reason("homoglyph", nonAscii ? "HIGH" : "MEDIUM", p, detail.replace("%s", p.name), j);
  if (!nonAscii) return undefined;
  // An internationalised name one slip from a popular name once its letters are read as ASCII (bittrêx → bittrex).
  const bare = sk.replace(/-/g, "");
  for (const t of typoTargets(u, bare)) if (typoSlip(bare, t.name) || bare === t.name) return reason("homoglyph", "HIGH", t, detail.replace("%s", t.name), j);
  return undefined;
}

function sameName(u: Universe, j: Judged): Reason | undefined {
  const p = u.names.get(j.label);
  if (!p || p.suffix === j.suffix) return undefined;
  if (j.suffix.startsWith(p.suffix + ".") || (GENERIC_SECOND.test(j.suffix) && p.suffix === j.suffix.split(".")[0])) {
    return reason("tld", "HIGH", p, `"${j.label}.${j.suffix}" reads as ${shown(p)} with an extra ending`, j);
  }
  const tld = j.suffix.slice(j.suffix.lastIndexOf(".") + 1);
  const detail = j.freeHost ? "the same name" : `the same name under another ending (.${j.suffix})`;
  // A country ending is how many organisations run national sites (posteo.de, posteo.at): not a sign by itself.
  const strongName = (p.name.length >= 5 || p.tier === 1) && !p.common;
  const supported = abused(j.suffix) || !!j.freeHost;
  if (supported ? p.name.length >= 4 || p.tier === 1 : strongName && tld.length > 2) return reason("tld", "MEDIUM", p, detail, j);
  return undefined;
}

/** Hyphen- and digit-separated parts of a label: `hmrc-refund-covid19` → hmrc, refund, covid, 19. */
const partsOf = (label: string) => label.split("-").flatMap((p) => p.match(/\d+|[^\d]+/g) ?? []).filter(Boolean);

function combo(u: Universe, j: Judged): Reason | undefined {
  const parts = partsOf(j.label);
  if (parts.length < 2) return undefined;
  const hyphen = j.label.includes("-");
  const whole = hyphen ? u.names.get(j.label.replace(/-/g, "")) : undefined;
  if (whole && whole.name.length >= 5) return reason("name", "MEDIUM", whole, `its name "${whole.name}" is split by a hyphen`, j);
  for (const part of parts) {
    const p = u.names.get(part);
    if (!p || LURES.has(part)) continue;
    const others = parts.filter((o) => o !== part);
    const lures = others.some((o) => LURES.has(o));
    const digits = others.some((o) => DIGITS.test(o));
    const fillerOnly = others.every((o) => LURES.has(o) || DIGITS.test(o) || o.length <= 3);
    const supports = +lures + +digits + +abused(j.suffix) + +!!j.freeHost + +fillerOnly;
    const ok = part.length >= 5
      ? ((!p.common || p.tier === 1) && (hyphen || fillerOnly)) || (lures && fillerOnly)
      : hyphen && supports >= 2;
    if (ok) return reason("name", "MEDIUM", p, `its name is "${part}" with ${hyphen ? "extra words, hyphens or digits" : "digits"} added`, j);
  }
  return undefined;
}

function glued(u: Universe, j: Judged): Reason | undefined {
  const bare = j.label.replace(/[-\d]/g, "");
  for (let i = 0; i < bare.length - 2; i++) {
    const before = bare.slice(0, i);
    if (i && !lureSeq(before, 2)) continue;
    for (let k = bare.length; k >= i + 3; k--) {
      if (!i && k === bare.length) continue;
      const after = bare.slice(k);
      if (after && !lureSeq(after, 2)) continue;
      const p = u.names.get(bare.slice(i, k));
      if (!p || LURES.has(p.name)) continue;
      const support = abused(j.suffix) || !!j.freeHost || /\d/.test(j.label);
      if (p.name.length >= 5 ? !p.common || p.tier === 1 || support : support && p.tier <= 2) {
        return reason("name", "MEDIUM", p, `its name is "${p.name}" with the words "${[before, after].filter(Boolean).join('", "')}" added`, j);
      }
    }
  }
  return undefined;
}

function typo(u: Universe, j: Judged): Reason | undefined {
  const bare = j.label.replace(/-/g, "");
  if (bare.length < 5 || u.names.has(bare) || /[^\x00-\x7f]/.test(bare)) return undefined;
  for (const t of typoTargets(u, bare)) {
    const slip = typoSlip(bare, t.name.replace(/-/g, ""));
    if (slip) return reason("typo", "MEDIUM", t, `${slip} ("${bare}" instead of "${t.name}")`, j);
  }
  return undefined;
}

/** The first technique that explains the name, or none. */
export function popularReason(u: Universe, j: Judged): Reason | undefined {
  return homoglyph(u, j) ?? sameName(u, j) ?? combo(u, j) ?? glued(u, j) ?? typo(u, j);
}
