/** The analysis core bundles for the browser platform with no Node import anywhere in its graph. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";

test("core, artifacts, indicators and formats bundle for the browser without node:* imports", async () => {
  const nodeImports: string[] = [];
  const result = await build({
    entryPoints: ["src/index.ts"],
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    logLevel: "silent",
    plugins: [
      {
        name: "forbid-node",
        setup(b) {
          b.onResolve({ filter: /^(node:|fs$|path$|os$|crypto$|stream$|better-sqlite3$)/ }, (args) => {
            nodeImports.push(`${args.path} (from ${args.importer})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  assert.deepEqual(nodeImports, [], `Node imports in the browser bundle:\n${nodeImports.join("\n")}`);
  assert.equal(result.errors.length, 0);
  const size = result.outputFiles[0]!.contents.length;
  assert.ok(size > 10_000, `bundle has content (${size} bytes)`);
});
