/**
 * Several national brands of one name (data/brands-national.txt: mindef is Cameroon's, Singapore's, Guatemala's and
 * Peru's ministry of defence): the message names the one whose country the judged domain carries, else the first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreUrl } from "./lookalike.ts";
import { shown } from "./lookalike-judged.ts";
import type { PopularName } from "./lookalike-universe.ts";

const named = (d: string) => scoreUrl(d)?.reasons[0]?.brand_domain;

test("the brand of the country a look-alike carries is the one named", () => {
  assert.equal(named("mindef-sg.com"), "mindef.gov.sg");
  assert.match(scoreUrl("mindef-sg.com")!.reasons[0]!.text, /^looks like mindef\.gov\.sg but is not/);
  assert.equal(named("mindef-pe.com"), "mindef.gob.pe");
  assert.equal(named("secure-mindef-gt.net"), "mindef.mil.gt");
  // No country in the name: the first listed (Cameroon's), not whichever the file happened to list last; a name that
  // was popular before national brands took it names its best-ranked domain (rbc.ru, not RBC-Ukraine's nor Canada's).
  assert.equal(named("mindef-login.com"), "mindef.cm");
  assert.equal(named("rbc-secure-login.com"), "rbc.ru");
  assert.equal(named("rbc-ua-secure.com"), "rbc.ua");
  assert.equal(named("mbank-weryfikacja.pl"), "mbank.pl");
});

test("shown() picks by ending, by a name part or by letters glued to the name", () => {
  const p: PopularName = {
    name: "mindef", suffix: "gob.pe", tier: 2, common: false, national: true,
    choices: [{ domain: "mindef.cm", region: "CM" }, { domain: "mindef.gov.sg", region: "SG" }, { domain: "mindef.gob.pe", region: "PE" }],
  };
  assert.equal(shown(p, { label: "mindef-portal", suffix: "com.sg" }), "mindef.gov.sg");
  assert.equal(shown(p, { label: "login-mindef", suffix: "pe" }), "mindef.gob.pe");
  assert.equal(shown(p, { label: "mindefsg", suffix: "com" }), "mindef.gov.sg");
  assert.equal(shown(p, { label: "mindef-portal", suffix: "com" }), "mindef.cm");
  assert.equal(shown(p), "mindef.cm");
  // A single brand of its name keeps its own domain.
  assert.equal(shown({ name: "montepaschi", suffix: "it", tier: 2, common: false, national: true, shown: "mps.it" }, { label: "montepaschi-sg", suffix: "com" }), "mps.it");
});
