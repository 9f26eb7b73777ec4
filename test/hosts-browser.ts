/**
 * The browser side of the hosts suite: the worker bundled with esbuild (as a page's build would), served from
 * 127.0.0.1 (a module Worker from file:// throws) beside wa-sqlite's .wasm and a bare harness page, and a headless
 * Chromium driving it through the worker's protocol only.
 */
import { createServer, type Server } from "node:http";
import { copyFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

const ROOT = new URL("../", import.meta.url).pathname;

/**
 * The harness: pickers for a folder and a file, and run() speaking the protocol to a fresh worker (worker.js, or
 * no-opfs-worker.js: the same without the origin-private file system and nested workers).
 */
const HARNESS = `<!doctype html><meta charset="utf-8"><title>hosts</title>
<input type="file" id="folder" webkitdirectory multiple><input type="file" id="file">
<script type="module">
const b64 = (u8) => { let s = ""; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000)); return btoa(s); };
window.run = (kind, indicators, password, light, script = "/worker.js") => new Promise((resolve) => {
  const w = new Worker(script, { type: "module" });
  const evidence = kind === "folder" ? { kind, files: [...document.getElementById("folder").files] } : { kind, file: document.getElementById("file").files[0] };
  let progress = 0; const warnings = [];
  w.onmessage = async (e) => {
    const m = e.data;
    if (m.type === "progress") { progress++; return; }
    if (m.type === "warning") { warnings.push(m.message); return; }
    if (m.type === "run-folder" || m.type === "verdict") return;
    w.terminate();
    if (m.type === "done" && light) return resolve({ type: "done", warnings: m.warnings, outcome: m.outcome, zipBytes: m.resultsBlob.size, progress });
    if (m.type !== "done") return resolve(m);
    // The zip is read from its Blob here, in the page: the worker hands over no other copy.
    const zip = new Uint8Array(await m.resultsBlob.arrayBuffer());
    resolve({ ...m, resultsZip: b64(zip), resultsBlob: m.resultsBlob.size, zipBytes: zip.length, progress, warningMessages: warnings });
  };
  w.onerror = (e) => resolve({ type: "crash", message: e.message });
  w.postMessage({ type: "start", evidence, indicators, ...(password ? { password } : {}) });
});
window.link = (url, indicators) => new Promise((resolve) => {
  const w = new Worker("/worker.js", { type: "module" });
  w.onmessage = (e) => { w.terminate(); resolve(e.data); };
  w.postMessage({ type: "check-link", id: 7, url, indicators });
});
</script>`;

/** The workers the analysis worker starts (src/browser/parallel.ts, host.ts, timeline-tail.ts). */
const NESTED_WORKERS = ["scan-worker", "hash-worker", "timeline-worker"];

/** Bundles the worker into `dir` and serves `dir` on 127.0.0.1; returns the origin and how to stop. */
export async function serveWorker(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const nodeImports: string[] = [];
  await build({
    // The analysis worker, and the nested workers it starts by their URLs ("./scan-worker.ts"…: vite rewrites those
    // URLs in the page's build; here the bundles are served under them).
    entryPoints: [join(ROOT, "src/browser/worker.ts"), ...NESTED_WORKERS.map((w) => join(ROOT, `src/browser/${w}.ts`))],
    bundle: true,
    format: "esm",
    platform: "browser",
    outdir: dir,
    logLevel: "error",
    // The worker's whole graph (run layer, core, wa-sqlite, age) must not reach for Node.
    plugins: [{ name: "forbid-node", setup: (b) => b.onResolve({ filter: /^(node:|fs$|path$|os$|crypto$|stream$|module$|worker_threads$|better-sqlite3$)/ }, (a) => (nodeImports.push(`${a.path} (from ${a.importer})`), { path: a.path, external: true })) }],
  });
  if (nodeImports.length) throw new Error(`Node imports in the worker bundle:\n${nodeImports.join("\n")}`);
  copyFileSync(join(ROOT, "node_modules/@journeyapps/wa-sqlite/dist/wa-sqlite.wasm"), join(dir, "wa-sqlite.wasm"));
  for (const w of NESTED_WORKERS) renameSync(join(dir, `${w}.js`), join(dir, `${w}.ts`));
  writeFileSync(join(dir, "index.html"), HARNESS);
  // The same worker in a browser without the origin-private file system (its results then stay in Blobs) and
  // without nested workers (large tables then parsed on the worker alone). Imports run in order: the first takes
  // both away before the worker's code runs (and sets its onmessage).
  writeFileSync(join(dir, "no-opfs.js"), "delete StorageManager.prototype.getDirectory;\ndelete globalThis.Worker;\n");
  writeFileSync(join(dir, "no-opfs-worker.js"), 'import "./no-opfs.js";\nimport "./worker.js";\n');
  const types: Record<string, string> = { js: "text/javascript", ts: "text/javascript", wasm: "application/wasm", html: "text/html" };
  const server: Server = createServer((req, res) => {
    const name = (req.url ?? "/").split("?")[0] === "/" ? "index.html" : (req.url ?? "").slice(1).split("?")[0]!;
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { "content-type": types[name.split(".").pop()!] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
