/**
 * Round 11: a top-1,000 brand beside words of the scripts and statistics web pages load (analytics, metrics, sdk,
 * scripts, libraries, usercontent…): the hosts of watering-hole and card-skimming operators, who dress their script
 * servers as a big brand's analytics or library host (baidustats, androidsdkstream, jqueryclick, googlescripts) so
 * that a page's source or a network log looks ordinary. Brands' own such hosts are popular domains, never flagged.
 */
import { reason, type Judged } from "./lookalike-judged.ts";
import { isTechnical, type Universe } from "./lookalike-universe.ts";
import { wordSeqIn } from "./lookalike-trie.ts";
import { PLACES } from "./lookalike-words.ts";
import type { Reason } from "./lookalike.ts";

/** Words of a page's loaded assets, after the name (androidstatics, disquscore, jqueryclick). */
const AFTER: ReadonlySet<string> = new Set(
  "statics stats metrics metric analytics analytic sdk webkit scripts script lib libs libraries library usercontent core click".split(" "),
);
/** In front of the name also the advertising words (advertisingbaidu); after it they name a brand's ad platform (naverads). */
const FRONT: ReadonlySet<string> = new Set([...AFTER, "advertising", "ads", "tag", "pixel"]);
/** After an asset word, a place, a stream or another asset word (androidmetricsasia, androidsdkstream). */
const TAIL: ReadonlySet<string> = new Set([...AFTER, ...PLACES, "stream", "asia"]);
const FRONT_WORDS = [...FRONT];
const AFTER_WORDS = [...AFTER];
/** One regular expression turns away the labels holding no asset word (~99%) before any loop. */
const HINT = new RegExp(`^(?:${FRONT_WORDS.join("|")})|(?:${AFTER_WORDS.join("|")})`);

/**
 * A top-1,000 name (distinctive of 5+ letters, or an ordinary word of 6+: google, office, android) with one asset
 * word in front of it or one after it (a place, "stream" or another asset word may follow), glued or with hyphens.
 * Held-out cost: 3 of 50,000 (twitchstats.net, microsoftmetrics.com, jqueryscript.net: third parties' statistics and
 * script sites); with "ads", "advertising" after the name too, 5 (naverads.com, rakutenadvertising.com: the brands' ad
 * platforms); with ordinary words of 5 letters, 3 more (mediametrics.ru, sdkmedia.net, medialibrary.it); "stat" alone
 * cost legit-brandlike-5's twitterstat.us (Twitter's status page). CPU: one regular expression turns most labels away
 * (0.07 µs against 0.7 µs for the loops below on the held-out ranks' labels); the words are then looked for at the
 * label's two ends, and one Map lookup made per pair of ends.
 */
export function assetWords(u: Universe, j: Judged): Reason | undefined {
  if (j.freeHost) return undefined;
  const bare = j.label.includes("-") ? j.label.replace(/-/g, "") : j.label;
  const n = bare.length;
  if (n < 7 || !HINT.test(bare) || !/^[a-z]+$/.test(bare)) return undefined;
  const starts = [0];
  for (const w of FRONT_WORDS) if (bare.startsWith(w)) starts.push(w.length);
  const ends = [n];
  for (const w of AFTER_WORDS) {
    const k = bare.lastIndexOf(w);
    if (k < 5) continue;
    const e = k + w.length;
    if (e === n || wordSeqIn(bare, e, n, 1, TAIL)) ends.push(k);
  }
  if (starts.length === 1 && ends.length === 1) return undefined;
  for (const i of starts) {
    for (const k of ends) {
      if ((i === 0 && k === n) || k - i < 5) continue;
      const p = u.names.get(bare.slice(i, k));
      if (!p || p.tier !== 1 || isTechnical(p.name) || p.name.length < (p.common ? 6 : 5)) continue;
      const added = [bare.slice(0, i), bare.slice(k)].filter(Boolean).join('", "');
      return reason("name", "MEDIUM", p, `its name is "${p.name}" with words of a site's scripts or statistics ("${added}") added`, j);
    }
  }
  return undefined;
}
