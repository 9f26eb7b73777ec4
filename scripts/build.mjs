// Bundles the CLI into dist/spyglass.js and its worker threads into dist/scan-worker.js and dist/timeline-worker.js
// (run by `npm ci` through "prepare", and by `npm run build`).
import { build } from "esbuild";

await build({
  entryPoints: { spyglass: "src/cli/entry.ts", "scan-worker": "src/node/scan-worker.ts", "timeline-worker": "src/node/timeline-worker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["better-sqlite3"],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
});
