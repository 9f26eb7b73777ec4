// STIX2 bundle parser: turns one bundle's text into MVT-style collections of indicators (spec §8.1).
// Runs in browsers too: no Node imports.
import { SpyglassError } from "../core/errors.ts";
import type { Collection, Indicator } from "./types.ts";
import { bucketOfKey } from "./pattern-keys.ts";

export { bucketOfKey };

/** A comparison whose key we cannot check (e.g. `x509-certificate:...`): skipped, but reported. */
export interface SkippedPattern {
  readonly file: string;
  readonly id: string;
  readonly key: string;
  readonly pattern: string;
}

/** An indicator whose pattern is broken or empty; `key` says why ("no pattern", "empty value", "unsupported: …"). */
export type BrokenPattern = SkippedPattern;

export interface Stix2ParseResult {
  readonly collections: Collection[];
  /** One line per indicator we could not use, naming the file and the indicator id. */
  readonly warnings: string[];
  readonly skipped: SkippedPattern[];
  /** The same indicators as `warnings`, structured so they can be counted by kind. */
  readonly broken: BrokenPattern[];
}

export interface Stix2File {
  readonly name: string;
  readonly path: string;
}

/** Parses a bundle; bad single patterns are dropped silently (see parseStix2BundleDetailed for the warnings). */
export function parseStix2Bundle(text: string, file: Stix2File): Collection[] {
  return parseStix2BundleDetailed(text, file).collections;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function parseStix2BundleDetailed(text: string, file: Stix2File): Stix2ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new SpyglassError("E_INDICATORS", `${file.name}: not valid JSON (${why})`, { file: file.path, cause: err });
  }
  const objects = isObj(doc) ? doc["objects"] : undefined;
  if (!Array.isArray(objects)) {
    throw new SpyglassError("E_INDICATORS", `${file.name}: no "objects" array, not a STIX2 bundle`, { file: file.path });
  }

  // Same object grouping and order as MVT: malware collections first, then reports (each in bundle order).
  const malware: Obj[] = [];
  const reports: Obj[] = [];
  const indicators: Obj[] = [];
  // indicator id -> first malware id it points to through any relationship (MVT: the first match wins).
  const relTarget = new Map<string, string>();
  const relationships: Obj[] = [];
  for (const o of objects) {
    if (!isObj(o)) continue;
    const type = o["type"];
    if (type === "malware") malware.push(o);
    else if (type === "report") reports.push(o);
    else if (type === "indicator") indicators.push(o);
    else if (type === "relationship") relationships.push(o);
  }

  const builders = new Map<string, Builder>();
  const order: Builder[] = [];
  const addBuilder = (o: Obj): void => {
    const id = str(o["id"]);
    if (builders.has(id)) return; // a duplicated id keeps its first definition
    const b = new Builder(id, str(o["name"]) || id, str(o["description"]), file);
    builders.set(id, b);
    order.push(b);
  };
  malware.forEach(addBuilder);
  reports.forEach(addBuilder);

  const malwareIds = new Set(malware.map((o) => str(o["id"])));
  for (const r of relationships) {
    const src = str(r["source_ref"]);
    const dst = str(r["target_ref"]);
    if (malwareIds.has(dst) && !relTarget.has(src)) relTarget.set(src, dst);
  }
  // indicator id -> first report listing it in object_refs.
  const reportOf = new Map<string, string>();
  for (const r of reports) {
    const refs = r["object_refs"];
    if (!Array.isArray(refs)) continue;
    for (const ref of refs) if (typeof ref === "string" && !reportOf.has(ref)) reportOf.set(ref, str(r["id"]));
  }

  const fallback = new Builder("0", "Default collection", "", file);
  const warnings: string[] = [];
  const skipped: SkippedPattern[] = [];
  const broken: BrokenPattern[] = [];
  for (const ind of indicators) {
    const id = str(ind["id"]) || "(no id)";
    const target = builders.get(reportOf.get(id) ?? relTarget.get(id) ?? "") ?? fallback;
    const pattern = ind["pattern"];
    const patternType = ind["pattern_type"];
    if (typeof patternType === "string" && patternType.toLowerCase() !== "stix") {
      // A YARA/Sigma/Snort rule is valid STIX, just not something we evaluate.
      skipped.push({ file: file.name, id, key: `pattern_type:${patternType}`, pattern: str(pattern) });
      continue;
    }
    if (typeof pattern !== "string") {
      warnings.push(`${file.name}: indicator ${id}: no pattern`);
      broken.push({ file: file.name, id, key: "no pattern", pattern: "" });
      continue;
    }
    let comparisons: Comparison[];
    try {
      comparisons = parseStixPattern(pattern);
    } catch (err) {
      const why = err instanceof PatternError ? err.message : String(err);
      warnings.push(`${file.name}: indicator ${id}: pattern ${JSON.stringify(pattern)}: ${why}`);
      broken.push({ file: file.name, id, key: `unsupported pattern: ${why.replace(/ at offset \d+| starting at offset \d+/, "")}`, pattern });
      continue;
    }
    for (const c of comparisons) {
      const bucket = bucketOfKey(c.key);
      if (bucket === undefined) {
        skipped.push({ file: file.name, id, key: c.key, pattern });
        continue;
      }
      // MVT trims the value (it strips quotes and whitespace); domains and emails are lowercased.
      let value = c.value.trim();
      if (bucket === "domains" || bucket === "emails") value = value.toLowerCase();
      if (value === "") {
        warnings.push(`${file.name}: indicator ${id}: empty value for ${c.key}`);
        broken.push({ file: file.name, id, key: `empty value for ${c.key}`, pattern });
        continue;
      }
      target.add({ id, bucket, value });
    }
  }
  const collections = order.map((b) => b.build());
  if (fallback.size > 0) collections.push(fallback.build());
  return { collections, warnings, skipped, broken };
}

