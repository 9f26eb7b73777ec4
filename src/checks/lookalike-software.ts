/** Fake software beside a big brand's name (lookalike-popular.ts asks it): getadobeplayer, servergoogle. */
import { isTechnical, type Universe } from "./lookalike-universe.ts";
import { FILLERS, LURES, SERVICE_WORDS, SOFTWARE_WORDS } from "./lookalike-words.ts";
import { wordSeqIn } from "./lookalike-trie.ts";
import { reason, type Judged } from "./lookalike-judged.ts";
import type { Reason } from "./lookalike.ts";

const SOFTWARE_HINT = new RegExp([...SOFTWARE_WORDS].join("|"));
const GLUE: ReadonlySet<string> = new Set([...FILLERS, ...SOFTWARE_WORDS]);
/**
 * A top-1,000 name of 5+ letters glued to words of fake software, files or servers, maybe beside lure words
 * (getadobeplayer, servergoogle, yahoomaintain): even a name other names hold as a word (google, yahoo), since a big
 * brand's own service names are popular domains themselves and never reach this check.
 */
export function software(u: Universe, j: Judged): Reason | undefined {
  // One scan turns away the names that hold no software word (most of them) before the word splits.
  if (!SOFTWARE_HINT.test(j.label)) return undefined;
  if (j.label.includes("-")) {
    // With a hyphen, the words are mostly the site's own product names (plesk-server, media-server), combo's; round 10:
    // but one hyphen part so glued, the others a country code, digits or lure words, reads as above (tr-getadobeplayer).
    const parts = j.label.split("-");
    const glued = parts.filter((w) => SOFTWARE_HINT.test(w) && !SOFTWARE_WORDS.has(w));
    const rest = parts.filter((w) => !glued.includes(w));
    return glued.length === 1 && rest.every((w) => w.length <= 2 || /^\d+$/.test(w) || FILLERS.has(w)) ? software(u, { ...j, label: glued[0]! }) : undefined;
  }
  const bare = j.label.replace(/\d/g, "");
  const n = bare.length;
  if (n < 8) return undefined;
  // Where glued words may end before the name and start after it: O(n) word checks, as in glued().
  const starts = [0];
  const ends = [n];
  for (let i = 2; i + 5 <= n; i++) if (wordSeqIn(bare, 0, i, 2, GLUE)) starts.push(i);
  for (let k = n - 2; k >= 5; k--) if (wordSeqIn(bare, k, n, 2, GLUE)) ends.push(k); // longest names first
  if (starts.length === 1 && ends.length === 1) return undefined;
  const soft = (from: number, to: number) => from < to && wordSeqIn(bare, from, to, 2, SOFTWARE_WORDS);
  for (const i of starts) {
    for (const k of ends) {
      if (k - i < 5 || (i === 0 && k === n)) continue;
      const p = u.names.get(bare.slice(i, k));
      if (!p || p.tier !== 1 || LURES.has(p.name) || SERVICE_WORDS.has(p.name) || isTechnical(p.name)) continue; // mediaplayer
      if (!soft(0, i) && !soft(k, n)) continue;
      const words = [bare.slice(0, i), bare.slice(k)].filter(Boolean).join('", "');
      return reason("name", "MEDIUM", p, `its name is "${p.name}" with the words "${words}" added`, j);
    }
  }
  return undefined;
}
