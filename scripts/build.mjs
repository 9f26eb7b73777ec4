// Bundles the CLI into dist/spyglass.js and its worker threads into dist/scan-worker.js, dist/timeline-worker.js and
// dist/list-worker.js,
// and the library (package exports "." and "./node") into dist/index.js and dist/node.js with their declarations in
// dist/types/ (run by `npm ci` through "prepare", and by `npm run build`). `node scripts/build.mjs DIR` builds into DIR
// instead (the packaging test builds a package of its own and leaves dist/ to the tests running beside it).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const out = process.argv[2] ?? "dist";

await build({
  entryPoints: { spyglass: "src/cli/entry.ts", "scan-worker": "src/node/scan-worker.ts", "timeline-worker": "src/node/timeline-worker.ts", "list-worker": "src/node/list-worker.ts" },
  outdir: out,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["better-sqlite3"],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning",
});

// The library sits beside the CLI bundle in dist/, so the Node host finds its worker files (./scan-worker.js) as the
// CLI does. Dependencies stay imports (the installer provides them); code shared by both entries goes in one chunk,
// so "." and "./node" hand out the same classes (an `instanceof SpyglassError` holds across them). Chunks are named by
// their hash: the previous build's are removed first.
for (const f of readdirSync(out)) if (/^lib-.*\.js$/.test(f)) rmSync(join(out, f));
await build({
  entryPoints: { index: "src/index.ts", node: "src/node/index.ts" },
  outdir: out,
  chunkNames: "lib-[hash]",
  bundle: true,
  splitting: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});

// Declarations only: esbuild does not write them. TypeScript 7's tsc reads tsconfig.build.json.
rmSync(join(out, "types"), { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", join(out, "types")], { stdio: "inherit" });
