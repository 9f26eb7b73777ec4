/** Command-line paths that are not valid UTF-8: recovered from the raw command line as descriptor paths. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recoverRawPaths } from "./raw-argv.ts";
import { localDir } from "./fs-source.ts";
import { tempDir } from "../../test/helpers/tmp.ts";

test("a folder named by bytes that are not UTF-8 is reached through /proc/self/fd; other arguments stay as they are", { skip: process.platform !== "linux" }, async () => {
  const dir = tempDir();
  const name = Buffer.concat([Buffer.from(join(dir, "bad-")), Buffer.from([0xff, 0xfe]), Buffer.from("-dir")]);
  mkdirSync(name);
  writeFileSync(Buffer.concat([name, Buffer.from("/Manifest.db")]), "x");
  const mangled = name.toString("utf8");
  assert.ok(mangled.includes("\uFFFD"));
  // node's own options sit before the script in the raw command line; the arguments are the last entries.
  const cmdline = join(dir, "cmdline");
  const missing = Buffer.concat([Buffer.from(join(dir, "none-")), Buffer.from([0xff])]);
  writeFileSync(cmdline, Buffer.concat([Buffer.from("node\0--max-old-space-size=512\0bin/spyglass.js\0check-backup\0"), name, Buffer.from("\0-o\0"), missing, Buffer.from("\0")]));
  const argv = ["/usr/bin/node", "bin/spyglass.js", "check-backup", mangled, "-o", missing.toString("utf8")];
  const out = recoverRawPaths(argv, cmdline);
  assert.match(out[3]!, /^\/proc\/self\/fd\/\d+$/);
  assert.deepEqual([...out.slice(0, 3), ...out.slice(4)], [...argv.slice(0, 3), ...argv.slice(4)], "an output folder that does not exist yet is left alone");
  assert.ok(realpathSync.native(out[3]!, { encoding: "buffer" }).equals(realpathSync.native(name, { encoding: "buffer" })), "the descriptor is the folder");
  // The folder host reads through it, and its symbolic-link guard (comparing real paths as bytes) lets it.
  const root = localDir(out[3]!);
  assert.deepEqual((await root.list()).map((e) => e.name), ["Manifest.db"]);
  assert.equal(await (await root.file("Manifest.db"))!.bytes().then((b) => Buffer.from(b).toString()), "x");
  assert.deepEqual(recoverRawPaths(["node", "s", "plain"], cmdline), ["node", "s", "plain"], "nothing mangled: the command line is not even read");
});
