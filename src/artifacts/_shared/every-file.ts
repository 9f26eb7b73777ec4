/**
 * For modules whose result spans all the files their selectors name (MVT sorts Analytics, SafariFavicon and
 * IOSVersionHistory over every database or journal, and takes AnalyticsIOSVersions' first times across them): the
 * engine calls `parse` once per file, so such a module reads them all at its first call and nothing at the others.
 */
import type { ArtifactInput, ParseContext, Selector } from "../../core/artifact.ts";
import { describeError, SpyglassError } from "../../core/errors.ts";
import { displayName, type SourceFile } from "../../core/source.ts";

// The first file of each selection, per acquisition (its root): the engine asks at every file of a module, and an
// input's select() walks its list, so without this a selection of k files cost k walks. The answer never changes for
// an acquisition, so it is kept while the acquisition lives.
const FIRST = new WeakMap<object, Map<readonly Selector[], string | null>>();

/** Whether the input's file is the first the selectors name, in the engine's order (selector by selector). */
export async function isFirstFile({ file, root }: Pick<ArtifactInput, "file" | "root">, ctx: Pick<ParseContext, "find">, sources: readonly Selector[]): Promise<boolean> {
  let known = FIRST.get(root);
  if (!known) FIRST.set(root, (known = new Map()));
  let first = known.get(sources);
  if (first === undefined) {
    first = null;
    for (const s of sources) {
      const f = await ctx.find(s);
      if (f) {
        first = f.path;
        break;
      }
    }
    known.set(sources, first);
  }
  return first === file.path;
}

/**
 * Reads every file the selectors name (each once), in the engine's order. A file that fails is one warning
 * naming it, as the engine gives when it reads files one by one, and the others are still read.
 */
export async function* readEveryFile<T>(ctx: Pick<ParseContext, "findAll" | "warn">, sources: readonly Selector[], read: (file: SourceFile) => Promise<Iterable<T>>): AsyncGenerator<T> {
  const seen = new Set<string>();
  for (const s of sources) {
    for await (const file of ctx.findAll(s)) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      let items: Iterable<T>;
      try {
        items = await read(file);
      } catch (err) {
        ctx.warn(err instanceof SpyglassError ? err.message : describeError(err), displayName(file));
        continue;
      }
      yield* items;
    }
  }
}

/**
 * The parse of a module whose one list spans every file (MVT sorts it over them all): at the first file, every
 * record of every file, sorted by its isodate; nothing at the others.
 */
export async function* sortedOverEveryFile<T extends { isodate: string }>(
  input: Pick<ArtifactInput, "file" | "root">,
  ctx: Pick<ParseContext, "find" | "findAll" | "warn">,
  sources: readonly Selector[],
  read: (file: SourceFile) => Promise<Iterable<T>>,
): AsyncGenerator<T> {
  if (!(await isFirstFile(input, ctx, sources))) return;
  const all: T[] = []; // thousands of rows (analytics databases, favicons, journals), not millions
  for await (const r of readEveryFile(ctx, sources, read)) all.push(r);
  yield* sortedBy(all, (r) => r.isodate);
}

/** Python's sorted() by a text key: stable, "" (a missing time) first. */
export function sortedBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
