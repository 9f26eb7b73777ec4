/**
 * The fuzz harness's fixed regression sample (npm run fuzz runs the large random ones): one mutant per input kind,
 * seeds fixed, judged by the same oracle; and the oracle itself shown to catch each failure class on a command that
 * commits them all.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./helpers/tmp.ts";
import { setSqlite, type Mutation } from "../fuzz/mutate.ts";
import { runOne, type Limits } from "../fuzz/run-one.ts";
import { kinds, sqliteBytes } from "../fuzz/seeds.ts";

setSqlite(sqliteBytes());
const KINDS = new Map(kinds().map((k) => [k.id, k]));
const LIMITS: Limits = { timeoutMs: 60_000, memoryMiB: 1024, killAboveMiB: 2048 };
const SEED = 7;

// [kind, run, mutation, what the seed makes of it, exit codes the CLI may give]: the analysis still runs (0/10/11)
// where the damage leaves it evidence to read; 1 where the input is refused in one line.
const SAMPLE: [string, number, Mutation, RegExp, number[]][] = [
  ["ios-backup", 3, "symlink", /^symlink: 3a -> .*outside\/canary-dir$/, [0]],
  ["ios-backup-encrypted", 3, "bitflip", /^bitflip: 6 bits of Manifest.plist$/, [1]],
  ["androidqf-folder", 0, "hostile-name", /VERDICT: NO KNOWN TRACES FOUND\.txt/, [11]],
  ["androidqf-zip", 0, "bomb", /^bomb: zip member unread.bin, 700 MiB of speckled zeros/, [11]],
  ["bugreport-zip", 1, "long-line", /^long-line: a 1 MiB line in dumpstate.txt/, [0]],
  ["android-backup", 1, "wrong-type", /^wrong-type: an SQLite database in .*000000_sms_backup$/, [0]],
  ["intrusion-logs", 5, "symlink", /^symlink: 2025-06-02.txt -> .*outside\/canary.txt$/, [0]],
];

for (const [kind, run, mutation, made, codes] of SAMPLE) {
  test(`fuzz sample: ${kind} #${run} (${mutation}) passes every check`, async () => {
    const r = await runOne(KINDS.get(kind)!, SEED, run, tempDir("spyglass-fuzz-t-"), LIMITS, { only: [mutation] });
    assert.match(r.mutations.join("; "), made);
    assert.deepEqual(r.failures, []);
    assert.ok(codes.includes(r.code!), `exit ${r.code}: ${r.said}`);
  });
}

test("the oracle catches each failure class: stack trace, crash, evidence changed, read outside, temp left, memory, hang", async () => {
  const dir = tempDir("spyglass-fuzz-bad-");
  const bad = join(dir, "bad-cli.sh");
  // A command that does everything wrong: follows the evidence's symlinks and copies what they hold into its results,
  // writes into the evidence, leaves a temp file, prints a stack trace and exits with a code no verdict has.
  writeFileSync(bad, `#!/bin/sh
mkdir -p "$4"; cat "$2"/* > "$4/copy.txt" 2>/dev/null
echo changed >> "$2/2025-06-01.txt"; echo changed >> "$2/2025-06-02.txt"; touch "$TMPDIR/left-behind"
echo "TypeError: x is undefined" >&2; echo "    at read (/app/dist/spyglass.js:1:2)" >&2
exit 3
`);
  chmodSync(bad, 0o755);
  const run = join(dir, "run");
  mkdirSync(run);
  const r = await runOne(KINDS.get("intrusion-logs")!, SEED, 5, run, LIMITS, { only: ["symlink"], bin: bad });
  assert.deepEqual([...new Set(r.failures.map((f) => f.class))].sort(), ["crash", "evidence-changed", "read-outside", "stack-trace", "temp-left"]);
  assert.ok(r.failures.some((f) => f.class === "read-outside" && /canary content in out\/copy.txt/.test(f.detail)));
  assert.ok(r.failures.some((f) => f.class === "read-outside" && /^canary read: .*outside\/canary.txt$/.test(f.detail)), "the canary's access time");
  assert.ok(r.failures.some((f) => f.class === "evidence-changed" && /written through a symlink: .*canary.txt/.test(f.detail)));

  const hog = join(dir, "hog.sh");
  writeFileSync(hog, `#!/bin/sh\nexec node -e 'const a = []; for (let i = 0; i < 4; i++) a.push(Buffer.alloc(100 << 20, 1)); setTimeout(() => {}, 60000)'\n`);
  chmodSync(hog, 0o755);
  const slow = join(dir, "slow");
  mkdirSync(slow);
  const h = await runOne(KINDS.get("intrusion-logs")!, SEED, 0, slow, { timeoutMs: 3000, memoryMiB: 256, killAboveMiB: 4096 }, { only: [], bin: hog });
  assert.deepEqual(h.failures.map((f) => f.class).sort(), ["hang", "memory"]);
});
