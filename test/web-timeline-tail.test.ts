/**
 * The browser host's timeline tail (src/browser/timeline-tail.ts) in headless Chromium: a timeline written in two
 * halves, the later one merged on a nested worker, is the one-thread merge's text and counts, byte for byte, with the
 * spilled runs in the origin-private file system and in Blobs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, renameSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import { CHROMIUM, CHROMIUM_ARGS } from "./hosts-browser.ts";
import { tempDir } from "./helpers/tmp.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const missing = !existsSync(CHROMIUM);

test(
  "a large timeline merged in two halves in the browser (the later on a nested worker) is the one-thread merge",
  { skip: missing && !process.env.CI ? `${CHROMIUM} is missing` : false, timeout: 60_000 },
  async () => {
    const dir = tempDir();
    await build({ entryPoints: { "timeline-tail-probe": join(ROOT, "test/browser/timeline-tail-probe.ts"), "timeline-worker": join(ROOT, "src/browser/timeline-worker.ts") }, bundle: true, format: "esm", platform: "browser", outdir: dir, logLevel: "error" });
    // The tail starts its worker by the URL "./timeline-worker.ts", beside the probe's bundle.
    renameSync(join(dir, "timeline-worker.js"), join(dir, "timeline-worker.ts"));
    const page = `<!doctype html><script type="module">window.probe = (rows) => new Promise((resolve) => { const w = new Worker("/timeline-tail-probe.js", { type: "module" }); w.onmessage = (e) => resolve(e.data); w.onerror = (e) => resolve({ error: e.message }); w.postMessage({ rows }); });</script>`;
    const server = createServer((req, res) => {
      const name = (req.url ?? "/").slice(1);
      if (!name) return void res.writeHead(200, { "content-type": "text/html" }).end(page);
      if (!/^[\w.-]+$/.test(name) || !existsSync(join(dir, name))) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(join(dir, name)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const p = await browser.newPage();
      await p.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      const r = (await p.evaluate("probe(12000)")) as Record<string, { rows: number; text: string; counts: unknown; workers: number }>;
      assert.deepEqual(Object.keys(r).sort(), ["blob", "blob with tail", "opfs", "opfs with tail"]);
      for (const where of ["opfs", "blob"]) {
        const [one, two] = [r[where]!, r[`${where} with tail`]!];
        assert.equal(one.workers, 0, `${where}: one thread`);
        assert.equal(two.workers, 1, `${where}: the later half on a nested worker`);
        assert.ok(one.rows > 5000 && one.rows < 12000, `${where}: repeated events written once (${one.rows} rows)`);
        assert.equal(two.rows, one.rows, `${where}: rows`);
        assert.equal(two.text, one.text, `${where}: timeline.csv`);
        assert.deepEqual(two.counts, one.counts, `${where}: the report's counts`);
      }
      assert.equal(r.opfs!.text, r.blob!.text);
      assert.match(r.opfs!.text, /^"timestamp","module","event","data"\r\n"2021-01-01 /);
    } finally {
      await browser.close();
      server.close();
    }
  },
);
