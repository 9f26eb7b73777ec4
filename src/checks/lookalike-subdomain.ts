/**
 * Brand reasons of the curated brands (data/brands.json) read from a host's subdomain part: a brand's name put in
 * front of an unrelated address (youtube.gr.live) or split by dots (yo.utube.digital). Split out of lookalike.ts
 * (STYLE.md: files of at most 400 lines), with the reason every curated-brand technique writes.
 */
import { split } from "./lookalike-words.ts";
import type { NormalizedUrl } from "./url-normalize.ts";
import type { BrandIndex, Reason, ReasonKind, Ref } from "./lookalike.ts";

const looksLike = (ref: Ref, detail: string) => `looks like ${ref.brand.brand} (${ref.domain}) but is not: ${detail}`;
/** A curated brand's reason: "looks like the BBC (bbc.com) but is not: …". */
export const brandReason = (kind: ReasonKind, ref: Ref, detail: string): Reason => ({ kind, level: "MEDIUM", brand: ref.brand.brand, brand_domain: ref.domain, text: looksLike(ref, detail) });

/** Subdomain labels that say nothing about the site. */
const NEUTRAL_SUB = new Set(["www", "www2", "www3", "m", "mobile", "amp"]);

/** Brand names placed in front of an unrelated address (youtube.gr.live) or split by dots (yo.utube.digital). */
export function hostReasons(index: BrandIndex, n: NormalizedUrl, label: string): Reason[] {
  const sub = n.host.slice(0, Math.max(0, n.host.length - n.registrable.length - 1));
  const subLabels = sub ? sub.split(".").filter((l) => l && !NEUTRAL_SUB.has(l)) : [];
  if (!subLabels.length) return [];
  for (const l of subLabels) {
    const { bare, parts } = split(l);
    for (const m of index.names) {
      if (m.mode === "short-word" ? l === m.name : bare === m.name || parts.includes(m.name)) {
        return [brandReason("name", m.ref, `"${m.name}" is put in front of the unrelated address ${n.registrable}`)];
      }
    }
  }
  const chain = [...subLabels, label];
  for (let k = 2; k <= Math.min(3, chain.length); k++) {
    const parts = chain.slice(-k).map((l) => l.replace(/-/g, ""));
    const joined = parts.join("");
    for (const m of index.names) {
      if (m.name.length < 4 || !joined.includes(m.name) || parts.some((p) => p.includes(m.name))) continue;
      if (m.name.length < 5 && joined !== m.name) continue;
      return [brandReason("name", m.ref, `the name "${m.name}" is split by dots (${chain.slice(-k).join(".")})`)];
    }
  }
  return [];
}
