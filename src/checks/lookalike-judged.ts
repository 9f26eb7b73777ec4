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

export const shown = (p: PopularName) => p.shown ?? `${p.name}.${p.suffix}`;
export function reason(kind: ReasonKind, level: Reason["level"], p: PopularName, detail: string, j: Judged): Reason {
  const where = j.freeHost ? `, on the free hosting service ${j.freeHost}` : "";
  return { kind, level, brand: shown(p), brand_domain: shown(p), text: `looks like ${shown(p)} but is not: ${detail}${where}` };
}
