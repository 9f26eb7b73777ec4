/**
 * The shipped brand list: the curated high-risk brands of data/brands.json and the national brands of
 * data/brands-national.txt (telecoms, posts, banks, news, government portals… of ~150 countries, generated into
 * _brands-national.ts), parsed once.
 */
import BRANDS_JSON from "../../data/brands.json" with { type: "json" };
import { NATIONAL_BRANDS } from "./_brands-national.ts";
import type { Brand } from "./lookalike.ts";

const list = (s: string | undefined) => (s ? s.split(" ") : []);

/** Parses the compact "CC|category|brand|domains|tokens|words" lines of _brands-national.ts. */
export function parseNationalBrands(text: string = NATIONAL_BRANDS): Brand[] {
  return text.split("\n").filter(Boolean).map((line) => {
    const [region, category, brand, domains, tokens, words] = line.split("|");
    return { brand: brand!, category: category!, domains: list(domains), tokens: list(tokens), words: list(words), region, national: true };
  });
}

let national: readonly Brand[] | undefined;
/** The national brands, parsed on first use. */
export const nationalBrands = (): readonly Brand[] => (national ??= parseNationalBrands());

let shipped: readonly Brand[] | undefined;
/** data/brands.json, then the national brands (their domains are the brand's own; their names join the universe). */
export function shippedBrands(): readonly Brand[] {
  return (shipped ??= [...(BRANDS_JSON.brands as readonly Brand[]), ...nationalBrands()]);
}

/**
 * A lookup from the names of a brand list's brands (tokens and words, keyed by `key`; undefined skips a name) to what
 * `value` says of their brand (undefined skips the brand), the first brand holding a key winning; made once per list.
 */
export function brandNameMap<V>(value: (b: Brand) => V | undefined, key: (name: string) => string | undefined): (brands: readonly Brand[]) => ReadonlyMap<string, V> {
  const made = new WeakMap<readonly Brand[], ReadonlyMap<string, V>>();
  return (brands) => {
    const had = made.get(brands);
    if (had) return had;
    const m = new Map<string, V>();
    made.set(brands, m);
    for (const b of brands) {
      const v = value(b);
      if (v === undefined) continue;
      for (const n of [...b.tokens, ...(b.words ?? [])]) {
        const k = key(n);
        if (k !== undefined && !m.has(k)) m.set(k, v);
      }
    }
    return m;
  };
}
