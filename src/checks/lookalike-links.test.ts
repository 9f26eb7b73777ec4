/** The "links" cross-check: one finding per suspicious domain with count, modules and first date; levels; bounds. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { defineArtifact, type AnyArtifact } from "../core/artifact.ts";
import { observe, type CrossCheckContext } from "../core/cross-check.ts";
import type { Acquisition } from "../core/acquisition.ts";
import { compileIndicators } from "../indicators/compile.ts";
import { lookalikeLinks, type LinkEvent } from "./lookalike-links.ts";
import { scan } from "../core/scan.ts";
import { openIosBackup } from "../inputs/ios-backup.ts";
import { localDir } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import sms from "../artifacts/ios/sms.ts";
import { IosBackupBuilder } from "../../test/builders/ios-backup.ts";
import { buildSmsDb } from "../../test/builders/ios/sms.ts";
import { tempDir } from "../../test/helpers/tmp.ts";

interface Rec {
  readonly isodate?: string;
  readonly links: unknown;
}
const moduleNamed = (mvt: string): AnyArtifact =>
  defineArtifact<Rec>({
    id: `ios.${mvt.toLowerCase()}`,
    platform: "ios",
    mvt,
    slug: mvt.toLowerCase(),
    description: "test module",
    sources: [],
    async *parse() {},
    indicators: [{ kind: "url", values: (r) => r.links }],
  });
const SMS = moduleNamed("SMS");
const SAFARI = moduleNamed("SafariHistory");
const PROCS = defineArtifact<Rec>({ ...moduleNamed("Processes"), indicators: [{ kind: "process", values: (r) => r.links }] });
const ctx = (indicators?: CrossCheckContext["indicators"]): CrossCheckContext => ({ acquisition: {} as Acquisition, indicators });

test("one MEDIUM finding per suspicious domain: count, modules, earliest date, first URL", async () => {
  const check = lookalikeLinks();
  assert.equal(check.id, "links");
  observe(check, SMS, { isodate: "2021-07-02 10:00:00.000000", links: ["https://icrcworld.com/a?x=1", "https://www.icrc.org/"] });
  observe(check, SAFARI, { isodate: "2021-07-01 09:00:00.000000", links: "http://www.icrcworld.com/b" });
  observe(check, SMS, { links: ["https://icrcworld.com/c"] });
  observe(check, PROCS, { links: "icrcworld.com" }); // not a URL field: ignored
  const findings = await check.finish(ctx());
  assert.equal(findings.length, 1);
  const f = findings[0]!;
  assert.equal(f.level, "MEDIUM");
  assert.equal(f.message, 'Link to "icrcworld.com" looks like the Red Cross (icrc.org) but is not: it appeared 3 times in SMS, SafariHistory');
  assert.equal(f.event_time, "2021-07-01 09:00:00.000000");
  assert.deepEqual(f.event as LinkEvent, {
    url: "https://icrcworld.com/a?x=1",
    domain: "icrcworld.com",
    reasons: ['looks like the Red Cross (icrc.org) but is not: its name contains "icrc"'],
    modules: ["SMS", "SafariHistory"],
    count: 3,
    first_seen: "2021-07-01 09:00:00.000000",
  });
});

test("shortener-only and IP-only links are LOW, after the MEDIUM ones; no date gives an empty event_time", async () => {
  const check = lookalikeLinks();
  observe(check, SMS, { links: ["https://bit.ly/abc", "http://45.12.3.4/x", "https://bit.ly/def"] });
  observe(check, SMS, { links: ["whatsapp-app.com"] });
  const findings = await check.finish(ctx());
  assert.deepEqual(findings.map((f) => [f.level, (f.event as LinkEvent).domain, (f.event as LinkEvent).count]), [
    ["MEDIUM", "whatsapp-app.com", 1],
    ["LOW", "bit.ly", 2],
    ["LOW", "45.12.3.4", 1],
  ]);
  assert.equal(findings[1]!.message, 'Link to "bit.ly" uses the URL shortener bit.ly: the real destination is hidden (it appeared 2 times in SMS)');
  assert.equal(findings[2]!.event_time, "");
});

test("links already matched by the loaded indicators are left to the indicator alert", async () => {
  const set = compileIndicators([
    { id: "c", name: "Pegasus", description: "", stix2_file_name: "p.stix2", stix2_file_path: "p.stix2", indicators: [{ id: "i", bucket: "domains", value: "icrcworld.com" }] },
  ]);
  const check = lookalikeLinks();
  observe(check, SMS, { links: ["https://icrcworld.com/", "whatsapp-app.com"] });
  const findings = await check.finish(ctx(set));
  assert.deepEqual(findings.map((f) => (f.event as LinkEvent).domain), ["whatsapp-app.com"]);
});

test("a custom brand list; legitimate and broken values give nothing and never throw", async () => {
  const check = lookalikeLinks([{ brand: "Acme Bank", category: "bank", domains: ["acmebank.example"], tokens: ["acmebank"] }]);
  const junk = ["", "tel:+1", "http://[zz]/", "xn--", "http://exa mple.com", 42, null, { url: "x" }, "a".repeat(20_000), "https://acmebank.example/login"];
  observe(check, SMS, { links: junk });
  observe(check, SMS, null);
  observe(check, SMS, { links: "https://acmebank-secure.com/" });
  const findings = await check.finish(ctx());
  assert.deepEqual(findings.map((f) => f.message), ['Link to "acmebank-secure.com" looks like Acme Bank (acmebank.example) but is not: it appeared once in SMS']);
});

test("a module whose value getter throws on an odd record does not stop the check", async () => {
  const bad = defineArtifact<Rec>({ ...moduleNamed("Broken"), indicators: [{ kind: "url", values: () => { throw new Error("boom"); } }] });
  const check = lookalikeLinks();
  assert.doesNotThrow(() => observe(check, bad, { links: "x" }));
  assert.deepEqual(await check.finish(ctx()), []);
});

test("through the engine: two SMS linking to a lookalike give one alert of module links, dated by the first", async () => {
  const b = new IosBackupBuilder(tempDir());
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) =>
    buildSmsDb(db, [
      { text: "Your parcel is waiting: https://track-your-fedex-package.com/t/91 ", handle: "+15550100", date: "2021-03-04 05:06:07" },
      { text: "see https://www.fedex.com/ and http://track-your-fedex-package.com/x", handle: "+15550100", date: "2021-03-05 05:06:07" },
    ]),
  );
  const backup = await openIosBackup(localDir(b.finish()), nodeHost, {});
  const result = await scan({ acquisition: backup, artifacts: [sms], host: nodeHost, sink: {}, checks: [lookalikeLinks()] });
  const links = result.alerts.filter((a) => a.module === "links");
  assert.deepEqual(links.map((a) => [a.level, a.message, a.event_time]), [
    ["MEDIUM", 'Link to "track-your-fedex-package.com" looks like FedEx (fedex.com) but is not: it appeared 2 times in SMS', "2021-03-04 05:06:07.000000"],
  ]);
  backup.close();
});
