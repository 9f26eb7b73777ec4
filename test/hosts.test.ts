/**
 * One suite, two hosts: each case on MVT's test evidence is checked by the CLI and by the worker in headless
 * Chromium, which must give the same records, timeline rows, alerts and results files (byte for byte except
 * info.json, command.log and report.html), and EXPECTED.md's counts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { memoryFile } from "../src/core/source.ts";
import { openZip } from "../src/formats/zip.ts";
import { execFile } from "node:child_process";
import { tempDir } from "./helpers/tmp.ts";
import { hostCases, summarise, writeTestIndicators, type HostSummary } from "./hosts.case.ts";
import { CHROMIUM, CHROMIUM_ARGS, serveWorker } from "./hosts-browser.ts";

const missing = !existsSync(CHROMIUM);

/**
 * The evidence copied with whole-second modification times: a File's lastModified has milliseconds, Node's mtime
 * nanoseconds, and modules that report file times (bugreport timestamps, tombstones) print microseconds.
 */
function wholeSecondCopy(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    utimesSync(p, Math.floor(st.mtimeMs / 1000), Math.floor(st.mtimeMs / 1000));
  };
  walk(to);
  return to;
}

const ENTRY = new URL("../src/cli/entry.ts", import.meta.url).pathname;

/** The CLI in a child process, without waiting on this thread (the browser runs meanwhile). */
function spyglassAsync(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", ENTRY, ...args], { env: { ...process.env, SPYGLASS_IOCS: "" }, timeout: 120_000 }, (err, _out, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

function folderFiles(dir: string): Map<string, Uint8Array> {
  return new Map(readdirSync(dir).map((n) => [n, new Uint8Array(readFileSync(join(dir, n)))]));
}

async function zipFiles(b64: string): Promise<Map<string, Uint8Array>> {
  const z = await openZip(memoryFile("results.zip", new Uint8Array(Buffer.from(b64, "base64"))));
  const out = new Map<string, Uint8Array>();
  for (const e of z.entries) out.set(e.name, await z.bytes(e));
  return out;
}

/** info.json's evidence digests, by file name (the hosts name the folder differently). */
function evidenceHashes(files: ReadonlyMap<string, Uint8Array>): string[] {
  const info = JSON.parse(new TextDecoder().decode(files.get("info.json"))) as { hashes: { file_path: string; sha256: string }[] };
  assert.ok(info.hashes.length > 0 && info.hashes.every((h) => /^[0-9a-f]{64}$/.test(h.sha256)), "every evidence file hashed");
  return info.hashes.map((h) => `${h.file_path.split("/").pop()} ${h.sha256}`).sort();
}

function assertExpected(s: HostSummary, expected: Record<string, number>, host: string) {
  for (const [slug, n] of Object.entries(expected)) assert.equal(s.modules[slug]?.records, n, `${host}: ${slug} records (EXPECTED.md)`);
}

test(
  "the CLI (Node) and the worker (Chromium) give the same records, detections and results files on MVT's test evidence",
  { skip: missing && !process.env.CI ? `${CHROMIUM} is missing: apt-get install -y chromium (CI installs it in .ci/run)` : false, timeout: 120_000 },
  async () => {
    assert.ok(!missing, `${CHROMIUM} is missing in CI: .ci/run should have installed it`);
    const { chromium } = await import("playwright-core");
    const dir = tempDir();
    const iocs = writeTestIndicators(dir);
    const indicators = [{ name: "test.stix2", text: readFileSync(iocs, "utf8") }];
    const site = await serveWorker(tempDir());
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(site.origin + "/");
      // The CLI runs two at a time in child processes while the worker runs in Chromium.
      const prepared = (await hostCases(tempDir())).map((c) => ({ c, out: join(dir, c.name.replace(/\W+/g, "-")), evidence: wholeSecondCopy(c.evidence.path, join(tempDir(), c.evidence.path.split("/").pop()!)) }));
      const cliRuns: Promise<{ code: number; stderr: string }>[] = [];
      const runCli = (i: number): Promise<{ code: number; stderr: string }> => {
        const { c, out, evidence } = prepared[i]!;
        return spyglassAsync([c.cli, evidence, "--iocs", iocs, "-o", out, ...(c.cliArgs ?? [])]);
      };
      for (let i = 0; i < prepared.length; i++) cliRuns.push(i < 2 ? runCli(i) : cliRuns[i - 2]!.then(() => runCli(i)));
      for (const [i, { c, out, evidence }] of prepared.entries()) {
        const started = Date.now();
        await page.setInputFiles(c.evidence.kind === "folder" ? "#folder" : "#file", evidence);
        if (c.password) {
          const asked = await page.evaluate(([k, i]) => (window as any).run(k, i), [c.evidence.kind, indicators] as const);
          assert.deepEqual(asked, { type: "need-password", what: c.password.what, wrong: false }, `${c.name}: the worker asks for the password`);
          const wrong = await page.evaluate(([k, i]) => (window as any).run(k, i, "not-it"), [c.evidence.kind, indicators] as const);
          assert.deepEqual(wrong, { type: "need-password", what: c.password.what, wrong: true }, `${c.name}: a wrong password is said to be wrong`);
        }
        const r = await page.evaluate(([k, i, p]) => (window as any).run(k, i, p), [c.evidence.kind, indicators, c.password?.text] as const);
        assert.equal(r.type, "done", `${c.name}: ${JSON.stringify(r).slice(0, 500)}`);
        const webFiles = await zipFiles(r.resultsZip);
        const web = await summarise(webFiles);
        assertExpected(web, c.expected, `${c.name}, Chromium`);
        const workerMs = Date.now() - started;
        const cli = await cliRuns[i]!;
        assert.equal(cli.code, c.exit, `${c.name}: CLI exit\n${cli.stderr}`);
        const nodeFiles = folderFiles(out);
        const node = await summarise(nodeFiles);
        assertExpected(node, c.expected, `${c.name}, Node`);
        assert.deepEqual(web.modules, node.modules, `${c.name}: per-module counts`);
        assert.deepEqual(web.alerts, node.alerts, `${c.name}: alerts`);
        assert.deepEqual(web.files, node.files, `${c.name}: results files`);
        // The worker hashes the evidence on a nested worker (Blobs) or itself (the others): the CLI's digests.
        assert.deepEqual(evidenceHashes(webFiles), evidenceHashes(nodeFiles), `${c.name}: info.json's evidence hashes`);
        assert.deepEqual(r.verdict, JSON.parse(readFileSync(join(out, "verdict.json"), "utf8")), `${c.name}: verdict.json`);
        assert.equal(r.outcome, { known_spyware: "known-spyware", needs_review: "suspicious", no_known_traces: "no-known-traces", nothing_examined: "nothing-examined" }[node.outcome]);
        assert.ok(r.progress > 0, `${c.name}: progress reported`);
        assert.match(r.reportHtml, /^<!doctype html>/i);
        console.log(`${c.name}: worker ${workerMs} ms`);
      }
      assert.deepEqual(requests.filter((u) => !u.startsWith(site.origin)), [], "no request leaves the page's origin");
    } finally {
      await browser.close();
      await site.close();
    }
  },
);
