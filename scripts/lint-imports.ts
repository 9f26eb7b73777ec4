/**
 * Lint: the browser-safe folders import nothing from Node (node:*, fs, path, better-sqlite3…), and layers import one
 * way: the core folders never import the run layer or a host; src/run (the run both hosts share) never imports a
 * host; src/browser never imports Node's host or the CLI. Exit 1 on a hit.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const CORE = ["src/core", "src/formats", "src/inputs", "src/artifacts", "src/indicators", "src/checks", "src/outputs"];
/** Folders a browser-safe folder must not import, beyond Node: the layers above it. */
const ABOVE: Record<string, readonly string[]> = {
  ...Object.fromEntries(CORE.map((d) => [d, ["/run/", "/browser/"]])),
  "src/run": ["/browser/"],
  "src/browser": [],
};
const NODE_BUILTINS = new Set(["assert", "buffer", "child_process", "crypto", "events", "fs", "http", "https", "net", "os", "path", "process", "readline", "stream", "url", "util", "worker_threads", "zlib"]);
const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function* files(dir: string): Iterable<string> {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (n.endsWith(".ts") && !n.endsWith(".test.ts")) yield p;
  }
}

const problems: string[] = [];
for (const dir of Object.keys(ABOVE)) {
  for (const file of files(dir)) {
    const src = readFileSync(file, "utf8");
    for (const m of src.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? "";
      const bare = spec.split("/")[0]!;
      if (spec.startsWith("node:") || NODE_BUILTINS.has(bare) || bare === "better-sqlite3" || spec.includes("/node/") || spec.includes("/cli/")) {
        problems.push(`${file}: imports "${spec}" (the core must run in a browser too)`);
      }
      const above = ABOVE[dir]!.find((a) => spec.includes(a));
      if (above) problems.push(`${file}: imports "${spec}" (${dir} sits below ${above.slice(1, -1)}: imports point one way)`);
    }
    if (/\bBuffer\.|\bprocess\.(env|argv|exit|cwd)|\brequire\(/.test(src)) problems.push(`${file}: uses a Node global (Buffer, process, require)`);
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`lint-imports: browser-safe folders clean (${Object.keys(ABOVE).join(", ")})`);