/** Accumulates one collection's indicators, adding each (bucket, value) once as MVT does. */
class Builder {
  private readonly seen = new Set<string>();
  private readonly list: Indicator[] = [];
  constructor(
    readonly id: string,
    readonly name: string,
    readonly description: string,
    readonly file: Stix2File,
  ) {}
  get size(): number {
    return this.list.length;
  }
  add(ind: Indicator): void {
    const key = `${ind.bucket}\u0000${ind.value}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(ind);
  }
  build(): Collection {
    return {
      id: this.id,
      name: this.name,
      description: this.description,
      stix2_file_name: this.file.name,
      stix2_file_path: this.file.path,
      indicators: this.list,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// STIX pattern subset. MVT only splits `[key = 'value']` on "="; we parse properly so that values may contain
// "=" or escaped quotes, and we also accept OR-joined equality comparisons (inside one observation or between
// observations): every comparison becomes its own indicator, since matching any of them is what OR means.
// AND/FOLLOWEDBY/qualifiers/other operators describe several values or a time relation, which we cannot check
// against one value, so such a pattern is rejected (the caller turns it into a warning).

export interface Comparison {
  readonly key: string;
  readonly value: string;
}

export class PatternError extends Error {}

const MAX_ALTERNATIVES = 10_000; // AND distributes over OR; keep a hostile pattern from exploding

/** Parses a pattern into the list of OR-ed equality comparisons it stands for; throws PatternError. */
export function parseStixPattern(pattern: string): Comparison[] {
  const p = new PatternParser(pattern);
  const alts = p.observationOr();
  p.skipWs();
  if (p.pos < pattern.length) p.fail(`unexpected text at offset ${p.pos}`);
  const out: Comparison[] = [];
  for (const alt of alts) {
    const first = alt[0];
    if (!first) continue;
    // `[a = 'x' AND a = 'x']` is still one value; anything else needs several values at once.
    if (alt.some((c) => c.key !== first.key || c.value !== first.value)) {
      p.fail("AND of different comparisons cannot be checked against a single value");
    }
    out.push(first);
  }
  return out;
}

type Alts = Comparison[][]; // disjunction of conjunctions

class PatternParser {
  pos = 0;
  constructor(private readonly src: string) {}

  fail(msg: string): never {
    throw new PatternError(msg);
  }

  skipWs(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] ?? "")) this.pos++;
  }

  /** Consumes `word` (case-insensitive) if it is next as a whole word. */
  keyword(word: string): boolean {
    this.skipWs();
    const end = this.pos + word.length;
    if (this.src.slice(this.pos, end).toUpperCase() !== word) return false;
    if (/[\w-]/.test(this.src[end] ?? "")) return false;
    this.pos = end;
    return true;
  }

  char(c: string): boolean {
    this.skipWs();
    if (this.src[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private static and(a: Alts, b: Alts, fail: (m: string) => never): Alts {
    if (a.length * b.length > MAX_ALTERNATIVES) fail("pattern too complex");
    return a.flatMap((x) => b.map((y) => [...x, ...y]));
  }

  observationOr(): Alts {
    const alts = this.observationAnd();
    while (this.keyword("OR")) alts.push(...this.observationAnd());
    return alts;
  }

  private observationAnd(): Alts {
    let left = this.observation();
    for (;;) {
      if (this.keyword("AND")) left = PatternParser.and(left, this.observation(), (m) => this.fail(m));
      else if (this.keyword("FOLLOWEDBY")) this.fail("FOLLOWEDBY is not supported");
      else return left;
    }
  }

  private observation(): Alts {
    if (this.char("(")) {
      const inner = this.observationOr();
      if (!this.char(")")) this.fail("missing ')'");
      return this.qualifiers(inner);
    }
    if (!this.char("[")) this.fail(this.pos === 0 || this.src.trim() === "" ? "missing '['" : `expected '[' at offset ${this.pos}`);
    const inner = this.comparisonOr();
    if (!this.char("]")) this.fail("missing ']'");
    return this.qualifiers(inner);
  }

  private qualifiers(a: Alts): Alts {
    for (const q of ["WITHIN", "REPEATS", "START"]) if (this.keyword(q)) this.fail(`qualifier ${q} is not supported`);
    return a;
  }

  private comparisonOr(): Alts {
    const alts = this.comparisonAnd();
    while (this.keyword("OR")) alts.push(...this.comparisonAnd());
    return alts;
  }

  private comparisonAnd(): Alts {
    let left = this.comparison();
    while (this.keyword("AND")) left = PatternParser.and(left, this.comparison(), (m) => this.fail(m));
    return left;
  }

  private comparison(): Alts {
    if (this.char("(")) {
      const inner = this.comparisonOr();
      if (!this.char(")")) this.fail("missing ')'");
      return inner;
    }
    const key = this.objectPath();
    this.skipWs();
    if (this.keyword("NOT")) this.fail("NOT is not supported");
    for (const op of ["LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "IN", "EXISTS"]) {
      if (this.keyword(op)) this.fail(`operator ${op} is not supported`);
    }
    const two = this.src.slice(this.pos, this.pos + 2);
    if (two === "!=" || two === "<=" || two === ">=" || two === "==") this.fail(`operator ${two} is not supported`);
    const one = this.src[this.pos];
    if (one === "<" || one === ">") this.fail(`operator ${one} is not supported`);
    if (!this.char("=")) this.fail(`expected '=' after ${key || "the key"}`);
    return [[{ key, value: this.literal() }]];
  }

  /** `type:prop.sub.'quoted-part'[0]` up to whitespace or an operator. */
  private objectPath(): string {
    this.skipWs();
    const start = this.pos;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos] ?? "";
      if (c === "'") {
        this.quoted();
        continue;
      }
      if (/[\s=!<>()\]]/.test(c)) break;
      this.pos++;
    }
    const key = this.src.slice(start, this.pos);
    if (!/^[A-Za-z0-9_-]+:\S+$/.test(key)) this.fail(key ? `invalid object path ${JSON.stringify(key)}` : "missing object path");
    return key;
  }

  /** A STIX string literal; `\'` and `\\` are escapes, other backslashes are kept (lenient, like MVT). */
  private quoted(): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = "";
    while (this.pos < this.src.length) {
      const c = this.src[this.pos] ?? "";
      if (c === "\\") {
        const next = this.src[this.pos + 1];
        if (next === "'" || next === "\\") {
          out += next;
          this.pos += 2;
          continue;
        }
      } else if (c === "'") {
        this.pos++;
        return out;
      }
      out += c;
      this.pos++;
    }
    this.pos = start;
    return this.fail(`unterminated string starting at offset ${start}`);
  }

  /** The right-hand side: a quoted string (optionally t/h/b-prefixed), or a bare token as MVT tolerates. */
  private literal(): string {
    this.skipWs();
    const c = this.src[this.pos];
    if (c === "'") return this.quoted();
    if ((c === "t" || c === "h" || c === "b") && this.src[this.pos + 1] === "'") {
      this.pos++;
      return this.quoted();
    }
    const start = this.pos;
    while (this.pos < this.src.length && !/[\s\])]/.test(this.src[this.pos] ?? "")) this.pos++;
    if (this.pos === start) this.fail("missing value");
    return this.src.slice(start, this.pos);
  }
}
