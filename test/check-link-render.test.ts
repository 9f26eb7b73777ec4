/**
 * check-link renders a host's verdict once and reuses it for every link of that host (cli/check-link.ts): the
 * output must be what rendering each link alone gives, in words and in --json, with indicators, shorteners, user
 * parts, look-alike letters, terminal escapes, links without a host, and hosts repeated in between.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkLink, judgeLink } from "../src/cli/check-link.ts";
import { loadIndicators } from "../src/cli/load-indicators.ts";
import { terminalSafeJson } from "../src/outputs/terminal-safe.ts";

const LINKS = [
  "https://icrcworld.com/news", "https://icrcworld.com/other", "xn--pple-43d.com", "https://bit.ly/3xyz", "https://bit.ly/other",
  "https://goo.gl/maps/abc", "https://goo.gl/abc", "https://www.icrc.org/en", "https://icrc.org@evil-site.top/", "https://icrc.org@evil-site.top/x",
  "https://evil-site.top/", "paypal-secure-login.com", "https://paypal-secure-login.com/a?b=c", "tel:+123", "mailto:someone@gmail.com",
  "http://198.51.100.7/x", "http://192.168.1.1/", "https://whatsapp-web.firebaseapp.com/", "googleplay-store.com", "https://googleplay-store.com/x",
  "https://t.co/abc", "https://lnkd.in/x", "https://forms.gle/y", "https://www.bbc.co.uk/news", "bbc-africa.com", "https://bbc-africa.com/\u202etxt",
  "https://ex\u202eample.com/", "https://ex\u202eample.com/b", "https://WWW.Example.COM/A/./b", "https://www.example.com/A/b",
];
const links = [...LINKS, ...LINKS.slice().reverse(), ...LINKS];

/** What checkLink writes to standard output, and its exit code. */
function run(urls: string[], json: boolean, indicators = true): { out: string; code: number } {
  const write = process.stdout.write;
  let out = "";
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    return { code: checkLink(urls, { json, indicators }), out };
  } finally {
    process.stdout.write = write;
  }
}

test("--json: every line is JSON.stringify of that link's verdict, made safe for the terminal", () => {
  const { set } = loadIndicators([]);
  const lines = run(links, true).out.split("\n").slice(0, -1);
  assert.deepEqual(lines, links.map((l) => terminalSafeJson(JSON.stringify(judgeLink(l, set, true)))));
});

test("words: the verdicts of a list are those of each link checked alone; the same exit code", () => {
  // Without indicators: loading them for each of the 90 single runs would take seconds (known links are never kept).
  const verdicts = (out: string) => out.slice(0, out.lastIndexOf("\n\n") + 1);
  const whole = run(links, false, false);
  assert.equal(verdicts(whole.out), links.map((l) => verdicts(run([l], false, false).out)).join(""));
  assert.equal(whole.code, 10);
  assert.match(whole.out, /\\u202e|\\x/, "escapes kept");
});
