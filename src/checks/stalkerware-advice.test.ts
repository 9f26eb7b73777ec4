import { test } from "node:test";
import assert from "node:assert/strict";
import type { Alert } from "../core/events.ts";
import { computeVerdict } from "./verdict.ts";
import { isStalkerwareMatch, STALKERWARE_NEXT_STEPS } from "./stalkerware-advice.ts";

const match = (name: string, file: string, value: string): Alert =>
  ({ level: "CRITICAL", module: "aqf_packages", message: `Found a known app id "${value}" of ${name}`, event: {}, event_time: null, matched_indicator: { value, type: "app_ids", name, stix2_file_name: file, id: "x" } }) as unknown as Alert;

test("the predicate: Echap's ioc.yaml names (suffix) and its STIX2 export (file name); mercenary spyware is not", () => {
  assert.equal(isStalkerwareMatch({ name: "mSpy (stalkerware)", stix2_file_name: "ioc.yaml" }), true);
  assert.equal(isStalkerwareMatch({ name: "TheTruthSpy", stix2_file_name: "stalkerware.stix2" }), true);
  assert.equal(isStalkerwareMatch({ name: "Pegasus", stix2_file_name: "pegasus.stix2" }), false);
  assert.equal(isStalkerwareMatch(null), false);
});

test("stalkerware alone: its meaning first and only its next steps", () => {
  const v = computeVerdict({ alerts: [match("mSpy (stalkerware)", "ioc.yaml", "android.sys.process")] });
  assert.equal(v.outcome, "known_spyware");
  assert.equal(v.headline, "Traces of known spyware found: mSpy (stalkerware)");
  assert.match(v.means[0]!, /^mSpy is stalkerware: .*someone who had access to this phone/);
  assert.deepEqual(v.next_steps, STALKERWARE_NEXT_STEPS);
});

test("stalkerware and mercenary spyware: the stalkerware steps first, then the expert-preservation steps", () => {
  const v = computeVerdict({ alerts: [match("Pegasus", "pegasus.stix2", "bh"), match("TheTruthSpy (stalkerware)", "ioc.yaml", "com.thetruth")] });
  assert.deepEqual(v.next_steps.slice(0, STALKERWARE_NEXT_STEPS.length), STALKERWARE_NEXT_STEPS);
  assert.ok(v.next_steps.some((s) => /Do not reset, wipe or update/.test(s)));
  assert.deepEqual(v.malware, ["Pegasus", "TheTruthSpy (stalkerware)"]);
});

test("no stalkerware: the verdict is unchanged", () => {
  const v = computeVerdict({ alerts: [match("Pegasus", "pegasus.stix2", "bh")] });
  assert.ok(!v.means.some((m) => /stalkerware/.test(m)));
  assert.match(v.next_steps[0]!, /Do not reset/);
});
