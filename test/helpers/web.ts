/**
 * The offline web app under test: dist/web built when missing or older than its sources, Chromium launched as CI
 * runs it, pages that record every request and error, and the evidence the page is given (built in code).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { Encrypter, generateIdentity, identityToRecipient } from "age-encryption";
import { IosBackupBuilder } from "../builders/ios-backup.ts";
import { buildSmsDb } from "../builders/ios/sms.ts";
import { encryptBackup } from "../builders/ios-backup-encrypted.ts";
import { buildZip } from "../builders/android.ts";
import { SHARED } from "./run-module.ts";
import { tempDir } from "./tmp.ts";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const WEB_DIST = join(ROOT, "dist/web");
export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(ROOT, "test-artifacts/web");
export const PASSWORD = "correct horse battery staple 42";

/** Newest modification time of the files under a folder, tests left out. */
function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) t = Math.max(t, newest(p));
    else if (!name.endsWith(".test.ts")) t = Math.max(t, st.mtimeMs);
  }
  return t;
}

/** dist/web as the sources make it now: `npm run build:web` when it is missing or older than web/, src/ or the indicators. */
export function ensureWebBuilt(): void {
  const index = join(WEB_DIST, "index.html");
  const sources = Math.max(newest(join(ROOT, "web")), newest(join(ROOT, "src")), newest(join(ROOT, "data/indicators")));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const vite = join(ROOT, "node_modules/vite/bin/vite.js");
  const r = spawnSync(process.execPath, [vite, "build", "--config", "web/vite.config.ts"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, `npm run build:web failed:\n${r.stdout}\n${r.stderr}`);
}

export async function launch(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)`);
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

export interface AppPage {
  readonly page: Page;
  /** Every URL the page or its workers asked for. */
  readonly requests: string[];
  /** Console errors, uncaught errors and CSP violations. */
  readonly errors: string[];
}

export async function openApp(browser: Browser, url: string, viewport = { width: 1200, height: 900 }): Promise<AppPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    // Every text the progress line shows, for tests to read after the run.
    const seen: string[] = ((window as unknown as { __progress: string[] }).__progress = []);
    document.addEventListener("DOMContentLoaded", () => {
      const line = document.getElementById("progress-text");
      if (line) new MutationObserver(() => seen.push(line.textContent ?? "")).observe(line, { childList: true, characterData: true, subtree: true });
    });
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, errors };
}

/** The texts the progress line showed so far. */
export const progressTexts = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);

/** Waits for the verdict block and returns its data-verdict. */
export async function verdictOf(page: Page, timeout = 30_000): Promise<string> {
  const v = page.getByTestId("verdict");
  await v.waitFor({ state: "visible", timeout });
  return (await v.getAttribute("data-verdict")) ?? "";
}

/** The message the page shows (errors, a stopped run), once visible. */
export async function messageOf(page: Page, timeout = 30_000): Promise<string> {
  const m = page.locator("#message");
  await m.waitFor({ state: "visible", timeout });
  return (await m.textContent()) ?? "";
}

export interface Evidence {
  /** A plain backup: an SMS with a link to example.org (in MVT's test.stix2) and a damaged Safari History.db. */
  plain: string;
  /** The same backup encrypted with PASSWORD (fast key derivation). */
  encrypted: string;
  /** A backup whose sms.db holds 300,000 messages (seconds of scanning in a worker): a run to cancel. */
  large: string;
  /** MVT's test androidqf acquisition as androidqf zips it. */
  androidqf: string;
  /** A folder of photos, not a backup. */
  notBackup: string;
  /** The androidqf zip age-encrypted (androidqf's key.txt option), its key.txt, and a key.txt of another key. */
  androidqfAge: string;
  keyFile: string;
  otherKey: string;
  /** The androidqf zip cut in half. */
  truncated: string;
}

let built: Evidence | undefined;

/** Built once per test file. */
export async function buildEvidence(): Promise<Evidence> {
  return (built ??= await makeEvidence());
}

async function makeEvidence(): Promise<Evidence> {
  const root = tempDir("spyglass-web-");
  const b = new IosBackupBuilder(join(root, "plain", "00008101-000000000000001E"));
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) =>
    buildSmsDb(db, [
      { text: "Your parcel is waiting: https://example.org/track?id=8812", handle: "+15555550123", date: "2024-02-10 09:15:00" },
      { text: "See you at 6", handle: "+15555550124", date: "2024-02-11 18:01:00", isFromMe: true },
    ]),
  );
  b.file("HomeDomain", "Library/Safari/History.db", "this is not a SQLite database, it was damaged");
  const plain = b.finish();
  const encrypted = join(root, "encrypted", "00008101-000000000000001E");
  encryptBackup(plain, encrypted, PASSWORD);
  const big = new IosBackupBuilder(join(root, "large", "00008101-000000000000002F"));
  big.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => {
    buildSmsDb(db, [{ text: "first", handle: "+15555550123", date: "2024-02-10 09:15:00" }]);
    // The rest made by SQLite itself: 300,000 rows in a fraction of a second (one insert per row takes seconds).
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
      INSERT INTO message (guid, text, handle_id, service, account, date, is_finished)
      SELECT 'G-' || i, 'Meeting moved, details: https://site' || (i % 997) || '.example.com/m/' || i, 1, 'iMessage', 'e:owner@icloud.example', 729000000000000000 + i * 1000000000, 1 FROM n`);
  });
  const large = big.finish();

  const aqf = join(SHARED, "peer-artifacts/mvt/androidqf");
  const members = readdirSync(aqf).sort().map((name) => ({ name: `androidqf_5f2a9c/${name}`, data: new Uint8Array(readFileSync(join(aqf, name))) }));
  const zip = buildZip(members);
  const androidqf = join(root, "androidqf_5f2a9c.zip");
  writeFileSync(androidqf, zip);
  const identity = await generateIdentity();
  const e = new Encrypter();
  e.addRecipient(await identityToRecipient(identity));
  const androidqfAge = join(root, "androidqf_5f2a9c.zip.age");
  writeFileSync(androidqfAge, await e.encrypt(zip));
  const keyFile = join(root, "key.txt");
  writeFileSync(keyFile, `# created: 2026-11-25T10:00:00Z\n# public key: ${await identityToRecipient(identity)}\n${identity}\n`);
  const otherKey = join(root, "other-key.txt");
  writeFileSync(otherKey, `${await generateIdentity()}\n`);
  const truncated = join(root, "broken_androidqf.zip");
  writeFileSync(truncated, zip.subarray(0, Math.floor(zip.length / 2)));

  const notBackup = join(root, "Holiday photos");
  mkdirSync(notBackup);
  writeFileSync(join(notBackup, "IMG_0001.jpg"), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
  copyFileSync(join(aqf, "getprop.txt"), join(notBackup, "notes.txt"));
  return { plain, encrypted, large, androidqf, androidqfAge, keyFile, otherKey, notBackup, truncated };
}

