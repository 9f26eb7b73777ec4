import { test } from "node:test";
import assert from "node:assert/strict";
import { parseUrlHost, simpleUrlHost } from "./compile.ts";
import { readFileSync } from "node:fs";

const TOP_SITES = (JSON.parse(readFileSync(new URL("../../test/data/top-sites.json", import.meta.url), "utf8")) as { rootDomain: string }[]).map((s) => s.rootDomain);

test("the no-parse fast path gives exactly the host `new URL` gives, or stands aside", () => {
  const urls = [
    ...TOP_SITES.flatMap((d) => [`https://${d}/`, `http://www.${d}:8080/a/b?c=d#e`, `https://${d}`, `https://${d}?q`]),
    "https://a-b.c-d.example.org/x", "https://ab--cd.example.org/", "http://1.2.3.4/", "http://10.0.0.1.example/",
    "https://Example.org/", "https://xn--80ak6aa92e.com/", "https://user:pw@evil.example/", "https://evil.example./",
    "https://exa_mple.org/", "http://example.org:99999/", "https://%65xample.org/", "https://example.org\\@evil.example/",
    "ftp://example.org/", "https://a.0x7f/", "https://-bad.example/", "https://example.123/", "example.org/path",
  ];
  let fast = 0;
  for (const u of urls) {
    const host = simpleUrlHost(u);
    if (host === undefined) continue;
    fast++;
    assert.equal(host, parseUrlHost(u)?.host, u);
  }
  assert.ok(fast > TOP_SITES.length * 3, "the usual links take the fast path");
  for (const u of ["https://Example.org/", "https://xn--80ak6aa92e.com/", "https://user:pw@evil.example/", "http://1.2.3.4/", "https://evil.example./", "https://example.org\\@evil.example/"]) {
    assert.equal(simpleUrlHost(u), undefined, u);
  }
});
