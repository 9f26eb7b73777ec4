/**
 * The password prompt reads the terminal (/dev/tty) even when stdout and stderr go to files, and allows three
 * tries. Run under a pseudo-terminal made by util-linux `script`; the answers are typed when the prompt shows.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { copyTree } from "./helpers/cli.ts";
import { tempDir } from "./helpers/tmp.ts";
import { MVT_BACKUP } from "./helpers/run-module.ts";
import { encryptBackup } from "./builders/ios-backup-encrypted.ts";

const ENTRY = new URL("../src/cli/entry.ts", import.meta.url).pathname;
const hasScript = spawnSync("script", ["--version"]).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function encrypted(password: string): string {
  const plain = copyTree(MVT_BACKUP, join(tempDir(), "plain"));
  for (const side of ["-wal", "-shm"]) rmSync(join(plain, "Manifest.db" + side), { force: true });
  const db = new Database(join(plain, "Manifest.db"));
  db.pragma("journal_mode = DELETE");
  db.close();
  const enc = join(tempDir(), "encrypted");
  encryptBackup(plain, enc, password);
  return enc;
}

/** Runs the CLI on a terminal with its output redirected to files, typing one answer at each prompt. */
function onTerminal(args: string[], answers: string[]): Promise<{ code: number | null; terminal: string; stdout: string; stderr: string; prompts: number }> {
  const dir = tempDir();
  const [so, se] = [join(dir, "stdout"), join(dir, "stderr")];
  const cmd = `${quote(process.execPath)} --import tsx ${quote(ENTRY)} ${args.map(quote).join(" ")} > ${quote(so)} 2> ${quote(se)}`;
  const child = spawn("script", ["-qec", cmd, "/dev/null"], { env: { ...process.env, SPYGLASS_IOCS: "", SPYGLASS_BACKUP_PASSWORD: "" } });
  let terminal = "";
  let prompts = 0;
  child.stdout.on("data", (d: Buffer) => {
    terminal += d.toString();
    const shown = terminal.split("Backup password: ").length - 1;
    while (prompts < shown) {
      const answer = answers[prompts++];
      if (answer !== undefined) child.stdin.write(answer + "\r");
    }
  });
  const timer = setTimeout(() => child.kill(), 60_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, terminal, stdout: existsSync(so) ? readFileSync(so, "utf8") : "", stderr: existsSync(se) ? readFileSync(se, "utf8") : "", prompts });
    }),
  );
}

test("the prompt works with the output redirected, and a mistyped password may be typed again (three tries)", { skip: !hasScript && "no util-linux script" }, async () => {
  const enc = encrypted("right one");
  const key = join(tempDir(), "backup.key");
  const ok = await onTerminal(["extract-key", enc, "-o", key], ["wrong", "also wrong", "right one"]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.prompts, 3);
  assert.ok(existsSync(key));
  assert.match(ok.stderr, /Wrong password: try again \(2 tries left\)\.\nWrong password: try again \(1 try left\)\./);
  assert.doesNotMatch(ok.terminal + ok.stdout + ok.stderr, /wrong|right one/, "never echoed");

  const no = await onTerminal(["extract-key", enc, "-o", join(tempDir(), "k")], ["a", "b", "c", "d"]);
  assert.equal(no.code, 1);
  assert.equal(no.prompts, 3, "three tries, then the error");
  assert.match(no.stderr, /password/i);
});
