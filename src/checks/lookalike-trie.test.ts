import { test } from "node:test";
import assert from "node:assert/strict";
import { wordSeqIn } from "./lookalike-trie.ts";
import { FILLERS, LURES } from "./lookalike-words.ts";

/** The straightforward form the trie replaces: substrings and Set lookups. */
function reference(x: string, max: number, words: ReadonlySet<string>): boolean {
  if (x === "" || words.has(x)) return true;
  if (max < 2) return false;
  for (let i = 2; i < x.length - 1; i++) if (words.has(x.slice(0, i)) && words.has(x.slice(i))) return true;
  return false;
}

let seed = 9;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

test("wordSeqIn answers as substrings and Set lookups do, on lure words glued, cut and mixed with other letters", () => {
  const fillers = [...FILLERS];
  const short = new Set(["ab", "a", "abc", "b", "ba", "é-x"]);
  let yes = 0;
  for (let i = 0; i < 20_000; i++) {
    const parts = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => (rnd() < 0.8 ? pick(fillers) : pick(["x", "1", "é", "-", "a", "ab", "ba"])));
    let s = parts.join("");
    if (rnd() < 0.3) s = s.slice(Math.floor(rnd() * 3), s.length - Math.floor(rnd() * 3));
    const pad = pick(["", "z", "9a"]);
    const text = pad + s + pad;
    for (const [words, max] of [[FILLERS, 2], [LURES, 1], [LURES, 2], [short, 2]] as const) {
      const want = reference(s, max, words);
      assert.equal(wordSeqIn(text, pad.length, pad.length + s.length, max, words), want, `${s} ${max}`);
      if (want) yes++;
    }
  }
  assert.ok(yes > 10_000, `${yes} true answers: both answers are exercised`);
});
