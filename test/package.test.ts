/**
 * The npm package as published: builds a copy of the package in a temp folder (dist/ of the checkout is left to the
 * tests running beside this one), lists what `npm pack` would ship, and checks that no test file ships, that every
 * `exports` target and the bin are in it, and that the built library loads.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { tempDir } from "./helpers/tmp.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string; license: string; files: string[]; bin: Record<string, string>; repository: { url: string };
  exports: Record<string, string | Record<string, string>>;
};

/** Every file path an `exports` map points at. */
const exportTargets = (e: typeof pkg.exports) => Object.values(e).flatMap((v) => (typeof v === "string" ? [v] : Object.values(v))).map((p) => p.replace(/^\.\//, ""));

function packedCopy(): { dir: string; files: string[] } {
  const dir = tempDir("spyglass-pack-");
  for (const f of ["package.json", "bin", "data", "README.md", "LICENSE"]) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules")); // the library's dependencies, as an install has them
  execFileSync(process.execPath, ["scripts/build.mjs", join(dir, "dist")], { cwd: ROOT, stdio: "pipe" });
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  return { dir, files };
}

test("the package has a name of its own, keeps the spyglass command, and says where it comes from", () => {
  assert.notEqual(pkg.name, "spyglass"); // an unrelated package owns that name on npm
  assert.equal(pkg.bin.spyglass, "bin/spyglass.js");
  assert.equal(pkg.license, "MIT");
  assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  const license = readFileSync(join(ROOT, "LICENSE"), "utf8");
  assert.match(license, /^MIT License/);
  assert.match(license, /Copyright \(c\) \d{4} the Spyglass authors/);
});

test("npm pack ships the built CLI, library and types, and no test file", async () => {
  const { dir, files } = packedCopy();
  const tests = files.filter((f) => f.endsWith(".test.ts") || f.startsWith("test/") || f.startsWith("src/") || f.includes("/test/"));
  assert.deepEqual(tests, []);
  for (const f of ["LICENSE", "README.md", "package.json", pkg.bin.spyglass!, "dist/spyglass.js", "dist/scan-worker.js", "dist/timeline-worker.js", "dist/list-worker.js", ...exportTargets(pkg.exports)]) {
    assert.ok(files.includes(f), `${f} is not in the package`);
  }
  assert.ok(files.every((f) => !f.endsWith(".ts") || f.endsWith(".d.ts")), "TypeScript sources are shipped");

  const core = await import(pathToFileURL(join(dir, "dist/index.js")).href);
  const node = await import(pathToFileURL(join(dir, "dist/node.js")).href);
  assert.equal(typeof core.scan, "function");
  assert.equal(typeof core.compileIndicators, "function");
  assert.equal(typeof node.nodeHost, "object");
  assert.equal(typeof node.localDir, "function");
  const types = readFileSync(join(dir, "dist/types/core/index.d.ts"), "utf8");
  assert.match(types, /export \{ scan, runOrder \}/);
  // The engine's index names no layer above it; the package's index (one level up) adds the artifact table.
  assert.doesNotMatch(types, /ARTIFACTS/);
  assert.match(readFileSync(join(dir, "dist/types/index.d.ts"), "utf8"), /export \{ ARTIFACTS \}/);
  assert.equal(typeof core.ARTIFACTS, "object");

  // The packed bin runs from its own folder (the bundled CLI, not the sources): --version reads the package's own file.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ ...pkg, version: "9.9.9-pack" }));
  const version = execFileSync(process.execPath, [join(dir, pkg.bin.spyglass!), "--version"], { encoding: "utf8" });
  assert.equal(version.trim(), "9.9.9-pack");
});
