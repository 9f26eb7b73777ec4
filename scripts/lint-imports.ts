/**
 * Lint: the browser-safe folders import nothing from Node (node:*, fs, path, better-sqlite3…), and their layers point
 * one way (see "Layers" below). Exit 1 on a hit.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const CORE = ["src/core", "src/formats", "src/inputs", "src/artifacts", "src/indicators", "src/checks", "src/outputs"];
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
for (const dir of CORE) {
  for (const file of files(dir)) {
    const src = readFileSync(file, "utf8");
    for (const m of src.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? "";
      const bare = spec.split("/")[0]!;
      if (spec.startsWith("node:") || NODE_BUILTINS.has(bare) || bare === "better-sqlite3" || spec.includes("/node/") || spec.includes("/cli/")) {
        problems.push(`${file}: imports "${spec}" (the core must run in a browser too)`);
      }
    }
    if (/\bBuffer\.|\bprocess\.(env|argv|exit|cwd)|\brequire\(/.test(src)) problems.push(`${file}: uses a Node global (Buffer, process, require)`);
  }
}
// Layers (issue 12 item 8): relative imports, type-only ones included, form no cycle (src/checks keeps two old ones,
// lookalike-* and verdict/stalkerware-advice, outside this rule for now).
const ACYCLIC = CORE.filter((d) => d !== "src/checks");
const graph = new Map<string, string[]>();
for (const dir of ACYCLIC) {
  for (const file of files(dir)) {
    const deps: string[] = [];
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? "";
      if (spec.startsWith(".")) deps.push(relative(".", resolve(dirname(file), spec)));
    }
    graph.set(file, deps);
  }
}
for (const cycle of importCycles(graph)) problems.push(`import cycle: ${cycle.join(" → ")} → ${cycle[0]}`);

// Folders a layer never imports from: the engine stays below everything (the public API that gathers the layers is
// src/index.ts), and artifact modules below the outputs and cross-artifact checks (shared JSON pieces: core/json-text.ts).
const FORBIDDEN: Record<string, string[]> = {
  "src/core": ["src/formats", "src/inputs", "src/artifacts", "src/checks", "src/outputs"],
  "src/artifacts": ["src/outputs", "src/checks"],
};
for (const [layer, above] of Object.entries(FORBIDDEN)) {
  for (const file of files(layer)) {
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? "";
      const target = spec.startsWith(".") ? relative(".", resolve(dirname(file), spec)) : "";
      const hit = above.find((dir) => target.startsWith(dir + "/"));
      if (hit) problems.push(`${file}: imports ${target} (${layer} sits below ${hit})`);
    }
  }
}

/** One cycle per strongly connected component of more than one file (Tarjan), in import order. */
function importCycles(g: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) out.push(scc.reverse());
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

// One dumpsys section per module reads through serviceSectionRecords (src/artifacts/_shared/dumpsys-section.ts):
// the stats → sectionWarning → ctx.warn tail is not written out again in a module.
for (const file of files("src/artifacts")) {
  if (file.endsWith("dumpsys-section.ts")) continue;
  if (/sectionWarning\(stats, [^)]*\);\s*if \(warning\) ctx\.warn\(warning\)/.test(readFileSync(file, "utf8"))) {
    problems.push(`${file}: repeats the dumpsys section tail (use serviceSectionRecords from _shared/dumpsys-section.ts)`);
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`lint-imports: browser-safe folders clean (${CORE.join(", ")}); no import cycle in ${ACYCLIC.join(", ")}`);
