/** Tests for the zip folder view: rooting at a single top folder, folder walks, warnings, and parity with the unpacked folder. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { memoryFile } from "../core/source.ts";
import type { SourceFile } from "../core/source.ts";
import { localDir, localFile } from "../node/fs-source.ts";
import { buildZip } from "../../test/builders/android.ts";
import { folderAcquisition, listFiles } from "./folder.ts";
import { openZipDir, virtualDir } from "./zip-dir.ts";

const MVT = new URL("../../../shared/peer-artifacts/mvt/", import.meta.url).pathname;
const text = async (f: SourceFile | undefined) => new TextDecoder().decode(await f!.bytes());

test("androidqf.zip is rooted at its one top folder, so getprop.txt sits where it does in the folder", async () => {
  const zip = await openZipDir(localFile(MVT + "androidqf.zip", "androidqf.zip"), { rootSingleFolder: true });
  assert.equal(zip.rootedAt, "androidqfzip");
  assert.deepEqual(zip.files, ["getprop.txt"]);
  assert.deepEqual(await zip.list(), [{ name: "getprop.txt", kind: "file" }]);
  const f = await zip.file("getprop.txt");
  assert.equal(f!.path, "getprop.txt");
  assert.equal(f!.evidence!.path, "androidqf.zip");
  assert.equal(await text(f), readFileSync(MVT + "androidqf/getprop.txt", "utf8"));
  const unrooted = await openZipDir(localFile(MVT + "androidqf.zip", "androidqf.zip"));
  assert.deepEqual(unrooted.files, ["androidqfzip/getprop.txt"]);
  assert.deepEqual(await listFiles(unrooted), ["androidqfzip/getprop.txt"]);
});

test("folderAcquisition over a zip of the androidqf folder selects exactly what it selects over the folder", async () => {
  const names = readdirSync(MVT + "androidqf").sort();
  const bytes = buildZip([{ name: "androidqf/" }, ...names.map((n) => ({ name: `androidqf/${n}`, data: readFileSync(`${MVT}androidqf/${n}`) }))]);
  const zip = await openZipDir(memoryFile("aqf.zip", bytes), { rootSingleFolder: true });
  const fromZip = await folderAcquisition(zip, { kind: "androidqf" });
  const fromDir = await folderAcquisition(localDir(MVT + "androidqf"), { kind: "androidqf" });
  assert.deepEqual(fromZip.files, fromDir.files);
  for (const glob of ["*.txt", "**/*.json", "backup.ab", "getprop.txt"]) {
    const a: string[] = [];
    const b: string[] = [];
    for await (const f of fromZip.select({ from: "androidqf", glob })) a.push(`${f.path}:${(await f.bytes()).length}`);
    for await (const f of fromDir.select({ from: "androidqf", glob })) b.push(`${f.path}:${(await f.bytes()).length}`);
    assert.deepEqual(a, b, glob);
  }
});

test("nested folders list and resolve like a real folder; a rooting rule can refuse a folder name", async () => {
  const bytes = buildZip([{ name: "intrusion_logs/a.txt", data: "1" }, { name: "intrusion_logs/sub/b.txt", data: "2" }, { name: "intrusion_logs/empty/" }]);
  const refused = await openZipDir(memoryFile("il.zip", bytes), { rootSingleFolder: (top) => top !== "intrusion_logs" });
  assert.equal(refused.rootedAt, "");
  assert.deepEqual(await refused.list(), [{ name: "intrusion_logs", kind: "dir" }]);
  const sub = await refused.dir("intrusion_logs");
  assert.deepEqual(await sub!.list(), [{ name: "a.txt", kind: "file" }, { name: "empty", kind: "dir" }, { name: "sub", kind: "dir" }]);
  assert.equal((await sub!.file("sub/b.txt"))!.path, "intrusion_logs/sub/b.txt"); // named from the root, as the Node host does
  assert.equal(await text(await refused.file("intrusion_logs/sub/b.txt")), "2");
  assert.equal(await refused.file("intrusion_logs/../intrusion_logs/a.txt"), undefined);
  assert.equal(await refused.dir("nope"), undefined);
  assert.deepEqual(await listFiles(refused), ["intrusion_logs/a.txt", "intrusion_logs/sub/b.txt"]);
});

test("members skipped by the zip reader are collected as warnings; nothing unsafe is listed", async () => {
  const bytes = buildZip([{ name: "top/../../escape.txt", data: "x" }, { name: "/abs", data: "x" }, { name: "top/ok.txt", data: "ok" }]);
  const zip = await openZipDir(memoryFile("h.zip", bytes), { rootSingleFolder: true });
  assert.equal(zip.rootedAt, "top");
  assert.deepEqual(zip.files, ["ok.txt"]);
  assert.equal(zip.warnings.length, 2);
  assert.deepEqual(zip.skipped.map((s) => s.name), ["top/../../escape.txt", "/abs"]);
});

test("virtualDir: a name that is both a file and a folder keeps both", async () => {
  const files = new Map([["a", () => memoryFile("a", new Uint8Array([1]))], ["a/b", () => memoryFile("a/b", new Uint8Array([2]))]]);
  const dir = virtualDir("v", files);
  assert.deepEqual(await dir.list(), [{ name: "a", kind: "dir" }, { name: "a", kind: "file" }]);
  assert.deepEqual((await listFiles(dir)).sort(), ["a", "a/b"]);
});
