#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build`, run automatically by `npm ci`); falls back to the TypeScript source via tsx.
import { existsSync } from "node:fs";

const built = new URL("../dist/spyglass.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../src/cli/main.ts");
  await main(process.argv);
}
