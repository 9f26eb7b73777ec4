/** Faster forms of lookalike helpers give what the straightforward forms (kept here as the reference) give. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CONFUSABLE_PROTOTYPES } from "./_confusables.ts";
import { partsOf } from "./lookalike-popular.ts";
import { skeleton } from "./lookalike-skeleton.ts";

let seed = 3;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const text = (alphabet: string, max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join("");

test("partsOf splits at hyphens and between digits and letters, as split and a regex do", () => {
  const reference = (label: string) => label.split("-").flatMap((p) => p.match(/\d+|[^\d]+/g) ?? []).filter(Boolean);
  for (let i = 0; i < 20_000; i++) {
    const label = text("ab-19-é٣x", 14);
    assert.deepEqual(partsOf(label), reference(label), label);
  }
});

test("skeleton of ASCII names by table equals the NFD, marks and prototype walk", () => {
  const reference = (s: string) => {
    let out = "";
    for (const ch of s.normalize("NFD").replace(/\p{M}/gu, "")) out += CONFUSABLE_PROTOTYPES.get(ch) ?? ch;
    out = out.toLowerCase();
    return out.includes("vv") ? out.replace(/vv/g, "w") : out;
  };
  const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join("");
  for (let i = 0; i < 20_000; i++) {
    const s = i % 2 ? text(ascii, 20) : text("vwmIl10|-rnaé", 16);
    assert.equal(skeleton(s), reference(s), JSON.stringify(s));
  }
});
