#!/usr/bin/env -S node --max-old-space-size=512 --initial-old-space-size=64
// Runs the built CLI (dist/, made by `npm run build`, run automatically by `npm ci`); falls back to the TypeScript
// source via tsx. The heap cap keeps memory under 1 GiB on large backups: everything streams, and without a cap V8
// lets garbage pile up (measured: 905 MiB peak RSS uncapped vs 462 MiB capped on 10^6 messages, same speed). The
// initial old space (V8 flags hold for the worker threads too) stops a full collection every few megabytes while a
// small heap streams large strings and buffers through: measured 20.6 s → 17.2 s on 10^6 messages, 18% less CPU.
// Not --single-threaded-gc: with worker threads it saved ~0.6 s of 16 at 10^6 messages, but on one thread (one
// core, or SPYGLASS_WORKERS=0) the young generation's collections took 4x longer: 24.8 s → 34.7 s.
import { existsSync } from "node:fs";

const built = new URL("../dist/spyglass.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/entry.ts");
}
