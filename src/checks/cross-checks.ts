/** Spyglass's cross-artifact checks by id: a scan runs them all, and a worker thread builds the same ones to take notes. */
import type { CrossCheck } from "../core/cross-check.ts";
import { knownExploited } from "./known-exploited.ts";
import { lookalikeLinks } from "./lookalike-links.ts";

const FACTORIES: Record<string, () => CrossCheck> = { links: () => lookalikeLinks(), versions: () => knownExploited() };

/** Their ids: their alerts call for review, they are not detections. */
export const CROSS_CHECK_IDS: ReadonlySet<string> = new Set(Object.keys(FACTORIES));

export function defaultCrossChecks(): CrossCheck[] {
  return Object.values(FACTORIES).map((make) => make());
}

export function crossCheckById(id: string): CrossCheck | undefined {
  return FACTORIES[id]?.();
}
