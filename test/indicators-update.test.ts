/**
 * `indicators update` against a local HTTP server on 127.0.0.1 serving fixture files (never the internet): a good
 * index replaces the store atomically and says what changed; a truncated or invalid file, a 404 and a slow answer
 * fail the update and leave the previous set; HTTP_PROXY is honoured through CONNECT, NO_PROXY bypasses it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { connect, type AddressInfo } from "node:net";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { createHash } from "node:crypto";
import { tempDir } from "./helpers/tmp.ts";
import { SHARED } from "./helpers/run-module.ts";
import { loadIndicators, setDateLines } from "../src/cli/load-indicators.ts";
import { storeDir } from "../src/node/indicator-store.ts";
import { PARSED_CACHE, readParsedCache } from "../src/indicators/parsed-cache.ts";
import { parseIndicatorText } from "../src/indicators/load.ts";

const ENTRY = new URL("../src/cli/entry.ts", import.meta.url).pathname;
const IND = resolve(SHARED, "indicators");

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["--import", "tsx", ENTRY, ...args], { env: { ...process.env, SPYGLASS_IOCS: "", HTTP_PROXY: "", http_proxy: "", HTTPS_PROXY: "", https_proxy: "", ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const INDEX = (extra = "") => `indicators:
  -
    type: github
    name: NSO Group Pegasus Indicators of Compromise
    sources:
      - Amnesty International
    github:
      owner: AmnestyTech
      repo: investigations
      branch: master
      path: 2021-07-18_nso/pegasus.stix2
  -
    type: github
    name: Quadream KingSpawn Indicators of Compromise
    sources:
      - Citizen Lab
    github:
      owner: mvt-project
      repo: mvt-indicators
      branch: main
      path: 2023-04-11_quadream/kingspawn.stix2
  -
    type: github
    name: Stalkerware Indicators of Compromise
    github:
      owner: AssoEchap
      repo: stalkerware-indicators
      branch: master
      path: generated/stalkerware.stix2
${extra}`;

const NEW_ENTRY = `  -
    type: github
    name: Test Campaign Indicators of Compromise
    sources:
      - Test Lab
    github:
      owner: testlab
      repo: iocs
      branch: main
      path: 2026-11-30_test/test.stix2
`;

const kingspawn = readFileSync(join(IND, "mvt-indicators/2023-04-11_quadream/kingspawn.stix2"), "utf8");
// KingSpawn with its first five indicators removed: the update must report "−5" for it.
const kingspawnTrimmed = (() => {
  const b = JSON.parse(kingspawn) as { objects: { type: string; id: string }[] };
  const drop = new Set(b.objects.filter((o) => o.type === "indicator").slice(0, 5).map((o) => o.id));
  return JSON.stringify({ ...b, objects: b.objects.filter((o) => !drop.has(o.id)) });
})();

type Mode = "good" | "truncated" | "invalid" | "404" | "slow";
/** The slow server answers after this long; the CLI (--timeout 1) must give up long before, even on a busy machine. */
const SLOW_MS = 40_000;

const TLS = new URL("./data/tls/", import.meta.url).pathname;

