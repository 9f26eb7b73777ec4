/** UTS #39 skeletons of domain names: the form two names share when they read alike (аpple, paypa1, arnazon). */
import { CONFUSABLE_PROTOTYPES } from "./_confusables.ts";

const MARKS = /\p{M}/gu;

/**
 * Skeleton of a domain name, lowercased, with accents dropped first (â reads as a to a hurried eye). UTS #39 maps
 * m to "rn", 0 to "o", 1 to "l"; "vv" is read as "w" on top (two characters, which the table does not map).
 */
export function skeleton(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFD").replace(MARKS, "")) out += CONFUSABLE_PROTOTYPES.get(ch) ?? ch;
  out = out.toLowerCase();
  return out.includes("vv") ? out.replace(/vv/g, "w") : out;
}
