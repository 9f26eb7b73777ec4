/**
 * The lookalike rules of issue 13's round 12 (families chosen from the eighth reports set's misses), one test each, on
 * the small universe of test/helpers/lookalike-rules-universe.ts plus the shipped curated brands. No case is taken from
 * the measured sets (test/data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreUrl, type BrandIndex } from "./lookalike.ts";
import { indexWith } from "../../test/helpers/lookalike-rules-universe.ts";

const check = (idx: BrandIndex) => ({
  yes: (...ds: string[]) => ds.forEach((d) => assert.equal(!!scoreUrl(d, idx)?.suspicious, true, d)),
  no: (...ds: string[]) => ds.forEach((d) => assert.equal(!!scoreUrl(d, idx)?.suspicious, false, d)),
  text: (d: string) => scoreUrl(d, idx)?.reasons[0]?.text ?? "",
});

test("round 12: No-IP's free domains outside its Public Suffix List entry are dynamic DNS; a curated brand there is judged", () => {
  const { yes, no, text } = check(indexWith([]));
  // A brand glued to a word, or alone, under a shared domain is only an impersonation once that domain is known as one.
  yes("paypalsupport.viewdns.net", "netflixbilling.freedynamicdns.org", "paypal.myddns.me", "instagramhelp.access.ly");
  assert.match(text("whatsapp-web.freedynamicdns.net"), /looks like WhatsApp \(whatsapp\.com\) but is not: .*on the free hosting service freedynamicdns\.net/);
  // A tenant's own name there is no impersonation.
  no("garage-camera.freedynamicdns.org", "homelab.viewdns.net", "minecraft-smp.access.ly");
});
