/**
 * A brand beside a word of its own trade (issue 13, round 10): lures name the service the message is about, in the
 * brand's own trade's words: a telecom's "internet", "sim" or "gb" bundle (turkcell-paket20gb), a bank's "card" or
 * "kredit", a post's "cargo" or "parcel", an exchange's "wallet" or "airdrop", a messenger's "desktop" or
 * "backup", an app store's "apk" or "market". Only for brands whose trade is known (data/brands.json's categories and
 * the national list's), a name of 4+ letters no other name holds as a word (6+ if one does), glued or beside the words,
 * and nothing else in the name but those words, lure words, places and digits; and a second sign beside the trade's
 * word: a lure word of another kind, digits, or an ending favoured by abusers. Held-out cost: 0 of 50,000. Given up:
 * the trade's word alone (mufgcard, correosexpress, synchronybank, aeoncredit, bankleumi, vietteltelecom: how brands
 * name their own sites), 12 of 50,000 and ledgerwallet.com of the sixth legitimate set; a place as the second sign,
 * 1 more (digitalindiaportal.co.in).
 */
import type { Brand, Reason } from "./lookalike.ts";
import type { Universe } from "./lookalike-universe.ts";
import { reason, type Judged } from "./lookalike-judged.ts";
import { FILLERS, LOCAL_LURES, LURES } from "./lookalike-words.ts";
import { abused } from "./lookalike-endings.ts";
import { wordSeqIn } from "./lookalike-trie.ts";
import { brandNameMap } from "./lookalike-brands.ts";

/** Each trade's service words (what a lure says the message is about), by the brand lists' categories. */
const TRADE: Readonly<Record<string, string>> = {
  telecom: "telecom internet sim esim gb tarif tariff tarife paket paketi recharge topup roaming bundle fibra fiber fibre",
  bank: "bank banking card cards kart credit kredit netbanking ebank ibank ebanking cashback",
  delivery: "post posta parcel parcels cargo kargo express courier shipment redelivery",
  crypto: "wallet exchange swap airdrop token tokens stake staking defi nft mining bridge",
  transport: "ticket tickets flight flights booking fare checkin",
  webmail: "mail email inbox webmail storage quota",
  messaging: "desktop backup backups bot bots report premium channel channels sticker stickers messenger beta",
  "app-store": "apk market download install apps games",
  government: "portal egov benefit benefits subsidy fine fines",
};
const WORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(Object.entries(TRADE).map(([k, v]) => [k, new Set(v.split(" "))]));
/** What may stand around the name: the trade's words, lure words and places. */
const AROUND: ReadonlyMap<string, ReadonlySet<string>> = new Map([...WORDS].map(([k, v]) => [k, new Set([...v, ...FILLERS])]));
/** Lure words that are no trade's own word: the second sign beside a trade word. */
const LURE_LIST = [...LURES, ...LOCAL_LURES].filter((w) => w.length >= 3);

/** The curated brands' names (data/brands.json: tokens and words) → their category, for the categories above. */
const curatedTrades = brandNameMap((b) => (b.national || !WORDS.has(b.category) ? undefined : b.category), (n) => n.toLowerCase().replace(/-/g, ""));

/** Any trade's words, lure words and places: where a name may start or end (one set for every category). */
const ANY_AROUND: ReadonlySet<string> = new Set([...AROUND.values()].flatMap((w) => [...w]));
const HINT = new RegExp([...WORDS.values()].flatMap((w) => [...w]).join("|"));

/** A brand of a known trade with a word of that trade around it, or undefined. */
export function ownTrade(u: Universe, brands: readonly Brand[], j: Judged): Reason | undefined {
  const bare = j.label.replace(/[-\d]/g, "");
  const n = bare.length;
  if (n < 7 || /[^a-z]/.test(bare) || !HINT.test(bare)) return undefined;
  // Where words may end before the name and start after it (as in glued()): O(n) word checks, then those pairs only.
  const starts = [0];
  const ends = [n];
  for (let i = 2; i + 4 <= n; i++) if (wordSeqIn(bare, 0, i, 2, ANY_AROUND)) starts.push(i);
  for (let k = n - 2; k >= 4; k--) if (wordSeqIn(bare, k, n, 2, ANY_AROUND)) ends.push(k);
  if (starts.length === 1 && ends.length === 1) return undefined;
  const curated = curatedTrades(brands);
  for (const i of starts) {
    for (const k of ends) {
      if (k - i < 4 || (i === 0 && k === n)) continue;
      const name = bare.slice(i, k);
      const p = u.names.get(name);
      // A national brand's trade from its list; a curated brand's from data/brands.json.
      const cat = p && (p.category ?? curated.get(name));
      if (!p || !cat || !WORDS.has(cat) || (p.common ? name.length < 6 : name.length < 4)) continue;
      const own = WORDS.get(cat)!;
      const around = AROUND.get(cat)!;
      const before = bare.slice(0, i);
      const after = bare.slice(k);
      if (!wordSeqIn(before, 0, before.length, 2, around) || !wordSeqIn(after, 0, after.length, 2, around)) continue;
      // A word of the brand's own trade and a second sign: a lure word of another kind, digits or an ending
      // favoured by abusers (brands name their own sites with their trade's words: mufgcard, correosexpress).
      if (![...own].some((w) => before.includes(w) || after.includes(w))) continue;
      const lure = LURE_LIST.some((w) => !own.has(w) && (before.includes(w) || after.includes(w)));
      if (!lure && !/\d/.test(j.label) && !abused(j.suffix)) continue;
      return reason("name", "MEDIUM", p, `its name is "${p.name}" with words of its own trade ("${[before, after].filter(Boolean).join('", "')}") added`, j);
    }
  }
  return undefined;
}
