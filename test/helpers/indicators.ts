/**
 * Indicator sets for tests: MVT's test bundle (`shared/indicators/test.stix2`), optionally with extra indicators
 * appended to its one malware ("TestMalware"), as MVT's tests do; e.g. testIocs(["domain-name:value", "x.org"]).
 */
import { readFileSync } from "node:fs";
import { compileIndicators } from "../../src/indicators/compile.ts";
import { parseStix2Bundle } from "../../src/indicators/stix2.ts";
import type { IndicatorSet } from "../../src/indicators/types.ts";
import { SHARED } from "./run-module.ts";

export const TEST_STIX2 = SHARED + "indicators/test.stix2";

export function testBundle(...extra: [key: string, value: string][]): string {
  const bundle = JSON.parse(readFileSync(TEST_STIX2, "utf8")) as { objects: Record<string, unknown>[] };
  const malware = bundle.objects.find((o) => o.type === "malware")!;
  extra.forEach(([key, value], i) => {
    const id = `indicator--00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
    bundle.objects.push({
      type: "indicator", spec_version: "2.1", id, created: "2025-01-01T00:00:00.000Z", modified: "2025-01-01T00:00:00.000Z",
      valid_from: "2025-01-01T00:00:00.000Z", pattern_type: "stix", indicator_types: ["malicious-activity"], pattern: `[${key}='${value}']`,
    });
    bundle.objects.push({
      type: "relationship", spec_version: "2.1", id: `relationship--00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
      created: "2025-01-01T00:00:00.000Z", modified: "2025-01-01T00:00:00.000Z", relationship_type: "indicates", source_ref: id, target_ref: malware.id,
    });
  });
  return JSON.stringify(bundle);
}

export function testIocs(...extra: [key: string, value: string][]): IndicatorSet {
  return compileIndicators(parseStix2Bundle(testBundle(...extra), { name: "test.stix2", path: TEST_STIX2 }));
}
