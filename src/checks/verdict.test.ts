/** The verdict rules: each of the three outcomes, the ranking of evidence, update advice and the plain-text block. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Alert, AlertLevel } from "../core/events.ts";
import { alertTime, computeVerdict, deviceLine, MAX_EVIDENCE, verdictText } from "./verdict.ts";

const alert = (level: AlertLevel, module: string, message: string, extra: Partial<Alert> = {}): Alert => ({
  level,
  module,
  message,
  event_time: "",
  event: {},
  matched_indicator: null,
  ...extra,
});
const match = (name: string, value = "example.org") => ({ value, type: "domains" as const, name, stix2_file_name: `${name.toLowerCase()}.stix2`, id: "indicator--1" });
const IPHONE = { product_type: "iPhone9,3", ios_version: "14.3", build_version: "18C66" };

test("an indicator match gives 'traces of known spyware found' with the malware names, sorted and unique", () => {
  const v = computeVerdict({
    alerts: [
      alert("LOW", "datausage", "Missing process"),
      alert("CRITICAL", "sms", "Found Predator domain", { matched_indicator: match("Predator") }),
      alert("CRITICAL", "safari_history", "Found Pegasus domain", { matched_indicator: match("Pegasus") }),
      alert("CRITICAL", "tcc", "Found Pegasus process", { matched_indicator: match("Pegasus", "bh") }),
    ],
    device: IPHONE,
  });
  assert.equal(v.outcome, "known_spyware");
  assert.equal(v.headline, "Traces of known spyware found: Pegasus and Predator");
  assert.deepEqual(v.malware, ["Pegasus", "Predator"]);
  assert.match(v.summary, /3 records/);
  assert.ok(v.means.some((m) => /confirmed by an expert/.test(m)));
  assert.ok(v.does_not_mean.some((m) => /public indicators/.test(m)));
  assert.ok(v.next_steps.some((s) => /Do not reset/.test(s)));
  assert.ok(v.next_steps.some((s) => /accessnow\.org\/help/.test(s) && /Security Lab/.test(s)));
  assert.equal(v.evidence[0]!.kind, "indicator");
  assert.deepEqual(v.evidence[0]!.indicator, { value: "example.org", type: "domains", source: "predator.stix2" });
  assert.equal(v.evidence.at(-1)!.decides, false, "a LOW heuristic does not decide");
  assert.equal(v.device, "iPhone9,3, iOS 14.3 (18C66)");
  assert.deepEqual(JSON.parse(JSON.stringify(v)), v, "JSON-safe");
});

test("heuristics that point at compromise and lookalike links give 'suspicious: needs expert review'", () => {
  for (const a of [
    alert("HIGH", "datausage", "Found manipulated process entry 12. Entry on 2021-01-01"),
    alert("HIGH", "sms", "Apple warning about state-sponsored attack received on the 2021-11-23 19:00:00"),
    alert("MEDIUM", "links", "Looks like icrc.org but is not: icrcworld.com"),
  ]) {
    const v = computeVerdict({ alerts: [a, alert("INFORMATIONAL", "global_preferences", "Lockdown mode enabled")] });
    assert.equal(v.outcome, "needs_review", a.message);
    assert.equal(v.headline, "Suspicious: needs expert review");
    assert.equal(v.evidence[0]!.message, a.message);
    assert.ok(v.does_not_mean.some((m) => /not mean the phone is infected/.test(m)));
  }
  const links = computeVerdict({ alerts: [alert("MEDIUM", "links", "x")] });
  assert.ok(links.next_steps.some((s) => /Do not open the links/.test(s)));
  // A flagged name may be a brand's own side site that no list knows (issue 13's blind legitimate sets): said plainly.
  assert.ok(links.does_not_mean.some((m) => /an organisation's own little-known address/.test(m)));
  assert.equal(links.evidence[0]!.kind, "lookalike_link");
  assert.equal(links.evidence[0]!.rule, "lookalike-link");
});

test("exploited versions, an old patch, LOW and INFORMATIONAL alerts and shorteners give 'no known traces found' with 'Update needed'", () => {
  const v = computeVerdict({
    alerts: [
      alert("LOW", "datausage", "Missing process"),
      alert("LOW", "links", "Shortened link through bit.ly"),
      alert("INFORMATIONAL", "links", "Stopped tracking"),
      alert("HIGH", "versions", "WhatsApp 2.19.20 is vulnerable to CVE-2019-3568", { event: { product: "WhatsApp", installed_version: "2.19.20", fixed_version: "2.19.51", cve: "CVE-2019-3568", advice: "App Store → WhatsApp → Update" } }),
      alert("LOW", "versions", "WhatsApp is installed but its version is not in the backup", { event: { advice: "App Store → Update" } }),
      alert("MEDIUM", "versions", "Signal leaks the IP address (advice only)", { event: { product: "Signal", advice: "App Store → Signal → Update" } }),
    ],
    device: IPHONE,
    indicators: 1200,
  });
  assert.equal(v.outcome, "no_known_traces");
  assert.equal(v.headline, "No known traces found");
  assert.ok(v.does_not_mean.some((m) => /does not prove the phone is clean/.test(m)));
  assert.ok(v.next_steps.some((s) => /Lockdown Mode/.test(s)));
  assert.equal(v.deciding_total, 0);
  assert.equal(v.evidence_total, 6);
  assert.deepEqual(v.update_advice.map((u) => [u.what, u.how]), [
    ["WhatsApp", "Update to 2.19.51 or later: App Store → WhatsApp → Update."],
    ["Signal", "App Store → Signal → Update."],
    ["This app or system", "App Store → Update."],
  ], "every versions alert gives advice");
  assert.match(v.update_advice[0]!.why, /^WhatsApp 2\.19\.20 has flaws that were used in spyware attacks \(CVE-2019-3568\)/);
  assert.match(v.update_advice[1]!.why, /spyware is not known to use it/);
  assert.match(v.update_advice[2]!.why, /could not be read/);
  assert.equal(v.next_steps[0], 'First, update what is listed under "Update needed".');
  assert.ok(v.means.some((m) => /not a sign of infection/.test(m)));
  const none = computeVerdict({ alerts: [], warnings: [{ module: "sms", file: "sms.db", message: "corrupt" }], indicators: 0 });
  assert.equal(none.outcome, "no_known_traces");
  assert.ok(none.does_not_mean.some((m) => /No indicators were loaded/.test(m)));
  assert.ok(none.does_not_mean.some((m) => m === "1 part of the evidence could not be read (see the warnings): it was not checked."));
  assert.ok(!none.next_steps.some((s) => /Lockdown/.test(s)), "the iPhone tip only for an iPhone");
});

test("warnings: 'could not read' is told apart from a note; plural forms agree", () => {
  const outdated = { module: "backup_info", file: "Info.plist", message: "iOS 16.6.1 is outdated; the newest is 27.2: update in Settings → General → Software Update" };
  const v = computeVerdict({ alerts: [], warnings: [outdated], device: IPHONE });
  assert.deepEqual([v.warnings, v.could_not_read, v.warning_notes], [1, 0, 1]);
  assert.ok(!v.does_not_mean.some((m) => /could not be read/.test(m)), "the outdated-iOS warning is a note, not unread evidence");
  assert.match(verdictText(v), /\n1 note about the evidence \(see the warnings\) that does not change the verdict\.\n/);
  const three = computeVerdict({ alerts: [], warnings: [outdated, outdated, { module: "sms", file: "sms.db", message: "database disk image is malformed" }, { module: "tcc", file: "TCC.db", message: "E_CORRUPT" }] });
  assert.deepEqual([three.could_not_read, three.warning_notes], [2, 2]);
  assert.ok(three.does_not_mean.includes("2 parts of the evidence could not be read (see the warnings): they were not checked."));
  assert.match(verdictText(three), /2 notes about the evidence \(see the warnings\) that do not change the verdict/);
});

test("coverage: what was examined and what is missing are stated; nothing examined is never 'no known traces'", () => {
  const v = computeVerdict({ alerts: [], coverage: { examined: ["getprop.txt"], missing: ["packages.json", "dumpsys.txt"] } });
  assert.equal(v.outcome, "no_known_traces");
  assert.deepEqual([v.examined, v.missing], [["getprop.txt"], ["packages.json", "dumpsys.txt"]]);
  assert.ok(v.does_not_mean.includes("The acquisition lacks packages.json and dumpsys.txt: traces there were not checked."));
  const text = verdictText(v);
  assert.match(text, /\nExamined: getprop\.txt\nMissing: packages\.json, dumpsys\.txt\n/);
  const nothing = computeVerdict({ alerts: [], coverage: { examined: [], missing: ["Manifest.db"] } });
  assert.equal(nothing.outcome, "nothing_examined");
  assert.equal(nothing.title, "Nothing was examined");
  assert.match(verdictText(nothing), /^VERDICT: NOTHING WAS EXAMINED\nExamined: nothing\nMissing: Manifest\.db\n/);
  // Evidence still decides: an alert comes from something examined.
  assert.equal(computeVerdict({ alerts: [alert("HIGH", "root_binaries", "Found root binary")], coverage: { examined: [], missing: [] } }).outcome, "needs_review");
  // Without coverage (older callers, results folders) nothing is said about it.
  const old = computeVerdict({ alerts: [] });
  assert.ok(!("examined" in old) && !("missing" in old));
});

test("evidence is ranked: indicator matches, then level, deciding first, then time (unknown last), then run order", () => {
  const v = computeVerdict({
    alerts: [
      alert("INFORMATIONAL", "a", "info"),
      alert("LOW", "b", "low heuristic"),
      alert("LOW", "versions", "low version"),
      alert("MEDIUM", "versions", "medium version (advice only)"),
      alert("MEDIUM", "c", "medium late", { event_time: "2021-02-01 00:00:00.000000" }),
      alert("MEDIUM", "c", "medium no time"),
      alert("MEDIUM", "c", "medium early", { event: { isodate: "2020-01-01 00:00:00.000000" } }),
      alert("HIGH", "d", "high"),
      alert("HIGH", "e", "match at HIGH", { matched_indicator: match("Pegasus") }),
      alert("CRITICAL", "f", "critical heuristic"),
    ],
  });
  assert.deepEqual(
    v.evidence.map((e) => e.message),
    ["match at HIGH", "critical heuristic", "high", "medium early", "medium late", "medium no time", "medium version (advice only)", "low heuristic", "low version", "info"],
  );
  assert.equal(v.evidence[3]!.time, "2020-01-01 00:00:00.000000", "the record's time stands in for a missing event_time");
});

test("update advice is copied from the versions alerts' advice field, once per product and steps", () => {
  const advice = "Open the App Store, tap your profile picture, then Update next to WhatsApp.";
  const v = computeVerdict({
    alerts: [
      alert("HIGH", "versions", "WhatsApp 2.19.20 is vulnerable", { event: { product: "WhatsApp", advice } }),
      alert("MEDIUM", "versions", "WhatsApp (advice-only flaw)", { event: { product: "WhatsApp", advice } }),
      alert("HIGH", "versions", "WhatsApp Business 2.19.20 is vulnerable", { event: { product: "WhatsApp Business", advice } }),
      alert("HIGH", "versions", "iOS 14.3 is exploited", { event: { advice: ["Open Settings → General → Software Update.", "Install the update."] } }),
      alert("LOW", "versions", "No advice given", { event: null }),
    ],
  });
  assert.equal(v.outcome, "no_known_traces", "versions never decide");
  assert.deepEqual(v.update_advice.map((u) => u.message).slice(0, 2), ["WhatsApp 2.19.20 is vulnerable", "WhatsApp Business 2.19.20 is vulnerable"]);
  assert.deepEqual(
    v.update_advice.map((u) => u.advice),
    [advice, advice, "Open Settings → General → Software Update.\nInstall the update.", "Update this app or the phone's system to the newest version"],
  );
  assert.ok(v.next_steps.some((s) => /Update needed/.test(s)));
  const text = verdictText(v);
  assert.match(text, /\nUpdate needed \(this does not change the verdict\):\n- WhatsApp: WhatsApp has flaws that were used in spyware attacks; updating\n  closes them\.\n  How: Open the App Store/);
});

test("odd alerts never throw; evidence is capped", () => {
  const many = Array.from({ length: MAX_EVIDENCE + 50 }, (_, i) => alert("MEDIUM", "m", `n${i}`));
  const v = computeVerdict({ alerts: [...many, null as unknown as Alert, { level: "HIGH", module: 1, message: null, event_time: null, event: "x", matched_indicator: null } as unknown as Alert] });
  assert.equal(v.evidence.length, MAX_EVIDENCE);
  assert.equal(v.evidence_total, MAX_EVIDENCE + 51);
  assert.equal(v.evidence[0]!.module, "1");
  assert.equal(v.evidence[0]!.message, "");
  assert.equal(alertTime({ event_time: "not a time", event: [1] }), "");
  assert.equal(deviceLine({ android_version: "11", model: "Pixel 5", security_patch: "2021-03-05" }), "Pixel 5, Android 11, security patch 2021-03-05");
  assert.equal(deviceLine(undefined), "");
  // A filesystem dump's SystemVersion.plist names the system, not the model.
  assert.equal(deviceLine({ product_name: "iPhone OS", ios_version: "17.1", build_version: "21B74" }), "iPhone, iOS 17.1 (21B74)");
});

test("verdictText: the plain-words block, short lines, no colour codes", () => {
  const v = computeVerdict({
    alerts: [
      alert("CRITICAL", "sms", "Found a known domain or URL \"example.org\" of Pegasus in SMS: https://badbadbad.example.org/ " + "x".repeat(120), {
        matched_indicator: match("Pegasus"),
        event: { isodate: "2019-08-29 23:13:30.000000" },
      }),
      ...Array.from({ length: 12 }, (_, i) => alert("HIGH", "h", `heuristic ${i}`)),
    ],
    device: IPHONE,
  });
  const text = verdictText(v);
  assert.match(text, /^VERDICT: TRACES OF KNOWN SPYWARE FOUND\nSpyware: Pegasus\n/);
  assert.match(text, /Phone: iPhone9,3, iOS 14.3 \(18C66\)/);
  assert.match(text, /What this means:\n- /);
  assert.match(text, /What it does not mean:\n- /);
  assert.match(text, /- CRITICAL sms 2019-08-29 23:13:30: Found a known/);
  assert.match(text, /… and 3 more in report\.html/);
  assert.match(text, /Next steps:\n1\. Do not reset/);
  assert.ok(!text.includes("\x1b"), "no ANSI colours");
  for (const line of text.split("\n")) assert.ok(line.length <= 78, `short line: ${line}`);
  const clean = verdictText(computeVerdict({ alerts: [] }));
  assert.match(clean, /^VERDICT: NO KNOWN TRACES FOUND\n/);
  assert.ok(!clean.includes("Evidence"));
});
