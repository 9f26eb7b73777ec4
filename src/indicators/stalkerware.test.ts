import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseStalkerwareYaml, STALKERWARE_SUFFIX } from "./stalkerware.ts";
import { compileIndicators } from "./compile.ts";

const IOC = resolve(import.meta.dirname, "../../../shared/indicators/stalkerware/ioc.yaml");
const F = { name: "ioc.yaml", path: IOC };

test("ioc.yaml: every stalkerware app becomes a collection of packages, certificates and C2 hosts", () => {
  const cols = parseStalkerwareYaml(readFileSync(IOC, "utf8"), F);
  assert.equal(cols.length, 147);
  assert.ok(cols.every((c) => c.name.endsWith(STALKERWARE_SUFFIX)));
  const set = compileIndicators(cols);
  // TheTruthSpy: a package, a certificate SHA-1 (any case, with colons), a C2 address.
  assert.equal(set.match("app_id", "com.thetruth")?.name, "TheTruthSpy (stalkerware)");
  assert.equal(set.match("cert_hash", "31:a6:ec:ec:d9:7c:f3:9b:c4:12:6b:87:45:cd:94:a7:c3:0b:f8:1c")?.type, "app_cert_hashes");
  assert.equal(set.match("url", "http://69.64.74.239/upload")?.name, "TheTruthSpy (stalkerware)");
  // mSpy C2 domain, label-aligned subdomains too; the vendor's own website is not an indicator.
  assert.equal(set.match("domain", "x.a.thd.cc")?.name, "mSpy (stalkerware)");
  assert.equal(set.match("url", "https://thetruthspy.com/"), undefined);
  // The `ip:` spelling (a typo upstream) is read as well as `ips:`.
  assert.equal(set.match("url", "http://72.167.46.196/")?.name.endsWith(STALKERWARE_SUFFIX), true);
});

test("watchware entries and entries without a name are not read; a file with none is refused", () => {
  const text = "- name: Kid\n  type: watchware\n  packages:\n  - com.kid\n- type: stalkerware\n  packages:\n  - com.anon\n- name: Spy\n  type: stalkerware\n  packages:\n  - com.spy\n  - com.spy\n";
  const cols = parseStalkerwareYaml(text, F);
  assert.deepEqual(cols.map((c) => [c.name, c.indicators.map((i) => i.value)]), [["Spy (stalkerware)", ["com.spy"]]]);
  assert.throws(() => parseStalkerwareYaml("- name: Kid\n  type: watchware\n  packages:\n  - com.kid\n", F), /no stalkerware entries/);
  assert.throws(() => parseStalkerwareYaml("a: b\n", F), /not a list/);
});
