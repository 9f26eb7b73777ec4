/**
 * Brands' own side domains from their published documents (data/brand-domains.txt → BRAND_DOMAINS): a listed domain
 * and its subdomains are the brand's own, a look-alike of one is still judged, and no shared host is listed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreUrl } from "./lookalike.ts";
import { normalizeUrl } from "./url-normalize.ts";
import { BRAND_DOMAINS, DYNAMIC_DNS, FREE_HOSTS, URL_SHORTENERS } from "./_phishing-lists.ts";

const flagged = (d: string) => !!scoreUrl(d)?.suspicious;

test("a side domain its brand publishes is the brand's own, with its subdomains", () => {
  // metamail.com (Meta's mail), dropboxteam.com and adobegov.com were read as look-alikes before the list.
  for (const d of ["metamail.com", "dropboxteam.com", "adobegov.com", "apple-cloudkit.com", "api.apple-cloudkit.com", "https://www.apple-livephotoskit.com/x"]) {
    assert.ok(BRAND_DOMAINS.has(normalizeUrl(d)!.registrable), d);
    assert.equal(flagged(d), false, d);
  }
});

test("look-alikes of a listed side domain are still flagged", () => {
  for (const d of ["apple-cloudkit-verify.com", "login-apple-cloudkit.com", "apple-cloudkit.top", "metamail-support.com", "dropboxteam.top", "adobegov-login.com"]) {
    assert.equal(flagged(d), true, d);
  }
});

test("no host that gives subdomains to anyone is listed: a free host's tenant stays judged", () => {
  for (const d of BRAND_DOMAINS) {
    assert.equal(normalizeUrl(d)?.registrable, d, `${d} is a registrable domain`);
    assert.ok(!FREE_HOSTS.has(d) && !URL_SHORTENERS.has(d) && !DYNAMIC_DNS.has(d), d);
  }
  for (const d of ["metamail.firebaseapp.com", "dropboxteam.web.app", "apple-cloudkit.blogspot.com"]) assert.equal(flagged(d), true, d);
  assert.ok(BRAND_DOMAINS.size >= 300, "the compiled list holds the documents' domains");
});
