/**
 * Round 11: a long top-1,000 name spelt as it sounds (fasebuk-style: c/k/q/s written for each other, ph for f, a vowel
 * changed, a letter doubled or dropped). Two or three such changes are more than typo() and stackedSlips() accept, yet
 * the name still reads and sounds the same: the spelling of a lure written by ear or made to dodge exact-match filters.
 */
import { reason, type Judged } from "./lookalike-judged.ts";
import { isTechnical, type PopularName, type Universe } from "./lookalike-universe.ts";
import type { Reason } from "./lookalike.ts";

/**
 * The shortest top-1,000 name read by its sound: shorter ones share their sounds with many other names (typeset for
 * typekit, myspike for myspace: 2 more held-out false positives of 50,000 with 7-letter names).
 */
const SOUND_FROM = 8;

/**
 * A name's sound key: ph read as f, c/k/q/s/z/x as one hissing-or-hard sound, a run of vowels as one vowel, doubled
 * sounds made one. facebook, fasebaook and faseback share "fVKVbVK"; the consonants keep their places between vowels.
 */
export function soundKey(s: string): string {
  let out = "";
  const t = s.replace(/ph/g, "f");
  for (let i = 0; i < t.length; i++) {
    let c = t[i]!;
    if ("ckqszx".includes(c)) c = "K";
    else if ("aeiouy".includes(c)) c = "V";
    if (out.at(-1) !== c) out += c;
  }
  return out;
}

const BY_SOUND = new WeakMap<Universe, Map<string, PopularName[]>>();
function soundTargets(u: Universe, key: string): readonly PopularName[] {
  let m = BY_SOUND.get(u);
  if (!m) {
    BY_SOUND.set(u, (m = new Map()));
    for (const t of u.names.values()) {
      if (t.tier !== 1 || t.common || t.national || t.name.length < SOUND_FROM || !/^[a-z]+$/.test(t.name) || isTechnical(t.name)) continue;
      const k = soundKey(t.name);
      const list = m.get(k);
      if (!list) m.set(k, [t]);
      else if (!list.includes(t)) list.push(t);
    }
  }
  return m.get(key) ?? [];
}

/**
 * A name of letters only, no popular name itself, that sounds like a distinctive top-1,000 name of 8+ letters
 * (soundKey), with the same first two letters and last letter (the eye reads a name from its start) and a length
 * within one of it. Held-out cost: 0 of 50,000; with the first letter only kept, 2 (macloud for myqcloud, mycpanel for
 * mixpanel), and 9 from 7 letters (shappify, gaydaddy, hexclad…); with vowels and h, w, y dropped instead of kept as
 * one, 46 (tooter for twitter, beyonce for behance).
 */
export function soundAlike(u: Universe, j: Judged): Reason | undefined {
  const bare = j.label;
  if (bare.length < SOUND_FROM - 1 || !/^[a-z]+$/.test(bare) || u.names.has(bare)) return undefined;
  for (const t of soundTargets(u, soundKey(bare))) {
    if (Math.abs(t.name.length - bare.length) > 1 || t.name.slice(0, 2) !== bare.slice(0, 2) || t.name.at(-1) !== bare.at(-1) || t.name === bare) continue;
    return reason("typo", "MEDIUM", t, `it is spelt as "${t.name}" sounds ("${bare}" instead of "${t.name}")`, j);
  }
  return undefined;
}
