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
