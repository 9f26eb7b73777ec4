/** report.html as text: hostile evidence escaped everywhere, a CSP naming the inline style and script by hash, no resource URLs. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { Alert } from "../core/events.ts";
import { computeVerdict } from "../checks/verdict.ts";
import { contentSecurityPolicy, MAX_CARDS, renderReport } from "./html-report.ts";
import { digestAlerts, type ReportData } from "./report-data.ts";
import { keyFields, MAX_FIELDS } from "./html-report/cards.ts";
import { clip, esc, escMark, jsonForScript } from "./html-report/html.ts";
import { sha256 } from "./html-report/sha256.ts";

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;
const EVIL_URL = "https://evil.example/track.png";

function data(alerts: Alert[], extra: Partial<ReportData> = {}): ReportData {
  const info = {
    target_path: `/backups/${HOSTILE}`,
    command: "check-backup x",
    spyglass_version: "0.1.0",
    end_time: "2021-12-03 19:33:13.000000",
    device: { device_name: HOSTILE, product_type: "iPhone9,3", ios_version: "14.3", installed_applications: [HOSTILE, "net.whatsapp.WhatsApp"] },
    hashes: [{ file_path: `/b/${HOSTILE}`, sha256: "ab".repeat(32) }],
  };
  const warnings = [{ module: "sms", file: HOSTILE, message: HOSTILE }];
  return {
    folder: "/results",
    verdict: computeVerdict({ alerts, warnings, device: info.device }),
    alerts: digestAlerts(alerts),
    warnings,
    info,
    modules: [{ slug: "sms", name: "SMS", records: 3, timeline: 5, alerts: alerts.length, evidence: "HomeDomain Library/SMS/sms.db" }],
    timeline: { days: ["2021-01-01", "2021-01-02"], plugins: ["SMS", HOSTILE], cells: [[0, 0, 2], [1, 1, 3]], total: 5, undated: 0 },
    problems: [HOSTILE],
    modulesMeta: [],
    ...extra,
  };
}

const smsAlert = (text: string, indicator = true): Alert => ({
  level: "CRITICAL",
  module: "sms",
  message: `Found a known domain of Pegasus in SMS: ${text}`,
  event_time: "",
  event: { isodate: "2021-01-01 10:00:00.000000", text, phone_number: "+100", links: [EVIL_URL] },
  matched_indicator: indicator ? { value: "evil.example", type: "domains", name: `Pegasus${HOSTILE}`, stix2_file_name: "pegasus.stix2", id: "indicator--1" } : null,
});

const scripts = (html: string) => [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1]!, body: m[2]! }));

test("a hostile SMS text appears escaped: the only markup is the report's own", () => {
  const html = renderReport(data([smsAlert(`Click ${HOSTILE} ${EVIL_URL}`)]));
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;"));
  assert.ok(!html.includes("<script>alert"), "no raw script from the evidence");
  assert.ok(!/<img/i.test(html), "no img element at all");
  const s = scripts(html);
  const markup = html.replace(s[0]!.body, "").replace(/&lt;img src=x onerror=alert\(2\)&gt;/g, "");
  assert.ok(!/onerror/.test(markup), "no live event handler outside the JSON data");
  assert.equal(s.length, 2, "the data block and the report's script");
  assert.match(s[0]!.attrs, /type="application\/json"/);
  assert.ok(!s[0]!.body.includes("<"), "the data block holds no '<' at all");
  const chart = JSON.parse(s[0]!.body);
  assert.equal(chart.plugins[1], HOSTILE, "the data round-trips exactly");
  assert.match(chart.markers[0][3], /<script>/, "marker labels are data, set with textContent");
});

test("the CSP allows nothing to load and names the inline style and script by their sha256", () => {
  const html = renderReport(data([smsAlert("x")]));
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(meta, "CSP meta tag present");
  const csp = meta![1]!.replaceAll("&#39;", "'");
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, /img-src data:;/);
  assert.match(csp, /base-uri 'none'/);
  const style = html.match(/<style>([\s\S]*?)<\/style>/)![1]!;
  const script = scripts(html)[1]!.body;
  const b64 = (t: string) => createHash("sha256").update(t, "utf8").digest("base64");
  assert.ok(csp.includes(`style-src 'sha256-${b64(style)}'`));
  assert.ok(csp.includes(`script-src 'sha256-${b64(script)}'`));
  assert.equal(csp, contentSecurityPolicy(style, script));
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<style>"), "the policy comes before what it governs");
  assert.ok(!/ style="/.test(html), "no style attributes (the CSP would block them)");
});

test("no http(s) resource anywhere except in escaped evidence text", () => {
  const html = renderReport(data([smsAlert(`see ${EVIL_URL}`), { ...smsAlert("y", false), level: "HIGH" }]));
  const text = html.replace(/<\/?mark>/g, "");
  const urls = new Set([...text.matchAll(/https?:\/\/[^\s"'<>&)\\]*/g)].map((m) => m[0]));
  // The SVG namespace is a name, not a resource; the rest are the SMS's link, shown as text.
  assert.deepEqual([...urls].sort(), ["http://www.w3.org/2000/svg", EVIL_URL]);
  for (const m of html.matchAll(/\s(?:src|href|xlink:href|action|poster|srcset)\s*=\s*"([^"]*)"/gi)) {
    assert.ok(m[1]!.startsWith("#") || m[1] === "data:,", `resource attribute: ${m[0]}`);
  }
  assert.ok(!/url\(|@import|@font-face/i.test(html.match(/<style>([\s\S]*?)<\/style>/)![1]!), "the CSS loads nothing");
  assert.ok(!/fetch\(|XMLHttpRequest|WebSocket|sendBeacon|import\(|\.src\s*=|localStorage/.test(scripts(html)[1]!.body), "the script loads nothing");
  const clean = renderReport(data([]));
  assert.deepEqual([...clean.matchAll(/https?:\/\//g)].length, 1, "only the SVG namespace when the evidence has no links");
});

test("the page: verdict first, one card per finding with indicator and record, sections present", () => {
  const alerts = [smsAlert("Please click"), { ...smsAlert("note", false), level: "INFORMATIONAL" as const, message: "Lockdown mode enabled" }];
  const html = renderReport(data(alerts));
  assert.ok(html.indexOf('id="verdict"') < html.indexOf('id="findings"'));
  assert.match(html, /<h1 id="verdict-title">Traces of known spyware found: Pegasus&lt;script&gt;/);
  assert.equal([...html.matchAll(/<article class="card/g)].length, 2);
  assert.match(html, /<dt>Indicator<\/dt><dd><code>evil\.example<\/code> \(domains\) of <b>Pegasus&lt;script&gt;/);
  assert.match(html, /from <code>pegasus\.stix2<\/code>/);
  assert.match(html, /evidence file: <code>HomeDomain Library\/SMS\/sms\.db<\/code>/);
  assert.match(html, /<th scope="row">text<\/th><td>Please click<\/td>/);
  assert.match(html, /1 item that does not change the verdict/);
  const two = renderReport(data([...alerts, { ...alerts[1]!, message: "Lockdown mode disabled", level: "LOW" as const }]));
  assert.match(two, /2 items that do not change the verdict/);
  for (const id of ["timeline", "modules", "warnings", "device", "hashes", "chart", "chart-modules"]) assert.match(html, new RegExp(`id="${id}"`));
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  assert.match(html, /@media print/);
});

test("cards are capped; the rest are counted", () => {
  const many = Array.from({ length: MAX_CARDS + 7 }, (_, i) => ({ ...smsAlert(`m${i}`, false), level: "MEDIUM" as const }));
  const html = renderReport(data(many));
  assert.equal([...html.matchAll(/<article class="card/g)].length, MAX_CARDS);
  assert.match(html, /7 more in <code>alerts\.json<\/code>/);
});

test("keyFields: the record's telling fields first, a few only, long values clipped", () => {
  const rec = { ROWID: 3, guid: "G", text: "t".repeat(1000), isodate: "2021-01-01", zero: 0, empty: "", nested: { a: 1 }, links: ["a", "b"], advice: "x" };
  const f = keyFields(rec);
  assert.deepEqual(f.slice(0, 3).map(([k]) => k), ["isodate", "text", "links"]);
  assert.ok(f.length <= MAX_FIELDS);
  assert.ok(f.find(([k]) => k === "text")![1].length <= 241);
  assert.ok(!f.some(([k]) => k === "zero" || k === "empty" || k === "advice"));
  assert.deepEqual(keyFields(["key", { v: 1 }]), [["key", "key"], ["value", '{"v":1}']]);
  assert.deepEqual(keyFields(null), []);
});

test("html helpers: esc, escMark, clip, jsonForScript, sha256", () => {
  assert.equal(esc(`<a href="x">'&`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
  assert.equal(esc(null), "");
  assert.equal(escMark("Go to EVIL.example/<b>", "evil.example"), "Go to <mark>EVIL.example</mark>/&lt;b&gt;");
  assert.equal(escMark("İstanbul evil.example", "evil.example"), "İstanbul evil.example", "no marks when lower-casing changes lengths");
  assert.equal(clip("😀😀😀", 2), "😀😀…");
  assert.equal(jsonForScript({ a: "</script><!--\u2028" }), '{"a":"\\u003c/script>\\u003c!--\\u2028"}');
  for (const t of ["", "abc", "x".repeat(1000), "héllo → 😀"]) {
    assert.equal(Buffer.from(sha256(t)).toString("hex"), createHash("sha256").update(t, "utf8").digest("hex"));
  }
});

test("'Update needed' (what, why, how), what was examined and what is missing, in a verdict that stays 'no known traces'", () => {
  const os = { ...smsAlert("x", false), module: "versions", level: "HIGH" as const, message: "iOS 16.6.1 has 9 vulnerabilities exploited in attacks",
    event: { product: "iOS", installed_version: "16.6.1", fixed_version: "26.7.1", cve: "CVE-2023-41064", advice: "Settings → General → Software Update" } };
  const verdict = computeVerdict({ alerts: [os], coverage: { examined: ["messages", "Safari history"], missing: ["Manifest.db"] } });
  assert.equal(verdict.outcome, "no_known_traces");
  const html = renderReport(data([os], { verdict }));
  assert.match(html, /<a href="#advice">Update needed<\/a>/);
  assert.match(html, /<h2>Update needed<\/h2><p>An outdated phone is a risk to fix now, not a sign of infection/);
  assert.match(html, /<b>iOS<\/b>: iOS 16\.6\.1 has flaws that were used in spyware attacks \(CVE-2023-41064\)/);
  assert.match(html, /How: Update to 26\.7\.1 or later: Settings → General → Software Update/);
  assert.match(html, /Examined: messages, Safari history/);
  assert.match(html, /Missing from the acquisition \(not checked\): Manifest\.db/);
  assert.match(html, /Update needed: app or system version<\/span>/, "the card says what kind of item it is");
});

