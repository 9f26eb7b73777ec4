/** The artifacts that read a given input kind, in table order. */
import type { AnyArtifact, InputKind } from "../core/artifact.ts";
import { ARTIFACTS } from "./index.ts";

export function artifactsFor(kind: InputKind, table: readonly AnyArtifact[] = ARTIFACTS): AnyArtifact[] {
  return table.filter((a) => a.sources.some((s) => s.from === kind));
}

/** The globs the artifacts declare for one input kind: the files an archive's reader keeps for them. */
export function declaredGlobs(kind: InputKind, table: readonly AnyArtifact[] = ARTIFACTS): string[] {
  return table.flatMap((a) => a.sources.flatMap((s) => (s.from === kind && "glob" in s ? [s.glob] : [])));
}

export function findArtifact(nameOrSlug: string, table: readonly AnyArtifact[] = ARTIFACTS): AnyArtifact | undefined {
  const n = nameOrSlug.toLowerCase();
  return table.find((a) => a.id === n || a.slug === n || a.mvt.toLowerCase() === n);
}
