// Indicators that a bundle holds but Spyglass cannot use, counted by kind with an example and the file: every
// check and `indicators check` report them, so a pattern is never dropped silently.
import type { SkippedPattern } from "./stix2.ts";

export interface UnusableKind {
  /** The pattern key (`x509-certificate:hashes.sha1`, `pattern_type:yara`) or the problem ("empty value for …"). */
  readonly kind: string;
  readonly file: string;
  readonly count: number;
  /** One pattern of this kind, as written in the bundle. */
  readonly example: string;
}

export function summarizeUnusable(list: readonly SkippedPattern[]): UnusableKind[] {
  const groups = new Map<string, { kind: string; file: string; count: number; example: string }>();
  for (const s of list) {
    const key = `${s.file}\u0000${s.key}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { kind: s.key, file: s.file, count: 1, example: s.pattern });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.file.localeCompare(b.file) || a.kind.localeCompare(b.kind));
}

/** "165 patterns in predator_inspekt.stix: network-traffic:… (e.g. […])", one line per kind. */
export function unusableLines(kinds: readonly UnusableKind[]): string[] {
  return kinds.map((k) => `${k.count} unusable pattern${k.count === 1 ? "" : "s"} in ${k.file}: ${k.kind} (e.g. ${k.example.slice(0, 120) || "no pattern"})`);
}
