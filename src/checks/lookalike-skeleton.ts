/** UTS #39 skeletons of domain names: the form two names share when they read alike (аpple, paypa1, arnazon). */
import { CONFUSABLE_PROTOTYPES } from "./_confusables.ts";

const MARKS = /\p{M}/gu;

/** The table for ASCII (most names): NFD and marks change nothing there, so a lookup per character is enough. */
const ASCII = Array.from({ length: 128 }, (_, c) => CONFUSABLE_PROTOTYPES.get(String.fromCharCode(c)) ?? String.fromCharCode(c));
function ascii(s: string): string | undefined {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return undefined;
    out += ASCII[c];
  }
  return out;
}

/**
 * Skeleton of a domain name, lowercased, with accents dropped first (â reads as a to a hurried eye). UTS #39 maps
 * m to "rn", 0 to "o", 1 to "l"; "vv" is read as "w" on top (two characters, which the table does not map).
 */
export function skeleton(s: string): string {
  let out = ascii(s);
  if (out === undefined) {
    out = "";
    for (const ch of s.normalize("NFD").replace(MARKS, "")) out += CONFUSABLE_PROTOTYPES.get(ch) ?? ch;
  }
  out = out.toLowerCase();
  return out.includes("vv") ? out.replace(/vv/g, "w") : out;
}
