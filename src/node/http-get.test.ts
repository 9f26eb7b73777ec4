import { test } from "node:test";
import assert from "node:assert/strict";
import { proxyFor } from "./http-get.ts";

const u = (s: string) => new URL(s);

test("proxyFor: the scheme's variable (either case); NO_PROXY hosts, suffixes, ports and *", () => {
  const env = { HTTPS_PROXY: "http://proxy.lan:3128", http_proxy: "proxy.lan:8080" };
  assert.equal(proxyFor(u("https://raw.githubusercontent.com/x"), env)?.href, "http://proxy.lan:3128/");
  assert.equal(proxyFor(u("http://mirror.example/x"), env)?.href, "http://proxy.lan:8080/", "a bare host:port gets http://");
  assert.equal(proxyFor(u("https://a.example/"), {}), undefined);
  for (const no of ["a.example", ".example", "*.example", "example", "other.test, a.example", "a.example:443", "*"]) {
    assert.equal(proxyFor(u("https://a.example/"), { ...env, NO_PROXY: no }), undefined, no);
  }
  for (const no of ["b.example", "a.example:8443", "xa.example", "example.org"]) {
    assert.ok(proxyFor(u("https://a.example/"), { ...env, no_proxy: no }), no);
  }
  assert.equal(proxyFor(u("http://[::1]:8080/"), { ...env, NO_PROXY: "::1" }), undefined);
});
