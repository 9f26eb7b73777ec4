/**
 * normalizeUrl skips the WHATWG URL parser for links already in its canonical form (url-normalize.ts, canonicalUrl):
 * wherever it does, the parser gives the same href, protocol and host, no port and no user part. Checked on links
 * built from pieces the parser rewrites (upper case, dot segments, "%", "'", ports, "@", `xn--`, numeric labels,
 * backslashes, fragments, spaces) and on the pieces it leaves alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalUrl } from "../src/checks/url-normalize.ts";

const SCHEMES = ["http://", "https://", "HTTP://", "ftp://", "ws://"];
const HOSTS = ["example.com", "www.bbc.co.uk", "EXAMPLE.com", "a-b.c-d.net", "xn--pple-43d.com", "a.xn--p1ai", "1.2.3.4", "host.123", "host.0x1f", "host.0x", "ex_ample.com", "-a.b", "a..b.com", "a.b.", "localhost", "q.a1", "x.y-"];
const PATHS = ["", "/", "/a", "/a/b.html", "/./a", "/a/..", "/a/../b", "/.a/b..", "/%2e/x", "/a'b", "/a b", "/a\\b", "/a`b", "/é", "/a;b=c,d:e@f!$&()*+~_-", "/a/.", "/..."];
const QUERIES = ["", "?", "?a=b", "?a=b&c=%41", "?a'b", "?a b", "?x=1.2/3?4", "?é", "?a#b"];
const TAILS = ["", "#f", ":8080", "@x.com"];

test("where canonicalUrl answers, the URL parser gives the same href, protocol and host", () => {
  let fast = 0;
  let all = 0;
  for (const scheme of SCHEMES) for (const host of HOSTS) for (const path of PATHS) for (const query of QUERIES) for (const tail of TAILS) {
    const s = tail === ":8080" || tail === "@x.com" ? `${scheme}${host}${tail}${path}${query}` : `${scheme}${host}${path}${query}${tail}`;
    all++;
    const c = canonicalUrl(s);
    if (!c) continue;
    fast++;
    const u = new URL(s);
    assert.deepEqual(c, { href: u.href, protocol: u.protocol, host: u.hostname }, s);
    assert.equal(u.port + u.username + u.password, "", s);
  }
  // The common shapes do take the fast path (lowercase http(s), a name, a plain path and query).
  assert.ok(fast > 400, `${fast} of ${all}`);
  for (const s of ["https://www.example.com/article/12?ref=sms", "http://example.com", "https://a-b.example.org/x/y.html?q=1&r=a.b"]) assert.ok(canonicalUrl(s), s);
});
