/**
 * Builds the offline web app into dist/web (`npm run build:web`): the page, the analysis worker (a module worker
 * bundled from src/browser/worker.ts, with SQLite's WebAssembly), the built-in indicators and their manifest, and the
 * Content-Security-Policy as a meta tag (the same policy `spyglass web` sends as a header). Plain static files:
 * relative URLs throughout, so the folder can be served from any path.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import { webCsp } from "../src/node/static-server.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const INDICATORS = join(HERE, "..", "data", "indicators");

/** The policy as the page's first head element, before anything it governs. */
const cspMeta = (): Plugin => ({
  name: "spyglass-csp",
  transformIndexHtml: (html) => html.replace(/<!-- CSP:[^>]*-->/, `<meta http-equiv="Content-Security-Policy" content="${webCsp().replace(/"/g, "&quot;")}">`),
});

/** The bundled indicator set (data/indicators: the manifest and the files it lists) as indicators/… of the site. */
const indicators = (): Plugin => ({
  name: "spyglass-indicators",
  apply: "build",
  generateBundle() {
    const manifest = readFileSync(join(INDICATORS, "manifest.json"), "utf8");
    this.emitFile({ type: "asset", fileName: "indicators/manifest.json", source: manifest });
    for (const b of (JSON.parse(manifest) as { bundles: { file: string }[] }).bundles) {
      this.emitFile({ type: "asset", fileName: `indicators/${b.file}`, source: readFileSync(join(INDICATORS, b.file)) });
    }
  },
});

export default defineConfig({
  root: HERE,
  base: "./",
  publicDir: false,
  logLevel: "warn",
  plugins: [cspMeta(), indicators()],
  worker: { format: "es" },
  build: {
    outDir: join(HERE, "..", "dist", "web"),
    emptyOutDir: true,
    target: "es2022",
    // No inline polyfill script: the policy allows only the page's own files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
  },
});
