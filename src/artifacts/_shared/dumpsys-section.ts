/**
 * The parse of an artifact module that reads one dumpsys service section (bugreport dumpstate, AndroidQF
 * dumpsys.txt): the section's lines go through the module's parser, then what went wrong while reading them
 * (truncated, garbled, cut lines, the section over its bound) becomes one warning.
 */
import type { ParseContext } from "../../core/artifact.ts";
import type { SourceFile } from "../../core/source.ts";
import { newSectionStats, sectionLines, sectionWarning, serviceSection } from "../../formats/dumpsys.ts";

export async function* serviceSectionRecords<R>(
  file: SourceFile,
  ctx: Pick<ParseContext, "warn">,
  service: string,
  parse: (lines: AsyncIterable<string>) => AsyncIterable<R> | Promise<Iterable<R>>,
): AsyncGenerator<R> {
  const stats = newSectionStats();
  yield* await parse(sectionLines(file, serviceSection(service), stats));
  const warning = sectionWarning(stats, service);
  if (warning) ctx.warn(warning);
}
