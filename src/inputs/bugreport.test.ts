/** Tests for the bugreport acquisition: MVT's unpacked bugreport, the same as a zip, dumpstate lookup, bad archives. */
import { caught, selected, selectedPaths } from "../../test/helpers/errors.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SpyglassError } from "../core/errors.ts";
import { memoryFile } from "../core/source.ts";
import type { Selector } from "../core/artifact.ts";
import type { SourceFile } from "../core/source.ts";
import type { Acquisition } from "../core/acquisition.ts";
import { localDir } from "../node/fs-source.ts";
import { buildZip } from "../../test/builders/android.ts";
import { DUMPSTATE_GLOB, openBugreport } from "./bugreport.ts";

const BR = new URL("../../../shared/peer-artifacts/mvt/android_data/bugreport/", import.meta.url).pathname;
const MEMBERS = ["main_entry.txt", "dumpstate.txt", "FS/data/tombstones/tombstone_00", "FS/data/tombstones/tombstone_01"];
const DUMPSTATE: Selector = { from: "bugreport", glob: DUMPSTATE_GLOB };

const paths = selectedPaths;


test("EXPECTED §5: the unpacked bugreport; main_entry.txt names dumpstate.txt, selected by \"@dumpstate\"", async () => {
  const br = await openBugreport(localDir(BR));
  assert.equal(br.kind, "bugreport");
  assert.deepEqual(br.files, ["FS/data/tombstones/tombstone_00", "FS/data/tombstones/tombstone_01", "dumpstate.txt", "main_entry.txt"]);
  assert.equal(br.dumpstate, "dumpstate.txt");
  assert.deepEqual(await paths(br, DUMPSTATE), ["dumpstate.txt"]);
  assert.deepEqual(await paths(br, { from: "bugreport", glob: "FS/**" }), ["FS/data/tombstones/tombstone_00", "FS/data/tombstones/tombstone_01"]);
  assert.deepEqual(await paths(br, { from: "bugreport", glob: "*/tombstone_*" }), []); // `*` is one segment
  assert.deepEqual(await paths(br, { from: "androidqf", glob: "**" }), []);
  assert.deepEqual(br.opened.map((f) => f.path), ["main_entry.txt"]);
  assert.deepEqual(br.warnings, []);
});

test("the same bugreport zipped reads the same, dumpstate bytes included", async () => {
  const zip = buildZip(MEMBERS.map((m) => ({ name: m, data: readFileSync(BR + m) })));
  const br = await openBugreport(memoryFile("bugreport.zip", zip));
  assert.deepEqual(br.files, ["FS/data/tombstones/tombstone_00", "FS/data/tombstones/tombstone_01", "dumpstate.txt", "main_entry.txt"]);
  const [f] = await selected(br, DUMPSTATE);
  assert.deepEqual(Buffer.from(await f!.bytes()), readFileSync(BR + "dumpstate.txt"));
  assert.equal(f!.evidence!.path, "bugreport.zip");
});

test("without main_entry.txt: dumpState_*.log, else …/dumpsys.txt; a main_entry.txt naming a missing file warns", async () => {
  const zip = (members: { name: string; data: string }[]) => openBugreport(memoryFile("br.zip", buildZip(members)));
  assert.equal((await zip([{ name: "dumpState_G930F_2023.log", data: "x" }, { name: "x/dumpsys.txt", data: "y" }])).dumpstate, "dumpState_G930F_2023.log");
  assert.equal((await zip([{ name: "a/b/dumpsys.txt", data: "y" }, { name: "dumpsys.txt", data: "root" }])).dumpstate, "a/b/dumpsys.txt");
  const missing = await zip([{ name: "main_entry.txt", data: "bugreport-gone.txt\n" }, { name: "dumpState_1.log", data: "x" }]);
  assert.equal(missing.dumpstate, "dumpState_1.log");
  assert.match(missing.warnings[0]!, /main_entry\.txt names "bugreport-gone\.txt", which this bugreport does not hold/);
  const traversal = await zip([{ name: "main_entry.txt", data: "../../etc/passwd" }]);
  assert.equal(traversal.dumpstate, undefined);
  assert.deepEqual(await paths(traversal, DUMPSTATE), []);
});

test("a non-zip or truncated file is E_CORRUPT \"Invalid bugreport archive\"; hostile members are skipped with a warning", async () => {
  const text = await caught(openBugreport(memoryFile("bugreport.zip", new TextEncoder().encode("not a zip file at all"))));
  assert.equal(text.code, "E_CORRUPT");
  assert.match(text.message, /^Invalid bugreport archive: not a zip archive/);
  assert.equal(text.file, "bugreport.zip");
  const whole = buildZip(MEMBERS.map((m) => ({ name: m, data: readFileSync(BR + m) })));
  assert.match((await caught(openBugreport(memoryFile("b.zip", whole.subarray(0, whole.length - 100))))).message, /^Invalid bugreport archive: truncated/);
  const hostile = await openBugreport(memoryFile("h.zip", buildZip([{ name: "../../x/dumpsys.txt", data: "no" }, { name: "FS/ok", data: "ok" }])));
  assert.deepEqual(hostile.files, ["FS/ok"]);
  assert.match(hostile.warnings[0]!, /^h\.zip: skipped member "\.\.\/\.\.\/x\/dumpsys\.txt"/);
});
