/**
 * Derives the brand universe's compact form from a popularity ranking: one line per distinct name ("name ending
 * tier[c]", best rank first) and the sorted hashes of every listed domain. Used by scripts/gen-popular.ts (the
 * shipped form) and by the measurement test (a universe built from ranks 1–N, judged on the ranks beyond N).
 */
import { parse } from "tldts";
import { domainHash } from "./lookalike-hash.ts";

/** Rank tiers: 1 = top 1,000, 2 = top 10,000, 3 = the rest. Short names need a higher tier to count. */
const tierOf = (rank: number) => (rank <= 1_000 ? 1 : rank <= 10_000 ? 2 : 3);
/** A name found inside this many other popular names after their start is an ordinary word (office, news, apple). */
const COMMON_AT = 4;

export interface DerivedUniverse {
  readonly namesText: string;
  readonly hashes: Uint32Array;
  readonly names: number;
  readonly commons: number;
}

/** `rows`: [rank, domain] pairs (lowercase), any order. */
export function deriveUniverse(rows: Iterable<readonly [number, string]>): DerivedUniverse {
  const names = new Map<string, { rank: number; suffix: string }>();
  const hashes = new Set<number>();
  for (const [rank, domain] of rows) {
    const p = parse(domain, { allowPrivateDomains: true, extractHostname: false, validateHostname: false });
    const registrable = p.domain ?? domain;
    hashes.add(domainHash(registrable));
    if (registrable !== domain) hashes.add(domainHash(domain)); // Majestic ranks hosts too (play.google.com)
    const name = p.domainWithoutSuffix ?? "";
    if (!p.domain || !p.publicSuffix || !/^[a-z0-9-]+$/.test(name)) continue;
    if (name.length < 2 || (name.length === 2 && rank > 1_000)) continue; // two letters: only the very top (qq, vk)
    const seen = names.get(name);
    if (!seen || rank < seen.rank) names.set(name, { rank, suffix: p.publicSuffix });
  }
  // How many other names hold each name after their start (hyphens ignored): an ordinary word is inside many
  // (myoffice, frontoffice), a brand mostly starts its own side names (googleapis, paypalobjects).
  const inside = new Map<string, number>();
  for (const name of names.keys()) {
    const bare = name.replace(/-/g, "");
    const subs = new Set<string>();
    for (let i = 1; i < bare.length; i++) for (let j = i + 3; j <= bare.length; j++) subs.add(bare.slice(i, j));
    for (const s of subs) inside.set(s, (inside.get(s) ?? 0) + 1);
  }
  let commons = 0;
  const lines = [...names.entries()]
    .sort((a, b) => a[1].rank - b[1].rank)
    .map(([name, { rank, suffix }]) => {
      const common = (inside.get(name.replace(/-/g, "")) ?? 0) >= COMMON_AT;
      if (common) commons++;
      return `${name} ${suffix} ${tierOf(rank)}${common ? "c" : ""}`;
    });
  return { namesText: lines.join("\n"), hashes: Uint32Array.from([...hashes].sort((a, b) => a - b)), names: lines.length, commons };
}

/** Reads a ranking CSV: `rank,domain` rows, or any header naming `rank`/`GlobalRank` and `domain` columns. */
export function readRanking(csv: string, top = Infinity): [number, string][] {
  const lines = csv.split(/\r?\n/).filter(Boolean);
  const header = lines[0]!.toLowerCase().split(",");
  const hasHeader = !/^\d+$/.test(header[0]!);
  const rankCol = hasHeader ? Math.max(0, header.findIndex((h) => h === "rank" || h === "globalrank")) : 0;
  const domainCol = hasHeader ? Math.max(1, header.findIndex((h) => h === "domain")) : 1;
  const out: [number, string][] = [];
  for (const line of lines.slice(hasHeader ? 1 : 0)) {
    const cols = line.split(",");
    const rank = Number(cols[rankCol]);
    const domain = cols[domainCol]?.trim().toLowerCase();
    if (domain && Number.isFinite(rank) && rank <= top) out.push([rank, domain]);
  }
  return out;
}
