// Tests for the URL shortener list (spec Appendix A) and the label-aligned shortener check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SHORTENER_DOMAINS, shortenerOf } from "./shorteners.ts";

test("the list is exactly the spec's Appendix A (309 domains)", () => {
  const spec = readFileSync(resolve(import.meta.dirname, "../../../shared/spec/mvt-output-format.md"), "utf8");
  const appendix = spec.slice(spec.indexOf("## Appendix A"));
  const listed = appendix.split("\n").slice(1).join(" ").split(/\s+/).filter(Boolean);
  assert.equal(listed.length, 309);
  assert.equal(SHORTENER_DOMAINS.size, 309);
  assert.deepEqual([...SHORTENER_DOMAINS], listed);
});

test("shortenerOf: host match, label-aligned", () => {
  assert.equal(shortenerOf("https://bit.ly/abc"), "bit.ly");
  assert.equal(shortenerOf("HTTPS://BIT.LY/abc"), "bit.ly");
  assert.equal(shortenerOf("bit.ly/abc"), "bit.ly");
  assert.equal(shortenerOf("https://www.bit.ly/abc"), "bit.ly");
  assert.equal(shortenerOf("https://t.co/x"), "t.co");
  assert.equal(shortenerOf("http://bit.ly:80/x"), "bit.ly");
  assert.equal(shortenerOf("https://hongkiat.shorturl.com/x"), "hongkiat.shorturl.com");
  assert.equal(shortenerOf("https://other.shorturl.com/x"), "shorturl.com");
  assert.equal(shortenerOf("https://notbit.ly/abc"), undefined);
  assert.equal(shortenerOf("https://bit.ly.evil.com/abc"), undefined);
  assert.equal(shortenerOf("https://example.org/bit.ly"), undefined);
  assert.equal(shortenerOf("https://microsoft.co/x"), undefined); // "t.co" must not match "...t.co" mid-label
  assert.equal(shortenerOf(""), undefined);
  assert.equal(shortenerOf("http://1.2.3.4/"), undefined);
});

test("goo.gl/maps/... is not a shortener, other goo.gl links are", () => {
  assert.equal(shortenerOf("https://goo.gl/maps/abcdef"), undefined);
  assert.equal(shortenerOf("https://goo.gl/abcdef"), "goo.gl");
  assert.equal(shortenerOf("https://goo.gl/mapsx"), "goo.gl");
});
