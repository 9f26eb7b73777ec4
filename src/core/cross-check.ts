/**
 * Cross-artifact checks: they see every record of every module as it streams by (links everywhere, app and OS
 * versions), and raise their findings once the modules are done. They hold only what they need (e.g. one entry
 * per distinct domain), never the records.
 */
import type { Acquisition } from "./acquisition.ts";
import type { AnyArtifact } from "./artifact.ts";
import type { Finding } from "./events.ts";
import type { IndicatorSet } from "../indicators/types.ts";

export interface CrossCheckContext {
  readonly acquisition: Acquisition;
  readonly indicators: IndicatorSet | undefined;
}

export interface CrossCheck {
  /** Alert `module` of its findings (also its output file stem: `<id>_detected.json`). */
  readonly id: string;
  /**
   * What the check keeps of one record, as plain data (undefined: nothing). Pure: it may run on another thread (a
   * worker parsing part of a table), the notes then taken on the main thread in record order.
   */
  note?(def: AnyArtifact, record: unknown): unknown;
  /** Takes a record's note; every record of every module, in run order. */
  take?(def: AnyArtifact, note: unknown): void;
  /**
   * Whether it also sees records recovered from deleted data (issue 16), under the module name "<MVT name>
   * (deleted)"; a check that would misread an old row (an app's former version) leaves it unset.
   */
  readonly seesDeleted?: boolean;
  /** Findings once all modules have run. */
  finish(ctx: CrossCheckContext): readonly Finding[] | Promise<readonly Finding[]>;
}

/** Shows a check one record (on this thread). */
export function observe(check: CrossCheck, def: AnyArtifact, record: unknown): void {
  const note = check.note?.(def, record);
  if (note !== undefined) check.take?.(def, note);
}

/** The values a module declares as holding URLs or domains (the fields its indicator checks read). */
export function* urlValues(def: AnyArtifact, record: unknown): Iterable<string> {
  for (const check of def.indicators ?? []) {
    if (check.kind !== "url" && check.kind !== "domain") continue;
    const v = check.values(record);
    if (typeof v === "string") {
      if (v) yield v;
    } else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === "string" && x) yield x;
    }
  }
}
