/**
 * The server behind `spyglass web` (src/node/static-server.ts) on a folder made here: 127.0.0.1 only, MIME types
 * (application/wasm for SQLite), the app's CSP on every response, no way out of the folder; and the command's
 * refusals (a bad --port, an unbuilt app). No browser: fast.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { serveStatic, webCsp } from "../src/node/static-server.ts";
import { serveWeb } from "../src/cli/web.ts";
import { CSS } from "../src/outputs/html-report/css.ts";
import { SCRIPT } from "../src/outputs/html-report/script.ts";
import { cspHash } from "../src/outputs/html-report/sha256.ts";
import { tempDir } from "./helpers/tmp.ts";

/** A raw GET: the path is sent exactly as given (fetch would normalise `..` away). */
function get(url: string, path: string, method = "GET"): Promise<{ status: number; type: string; csp: string; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), csp: String(res.headers["content-security-policy"]), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("static server: files with their types and the CSP, index.html for /, nothing outside the folder", async () => {
  const parent = tempDir();
  const root = join(parent, "site");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(root, "assets", "sqlite.wasm"), new Uint8Array([0, 0x61, 0x73, 0x6d]));
  writeFileSync(join(root, "assets", "main.js"), "export {}");
  writeFileSync(join(root, "assets", "name with space.json"), "{}");
  writeFileSync(join(parent, "secret.txt"), "outside");
  symlinkSync(join(parent, "secret.txt"), join(root, "link.txt"));

  const { server, url } = await serveStatic(root);
  try {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(server.address() && typeof server.address() === "object" ? (server.address() as { address: string }).address : "", "127.0.0.1");
    const index = await get(url, "/");
    assert.equal(index.status, 200);
    assert.equal(index.type, "text/html; charset=utf-8");
    assert.equal(index.csp, webCsp());
    assert.equal((await get(url, "/assets/sqlite.wasm")).type, "application/wasm");
    assert.equal((await get(url, "/assets/main.js?v=1")).type, "text/javascript; charset=utf-8");
    assert.equal((await get(url, "/assets/name%20with%20space.json")).status, 200);
    assert.equal((await get(url, "/index.html", "HEAD")).status, 200);
    for (const path of ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/..%5c..%5csecret.txt", "/link.txt", "/%00", "/%zz", "/assets", "/missing.js"]) {
      const r = await get(url, path);
      assert.equal(r.status, 404, path);
      assert.ok(!r.body.includes("outside"), path);
    }
    assert.equal((await get(url, "/index.html", "POST")).status, 405);
  } finally {
    server.close();
  }
});

test("the policy: nothing from elsewhere, WebAssembly allowed, the report's own inline style and script by hash", () => {
  const directive = (name: string) => webCsp().split(";").map((d) => d.trim()).find((d) => d.startsWith(name + " "));
  assert.equal(directive("default-src"), "default-src 'self'");
  assert.equal(directive("connect-src"), "connect-src 'self'");
  assert.equal(directive("script-src"), `script-src 'self' 'wasm-unsafe-eval' ${cspHash(SCRIPT)}`);
  assert.equal(directive("style-src"), `style-src 'self' ${cspHash(CSS)}`);
  assert.equal(directive("worker-src"), "worker-src 'self' blob:");
  assert.doesNotMatch(webCsp(), /https?:|'unsafe-inline'|'unsafe-eval'|\*/);
});

test("spyglass web refuses a bad --port and an app that is not built, in one sentence", async () => {
  await assert.rejects(serveWeb({ port: "80x" }), /--port must be a number from 1 to 65535/);
  await assert.rejects(serveWeb({ port: "70000" }), /--port must be a number/);
  await assert.rejects(serveWeb({}, join(tempDir(), "nothing")), /the web app is not built .*: run npm run build:web/);
});
