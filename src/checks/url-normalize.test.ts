/** normalizeUrl: both IDN forms, default ports, registrable domains (ICANN and private rules), bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizeUrl, toUnicodeHost } from "./url-normalize.ts";

test("host lowercased, trailing dot and default port dropped, other ports kept", () => {
  const n = normalizeUrl("HTTPS://WWW.Example.COM.:443/a?b#c")!;
  assert.equal(n.host, "www.example.com");
  assert.equal(n.port, "");
  assert.equal(n.registrable, "example.com");
  assert.equal(n.suffix, "com");
  assert.equal(n.ip, false);
  assert.equal(normalizeUrl("http://example.com:80/")!.port, "");
  assert.equal(normalizeUrl("example.com:8080/x")!.port, "8080");
  assert.equal(normalizeUrl("https://user:pw@host.co.uk:8443/")!.registrable, "host.co.uk");
});

test("IDN: Unicode and punycode forms both kept, either way in", () => {
  for (const raw of ["http://аpple.com/x", "xn--pple-43d.com"]) {
    const n = normalizeUrl(raw)!;
    assert.equal(n.hostAscii, "xn--pple-43d.com");
    assert.equal(n.host, "xn--pple-43d.com");
    assert.equal(n.hostUnicode, "\u0430pple.com");
    assert.equal(n.registrable, "xn--pple-43d.com");
  }
  assert.equal(toUnicodeHost("www.xn--telegrm-qbd.com"), "www.telegr\u0251m.com");
});

test("an xn-- label that does not decode is kept as it is", () => {
  const n = normalizeUrl("https://xn--zz.com/")!;
  assert.equal(n.hostUnicode, "xn--zz.com");
  assert.equal(n.registrable, "xn--zz.com");
});

test("registrable domain: ICANN suffixes and private ones (gr.com, blogspot.com) alike", () => {
  assert.equal(normalizeUrl("https://www.bbc.co.uk/news")!.registrable, "bbc.co.uk");
  const gr = normalizeUrl("https://foo.bar.cnn.gr.com/")!;
  assert.equal(gr.registrable, "cnn.gr.com");
  assert.equal(gr.suffix, "gr.com");
  assert.equal(normalizeUrl("a.b.github.io")!.registrable, "b.github.io");
});

test("IP addresses: v4 spellings normalised, v6 without brackets, flagged ip", () => {
  assert.deepEqual(
    ["http://192.168.0.1:80/x", "http://0x7f.1/", "http://[2001:db8::1]:8080/"].map((u) => {
      const n = normalizeUrl(u)!;
      return [n.host, n.ip, n.port, n.suffix];
    }),
    [["192.168.0.1", true, "", ""], ["127.0.0.1", true, "", ""], ["2001:db8::1", true, "8080", ""]],
  );
});

test("mailto gives the mail domain; tel:, javascript:, data: and empty input give nothing", () => {
  assert.equal(normalizeUrl("mailto:bob@evil.org")!.host, "evil.org");
  for (const raw of ["tel:+123", "javascript:alert(1)", "data:text/html,hi", "", "   ", 42, null, undefined, {}]) {
    assert.equal(normalizeUrl(raw), undefined, String(raw));
  }
});

test("URLs new URL refuses still yield a host (regex fallback); nothing throws", () => {
  assert.equal(normalizeUrl("http://exa mple.com/ x")!.host, "exa");
  assert.equal(normalizeUrl("http://%zz.com/")!.registrable, "%zz.com");
  assert.equal(normalizeUrl("https://bad host.example.org:99999/")?.host, "bad");
  const hostile = ["http://" + "a.".repeat(5000) + "com", "http://[::1", "http://[zz]/", "xn--", "http://..", "http://@/", "\u0000\u0001", "%", "http://\u{1F600}.com/", "https://a..b.com/"];
  for (const raw of hostile) assert.doesNotThrow(() => normalizeUrl(raw), raw);
  assert.equal(normalizeUrl("http://\u{1F600}.com/")?.registrable, "xn--e28h.com");
  assert.equal(normalizeUrl("http://[zz]/"), undefined, "brackets without an IPv6 address");
});

test("the user part of an authority is kept apart from the host (https://icrc.org@evil.com/)", () => {
  const n = normalizeUrl("https://icrc.org@evil.com/path")!;
  assert.equal(n.host, "evil.com");
  assert.equal(n.userinfo, "icrc.org");
  assert.equal(normalizeUrl("https://evil.com/")!.userinfo, "");
  assert.equal(normalizeUrl("http://www.paypal.com%20@bad host.example/")?.userinfo ?? "", "www.paypal.com ");
});
