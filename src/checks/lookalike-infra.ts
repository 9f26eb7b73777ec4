/**
 * Round 8: a top-1,000 brand beside words of its own kind of service or infrastructure (playnetflix, careerhuawei,
 * huaweiyuncdn, aliexpresscn). Rounds 5 and 6 turned these words away because brands name their own hosts with them
 * (taobaocdn, yandexcloud, plesk-server). But the product never flags a popular domain, so a brand's own hosts that
 * people meet are safe; measured on the held-out ranks, what is left is cheap only in four shapes, kept here. The
 * fifth, a name followed by one such word (facebook-cdn, gitlab-static, cursor-cdn), cost 6 of 50,000 for 1 and is
 * given up.
 */
import { nationalEnding, SOLD_AS_GENERIC } from "./lookalike-endings.ts";
import { reason, type Judged } from "./lookalike-judged.ts";
import { isTechnical, type PopularName, type Universe } from "./lookalike-universe.ts";
import { wordSeqIn } from "./lookalike-trie.ts";
import { PLACES, WORD_ENDING } from "./lookalike-words.ts";
import type { Reason } from "./lookalike.ts";

/** Words of a brand's own services and hosts ("yun" is Chinese for cloud: huaweiyun, aliyun). */
const INFRA: ReadonlySet<string> = new Set(
  ("cdn net dns server servers cloud yun mail service services group groups career careers stage dev edge resolver " +
    "resolvers play photo docs static api host hosting proxy gateway node").split(" "),
);

/** ISO 3166 country codes: what a brand's national site adds to its name (aliexpresscn, outlookkz, 163-cn). */
const COUNTRY_CODES: ReadonlySet<string> = new Set(
  ("ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd " +
    "cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gb " +
    "gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp " +
    "ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms " +
    "mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro " +
    "rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv " +
    "tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw").split(" "),
);

/** The first and the last two letters of the service words: what a name beside them starts or ends with. */
const INFRA_STARTS: ReadonlySet<string> = new Set([...INFRA].map((w) => w.slice(0, 2)));
const INFRA_ENDS: ReadonlySet<string> = new Set([...INFRA].map((w) => w.slice(-2)));

/** How many service words s[from, to) is: 0 when empty, 1 or 2, or -1 when it is not made of them. */
function words(s: string, from: number, to: number): number {
  if (from >= to) return 0;
  if (wordSeqIn(s, from, to, 1, INFRA)) return 1;
  return wordSeqIn(s, from, to, 2, INFRA) ? 2 : -1;
}

/** The first of two service words starting at `from` (mail of mailservice). */
function firstWord(s: string, from: number): string {
  for (let e = from + 2; e < s.length; e++) if (INFRA.has(s.slice(from, e)) && words(s, e, s.length) === 1) return s.slice(from, e);
  return "";
}

/**
 * A top-1,000 name (distinctive: 5+ letters no other name holds as a word, or a number such as 163) read beside
 * service words, in one of the shapes a brand does not name its own hosts with (held-out cost of each on 50,000):
 * - the words in front (playnetflix, careerhuawei; with a hyphen any 5+ letter name: cdn-icloud), and two words in
 *   front of a top-10,000 name too: 1 (playtimeweb; one word in front of a top-10,000 name: 9 more);
 * - two words after it, when the name and the first word are no popular name of their own (huaweiyuncdn,
 *   adobephotostage, 163mailservice; tencentcloud+api is Tencent Cloud's): 0;
 * - a country code after a name of 6+ letters, when the whole is no popular name (youtu+be) and the code is no
 *   ending sold as a generic one (character+ai) nor an ordinary word's ending (tinyurl+er): 0 (1 with 5-letter
 *   names: agora+ug);
 * - "-net", "-com" or "-org" after it under a generic ending (apple-net.com reads as apple.net): 0.
 */
export function ownKindOfService(u: Universe, j: Judged): Reason | undefined {
  if (j.freeHost) return undefined;
  const bare = j.label.replace(/-/g, "");
  if (/[^a-z0-9]/.test(bare)) return undefined;
  const n = bare.length;
  const hyphen = j.label.includes("-");
  const last = bare.slice(-2);
  const countryEnd = COUNTRY_CODES.has(last) && !SOLD_AS_GENERIC.has(last) && !WORD_ENDING.test(last);
  // Where service words may end before the name and start after it, then only those pairs; most names start and
  // end with letters no service word starts or ends with, and stop at two Set lookups.
  const starts = [0];
  const ends = [n];
  if (INFRA_STARTS.has(bare.slice(0, 2))) for (let i = 2; i < n - 1; i++) if (words(bare, 0, i) > 0) starts.push(i);
  if (countryEnd) ends.push(n - 2); // service words have 3+ letters: n - 2 is never where one starts
  if (INFRA_ENDS.has(last)) for (let k = n - 3; k > 1; k--) if (words(bare, k, n) > 0) ends.push(k);
  if (starts.length === 1 && ends.length === 1) return undefined; // no word around any name
  for (const i of starts) {
    const before = words(bare, 0, i);
    for (const k of ends) {
      if (k <= i + 1 || (i === 0 && k === n)) continue;
      const rest = bare.slice(k);
      const country = k === n - 2 && countryEnd;
      const after = country ? 1 : words(bare, k, n);
      if (after < 0) continue;
      const p: PopularName | undefined = u.names.get(bare.slice(i, k));
      // Two words in front reach the top 10,000 too (cdn-edge-brand); a place is no brand's name (net-services-argentina).
      if (!p || p.tier > (before === 2 ? 2 : 1) || INFRA.has(p.name) || PLACES.has(p.name) || p.name.includes("-")) continue;
      const numbered = /^\d+$/.test(p.name);
      if (isTechnical(p.name) && !numbered) continue;
      const distinct = (!p.common && p.name.length >= 5) || numbered;
      const ok = before > 0
        ? distinct || (hyphen && p.name.length >= 5)
        : (after === 2 && distinct && !u.names.has(p.name + firstWord(bare, k))) ||
          (country && distinct && (numbered || p.name.length >= 6) && !u.names.has(bare)) ||
          (hyphen && /^(?:net|com|org)$/.test(rest) && p.name.length >= 5 && !nationalEnding(j.suffix));
      if (!ok) continue;
      const added = [bare.slice(0, i), rest].filter(Boolean).join('", "');
      const what = country ? "a country code" : "words of a service's own hosts";
      return reason("name", "MEDIUM", p, `its name is "${p.name}" with ${what} ("${added}") added`, j);
    }
  }
  return undefined;
}