function serve(mode: Mode, tls = false): Promise<{ server: Server; base: string }> {
  const files: Record<string, string> = {
    "/mvt-project/mvt-indicators/main/indicators.yaml": INDEX(NEW_ENTRY),
    "/AmnestyTech/investigations/master/2021-07-18_nso/pegasus.stix2": readFileSync(join(IND, "amnesty/2021-07-18_nso/pegasus.stix2"), "utf8"),
    "/mvt-project/mvt-indicators/main/2023-04-11_quadream/kingspawn.stix2": kingspawnTrimmed,
    "/testlab/iocs/main/2026-11-30_test/test.stix2": readFileSync(join(IND, "test.stix2"), "utf8"),
    "/AssoEchap/stalkerware-indicators/master/ioc.yaml": readFileSync(join(IND, "stalkerware/ioc.yaml"), "utf8"),
  };
  const handler: Parameters<typeof createServer>[1] = (req, res) => {
    const body = files[req.url ?? ""];
    if (body === undefined || (mode === "404" && req.url!.endsWith("test.stix2"))) {
      res.writeHead(404).end("not found");
      return;
    }
    if (req.url!.endsWith("test.stix2")) {
      if (mode === "truncated") {
        // The server promises the whole file and closes half-way.
        res.writeHead(200, { "content-length": String(body.length) });
        res.write(body.slice(0, body.length >> 1));
        res.destroy();
        return;
      }
      if (mode === "invalid") return void res.writeHead(200).end('{"objects": "not a list"}');
      if (mode === "slow") return void setTimeout(() => res.writeHead(200).end(body), SLOW_MS).unref();
    }
    res.writeHead(200).end(body);
  };
  const server = tls ? createTlsServer({ key: readFileSync(TLS + "key.pem"), cert: readFileSync(TLS + "cert.pem") }, handler) : createServer(handler);
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, base: `${tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** A CONNECT-only proxy that records the tunnels it opened. */
function proxy(): Promise<{ server: Server; url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host!, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels })));
}

const manifestOf = (xdg: string) => JSON.parse(readFileSync(join(xdg, "spyglass/indicators/manifest.json"), "utf8"));

test("a good mirror: the store is replaced, what changed is printed, and checks then use the updated set", async () => {
  const { server, base } = await serve("good");
  const xdg = tempDir();
  try {
    const r = await run(["indicators", "update", "--source", base], { XDG_DATA_HOME: xdg });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\+ Test Campaign: new bundle, 9 indicators$/m);
    assert.match(r.stdout, /^~ Quadream KingSpawn: \+0 −\d+ indicators$/m);
    assert.doesNotMatch(r.stdout, /Pegasus/, "an unchanged bundle is not listed");
    const m = manifestOf(xdg);
    assert.equal(m.origin, "update");
    const files = m.bundles.map((b: { file: string }) => b.file);
    assert.ok(files.includes("testlab/iocs/main/2026-11-30_test/test.stix2"));
    assert.ok(files.includes("AssoEchap/stalkerware-indicators/master/ioc.yaml"), "the stalkerware list is ioc.yaml");
    assert.ok(!files.some((f: string) => f.endsWith("generated/stalkerware.stix2")), "its STIX2 copy is superseded");
    assert.ok(files.includes("bundled/mvt-indicators-prs/bahamut_safechat.stix2"), "bundled files the index does not list are kept");
    assert.equal(m.bundles.find((b: { name: string }) => b.name === "Test Campaign").published, "2026-11-30");
    assert.deepEqual(readdirSync(join(xdg, "spyglass")), ["indicators"], "no temporary folder left behind");
    // The stored set carries its files parsed, and loading from it gives what parsing gives.
    const cache = readParsedCache(readFileSync(join(xdg, "spyglass/indicators", PARSED_CACHE), "utf8"));
    const loaded = loadIndicators([], { XDG_DATA_HOME: xdg });
    for (const f of m.bundles as { file: string; name: string }[]) {
      const path = join(xdg, "spyglass/indicators", f.file);
      const text = readFileSync(path, "utf8");
      const hashed = { name: basename(path), path, text, label: f.name, sha256: createHash("sha256").update(text).digest("hex") };
      assert.deepEqual(cache(hashed), parseIndicatorText(hashed), f.file);
    }
    assert.equal(loaded.setInfo?.origin, "update");
    const list = await run(["indicators", "--json"], { XDG_DATA_HOME: xdg });
    const s = JSON.parse(list.stdout);
    assert.equal(s.set.origin, "update");
    assert.ok(s.bundles.some((b: { name: string; indicators: number }) => b.name === "Test Campaign" && b.indicators === 9));
    // A second run with nothing new says so.
    const again = await run(["indicators", "update", "--source", base], { XDG_DATA_HOME: xdg });
    assert.match(again.stdout, /No indicator changed\./);
  } finally {
    server.close();
  }
});

for (const mode of ["truncated", "invalid", "404", "slow"] as const) {
  test(`${mode}: the update fails, says why, and the previous set stays`, async () => {
    const good = await serve("good");
    const xdg = tempDir();
    try {
      assert.equal((await run(["indicators", "update", "--source", good.base], { XDG_DATA_HOME: xdg })).code, 0);
    } finally {
      good.server.close();
    }
    const before = readFileSync(join(xdg, "spyglass/indicators/manifest.json"), "utf8");
    const { server, base } = await serve(mode);
    try {
      const t0 = Date.now();
      const r = await run(["indicators", "update", "--source", base, "--timeout", "1"], { XDG_DATA_HOME: xdg });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const why = { truncated: /closed before the whole file|not valid JSON/, invalid: /not a STIX2 bundle/, "404": /HTTP 404/, slow: /no complete answer within 1 s/ }[mode];
      assert.match(r.stderr, why);
      assert.match(r.stderr, /test\.stix2/);
      assert.match(r.stderr, /Nothing was changed: checks keep using the updated set of/);
      assert.equal(readFileSync(join(xdg, "spyglass/indicators/manifest.json"), "utf8"), before);
      assert.deepEqual(readdirSync(join(xdg, "spyglass")), ["indicators"]);
      if (mode === "slow") assert.ok(Date.now() - t0 < SLOW_MS - 5000, "gave up at the timeout, not when the server answered");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
}

test("HTTP_PROXY: downloads go through a CONNECT tunnel; NO_PROXY bypasses it", async () => {
  const { server, base } = await serve("good");
  const p = await proxy();
  try {
    const host = new URL(base).host;
    const xdg = tempDir();
    const r = await run(["indicators", "update", "--source", base], { XDG_DATA_HOME: xdg, HTTP_PROXY: p.url });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(p.tunnels.length, 5, "the index and four files");
    assert.ok(p.tunnels.every((t) => t === host));
    const direct = await run(["indicators", "update", "--source", base], { XDG_DATA_HOME: tempDir(), http_proxy: p.url, NO_PROXY: "localhost,127.0.0.1" });
    assert.equal(direct.code, 0, direct.stderr);
    assert.equal(p.tunnels.length, 5, "no tunnel for a NO_PROXY host");
  } finally {
    server.close();
    p.server.close();
  }
});

test("HTTPS_PROXY: an https mirror through the CONNECT tunnel (TLS end to end, the certificate checked)", async () => {
  const { server, base } = await serve("good", true);
  const p = await proxy();
  try {
    const env = { XDG_DATA_HOME: tempDir(), HTTPS_PROXY: p.url, NODE_EXTRA_CA_CERTS: TLS + "cert.pem" };
    const r = await run(["indicators", "update", "--source", base], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(p.tunnels.length, 5);
    // Without trusting the test certificate, TLS fails and nothing is stored.
    const untrusted = await run(["indicators", "update", "--source", base], { XDG_DATA_HOME: env.XDG_DATA_HOME, HTTPS_PROXY: p.url, NODE_EXTRA_CA_CERTS: "" });
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stderr, /self[- ]signed|certificate/i);
    assert.match(untrusted.stderr, /Nothing was changed/);
  } finally {
    server.close();
    p.server.close();
  }
});

test("the set's date: the newest set is used; older than 60 days, every check says so and how to update", () => {
  const xdg = tempDir();
  const fresh = loadIndicators([], { XDG_DATA_HOME: xdg }, new Date("2026-12-20T00:00:00Z"));
  assert.equal(fresh.setInfo?.origin, "bundled");
  assert.equal(fresh.setInfo?.stale, false);
  assert.match(setDateLines(fresh.setInfo).join("\n"), /^Indicators: bundled set of 2026-12-06 \(14 days old\)$/);
  const old = loadIndicators([], { XDG_DATA_HOME: xdg }, new Date("2027-03-01T00:00:00Z"));
  assert.equal(old.setInfo?.stale, true);
  assert.match(setDateLines(old.setInfo).join("\n"), /more than 60 days old.*spyglass indicators update/s);
  assert.equal(existsSync(storeDir({ XDG_DATA_HOME: xdg })), false, "loading never writes the store");
});

test("a damaged store is ignored (the bundled set is used) until the next update replaces it", () => {
  const xdg = tempDir();
  mkdirSync(storeDir({ XDG_DATA_HOME: xdg }), { recursive: true });
  writeFileSync(join(storeDir({ XDG_DATA_HOME: xdg }), "manifest.json"), '{"schema": 1, "upd');
  const l = loadIndicators([], { XDG_DATA_HOME: xdg });
  assert.equal(l.setInfo?.origin, "bundled");
  assert.equal(l.files.length, 20);
});

test("the store's folder per platform", () => {
  assert.equal(storeDir({ XDG_DATA_HOME: "/x" }, "linux", "/home/u"), "/x/spyglass/indicators");
  assert.equal(storeDir({}, "linux", "/home/u"), "/home/u/.local/share/spyglass/indicators");
  assert.equal(storeDir({}, "darwin", "/Users/u"), "/Users/u/Library/Application Support/spyglass/indicators");
  assert.match(storeDir({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32", "C:\\Users\\u"), /AppData.Local.spyglass.indicators$/);
});

