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
/** After an asset word, a place or a stream (androidmetricsasia, androidsdkstream). */
const AFTER_TAIL: ReadonlySet<string> = new Set([...AFTER, ...PLACES, "stream", "asia"]);
const FIRST_LETTERS = new Set([...FRONT].map((w) => w[0]!));
const LAST_LETTERS = new Set([...AFTER_TAIL].map((w) => w.at(-1)!));

/**
 * A top-1,000 name (distinctive of 5+ letters, or an ordinary word of 6+: google, office, android) with one asset
 * word in front of it or one after it (a place or "stream" may follow), glued or with hyphens. Held-out cost: 3 of
 * 50,000 (twitchstats.net, microsoftmetrics.com, jqueryscript.net: third parties' statistics and script sites); with
 * "ads", "advertising" after the name too, 5 (naverads.com, rakutenadvertising.com: the brands' ad platforms); with
 * ordinary words of 5 letters, 3 more (mediametrics.ru, sdkmedia.net, medialibrary.it); "stat" alone cost
 * legit-brandlike-5's twitterstat.us (Twitter's status page).
 */
export function assetWords(u: Universe, j: Judged): Reason | undefined {
  if (j.freeHost) return undefined;
  const bare = j.label.replace(/-/g, "");
  const n = bare.length;
  // Most names neither start nor end with a letter an asset word does: two Set lookups.
  if (n < 7 || (!FIRST_LETTERS.has(bare[0]!) && !LAST_LETTERS.has(bare[n - 1]!)) || !/^[a-z]+$/.test(bare)) return undefined;
  for (let i = 0; i <= n - 4; i++) {
    const before = bare.slice(0, i);
    if (i > 0 && !wordSeqIn(bare, 0, i, 1, FRONT)) continue;
    for (let k = n; k >= i + 5; k--) {
      if (i === 0 && k === n) continue;
      const after = bare.slice(k);
      if (after && !(wordSeqIn(bare, k, n, 1, AFTER) || (wordSeqIn(bare, k, n, 2, AFTER_TAIL) && [...AFTER].some((w) => after.startsWith(w))))) continue;
      const p = u.names.get(bare.slice(i, k));
      if (!p || p.tier !== 1 || isTechnical(p.name) || p.name.length < (p.common ? 6 : 5)) continue;
      return reason("name", "MEDIUM", p, `its name is "${p.name}" with words of a site's scripts or statistics ("${[before, after].filter(Boolean).join('", "')}") added`, j);
    }
  }
  return undefined;
}
