/** Test helpers for errors and acquisitions shared by the format and input tests. */
import assert from "node:assert/strict";
import { SpyglassError } from "../../src/core/errors.ts";
import type { Acquisition } from "../../src/core/acquisition.ts";
import type { Selector } from "../../src/core/artifact.ts";
import type { SourceFile } from "../../src/core/source.ts";

/** The SpyglassError a promise (or a function) rejects with; fails the test if it resolves or throws anything else. */
export async function caught(p: Promise<unknown> | (() => unknown), seen?: unknown[]): Promise<SpyglassError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    seen?.push(err);
    assert.ok(err instanceof SpyglassError, `expected a SpyglassError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected an error");
}

/** Every file a selector names in an acquisition. */
export async function selected(acq: Acquisition, sel: Selector): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for await (const f of acq.select(sel)) out.push(f);
  return out;
}

export const selectedPaths = async (acq: Acquisition, sel: Selector) => (await selected(acq, sel)).map((f) => f.path);
