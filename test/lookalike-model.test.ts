/**
 * Issue 13, the learned combination (tried, not wired): the trained model file is in step with the signals' order and
 * unedited since training, and the signals read what they say on names from no measured set.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBrands, rulesScore, scoreUrl } from "../src/checks/lookalike.ts";
import { defaultUniverse } from "../src/checks/lookalike-universe.ts";
import { measurable, SIGNAL_NAMES, signalsOf } from "../scripts/lookalike-signals.ts";
import { modelChecksum, modelProbability, trainedModel } from "../scripts/lookalike-model.ts";
import { normalizeUrl } from "../src/checks/url-normalize.ts";

function signals(domain: string) {
  const n = normalizeUrl(domain)!;
  const r = rulesScore(defaultBrands(), n);
  assert.ok(r.label !== undefined, `${domain} is judged by the rules`);
  const s = signalsOf(defaultUniverse(), n, r.label, r.reasons);
  const on = Object.fromEntries(SIGNAL_NAMES.map((k, i) => [k, s.x[i]!]));
  return { ...s, on, rules: r.score.suspicious };
}

test("scripts/lookalike-model.json: features in the signals' order, checksum of the trained weights", () => {
  const m = trainedModel();
  assert.deepEqual(m.features, [...SIGNAL_NAMES]);
  assert.equal(m.weights.length, SIGNAL_NAMES.length);
  assert.equal(m.checksum, modelChecksum(m));
  assert.ok(m.threshold > 0.5 && m.threshold < 1, "a threshold chosen for few false positives");
  assert.notEqual(modelChecksum({ ...m, weights: m.weights.map((w, i) => (i === 0 ? w + 1 : w)) }), m.checksum);
});

test("signals: a popular name inside with lure words under an abused ending", () => {
  const s = signals("verify-account-deezer.click");
  assert.equal(s.brand?.name, "deezer");
  assert.equal(s.via, "inside");
  assert.deepEqual(s.lures, ["verify", "account"]);
  for (const k of ["in_found", "in_rest_words", "in_rest_scam", "in_at_edge", "end_abused", "in_x_abused", "in_x_lure"] as const) assert.equal(s.on[k], 1, k);
  assert.equal(s.on.lure_parts, 2);
  assert.equal(s.on.hyphens, 1);
});

test("signals: a slip of a top name, the same name under another ending, and a plain little-known name", () => {
  const slip = signals("duolinqo.com");
  assert.equal(slip.via, "slip");
  assert.equal(slip.brand?.name, "duolingo");
  assert.equal(slip.on.slip_found, 1);
  assert.equal(slip.on.end_com_net_org, 1);
  const same = signals("booking.autos");
  assert.equal(same.via, "same");
  assert.equal(same.on.same_tier1, 1);
  const plain = signals("kittenbakery.com");
  assert.equal(plain.brand, undefined);
  for (const k of ["in_found", "slip_found", "same_found", "end_abused", "lure_parts"] as const) assert.equal(plain.on[k], 0, k);
  // The model ranks the lure above the plain name (a sanity check of the trained weights, not a threshold).
  const m = trainedModel();
  assert.ok(modelProbability(m, signals("verify-account-deezer.click").x) > modelProbability(m, plain.x));
});

test("the model may judge registrable names only: no subdomain, no free host's tenant (its negatives hold none)", () => {
  for (const d of ["kittenbakery.com", "www.kittenbakery.com"]) assert.equal(measurable(normalizeUrl(d)!), true, d);
  for (const d of ["shop.kittenbakery.com", "jellyfin.ddns.net", "weather-dashboard.vercel.app"]) assert.equal(measurable(normalizeUrl(d)!), false, d);
});

test("the scanner's verdict is the rules' (the model is not wired)", () => {
  for (const d of ["verify-account-deezer.click", "duolinqo.com", "kittenbakery.com", "synology.ddns.net"]) {
    const { normalized, ...score } = scoreUrl(d)!;
    assert.deepEqual(score, rulesScore(defaultBrands(), normalized).score, d);
  }
});
