/**
 * The name the popular-universe techniques judge, and their reason, shared by lookalike-popular.ts and the
 * techniques split out of it (lookalike-same-name.ts).
 */
import type { PopularName } from "./lookalike-universe.ts";
import type { Reason, ReasonKind } from "./lookalike.ts";

/** The name judged: a registrable domain's label, or a tenant's label on free hosting. */
export interface Judged {
  /** Unicode, NFC, lowercase: `whatsapp-web`, `bittrêx`. */
  readonly label: string;
  readonly suffix: string;
  /** The free hosting service the name sits on (`firebaseapp.com`), if any. */
  readonly freeHost?: string | undefined;
  /** The ending is a private one (gr.com, com.ru, herokuapp.com): sold or given to anyone by a company. */
  readonly privateSuffix?: boolean;
  /** The label was read from one that wrote digits for letters (goog1e): itself a sign, like digits around a name. */
  readonly digitsRead?: boolean;
}

/**
 * The domain a message names for a popular or national name. Several national brands of one name (mindef: Cameroon,
 * Singapore, Peru, Guatemala): the one whose country the judged name carries, as its ending or as a part of its name
 * (mindef-sg.com → mindef.gov.sg), else the first listed.
 */
export function shown(p: PopularName, j?: Judged): string {
  if (p.choices) {
    const codes = j ? countryCodes(p.name, j) : [];
    return (p.choices.find((c) => codes.includes(c.region.toLowerCase())) ?? p.choices[0]!).domain;
  }
  return p.shown ?? `${p.name}.${p.suffix}`;
}

/** Two-letter codes a judged name carries: its ending's last label, its parts, or letters glued to the brand's name. */
function countryCodes(name: string, j: Judged): string[] {
  const codes = j.label.split(/[^a-z]+/).filter((x) => x.length === 2);
  codes.push(j.suffix.slice(j.suffix.lastIndexOf(".") + 1));
  const at = j.label.indexOf(name);
  if (at >= 0) codes.push(j.label.slice(at + name.length, at + name.length + 2), j.label.slice(Math.max(0, at - 2), at));
  return codes;
}

export function reason(kind: ReasonKind, level: Reason["level"], p: PopularName, detail: string, j: Judged): Reason {
  const where = j.freeHost ? `, on the free hosting service ${j.freeHost}` : "";
  const d = shown(p, j);
  return { kind, level, brand: d, brand_domain: d, text: `looks like ${d} but is not: ${detail}${where}` };
}
