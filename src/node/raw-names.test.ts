/** Names inside evidence that are not valid UTF-8: listed escaped, opened by their bytes, links still not followed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localDir } from "./fs-source.ts";
import { escapeBytes } from "./raw-names.ts";
import { listFiles } from "../inputs/folder.ts";
import { tempDir } from "../../test/helpers/tmp.ts";

const raw = (...parts: (string | number[] | Buffer)[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

test("escapeBytes keeps valid UTF-8 and writes every other byte as \\xNN", () => {
  assert.equal(escapeBytes(raw("é-", [0xff, 0xfe], "-😀-", [0xe2, 0x82], "x")), "é-\\xff\\xfe-😀-\\xe2\\x82x");
});

test("a folder and a file named by bytes that are not UTF-8 are listed escaped and read; a link so named is not followed", { skip: process.platform !== "linux" }, async () => {
  const root = tempDir();
  const outside = tempDir();
  writeFileSync(join(outside, "secret.txt"), "not evidence");
  const dir = raw(root, "/apps-", [0xff]);
  mkdirSync(dir);
  writeFileSync(raw(dir, "/log-", [0xc3, 0x28], ".txt"), "evidence");
  writeFileSync(raw(dir, "/plain.txt"), "plain");
  symlinkSync(join(outside, "secret.txt"), raw(root, "/link-", [0xfe]));
  const top = localDir(root);
  assert.deepEqual(await listFiles(top), ["apps-\\xff/log-\\xc3(.txt", "apps-\\xff/plain.txt"]);
  const read = async (p: string) => Buffer.from(await (await top.file(p))!.bytes()).toString();
  assert.equal(await read("apps-\\xff/log-\\xc3(.txt"), "evidence");
  assert.equal(await read("apps-\\xff/plain.txt"), "plain");
  assert.equal((await top.file("apps-\\xff/plain.txt"))!.path, "apps-\\xff/plain.txt", "shown by the escaped name");
  assert.equal(await top.file("link-\\xfe"), undefined);
  const sub = (await top.dir("apps-\\xff"))!;
  assert.equal(Buffer.from(await (await sub.file("log-\\xc3(.txt"))!.slice(0, 4)).toString(), "evid");
});
