/** The store-only zip writer, read back by our zip reader and by Python's zipfile (an independent reader). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { memoryFile } from "../core/source.ts";
import { openZip } from "./zip.ts";
import { concatBytes, crcOf, zipStore, type ZipInput } from "./zip-write.ts";
import { tempDir } from "../../test/helpers/tmp.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const FILES = [
  { name: "timeline.csv", data: [enc("UTC Timestamp,Plugin\n"), enc("2021-01-01 00:00:00.000000,SMS\n")] },
  { name: "empty.json", data: [] },
  { name: "café ü.json", data: [enc("[]")] },
];
const INPUTS: ZipInput<Uint8Array>[] = FILES.map((f) => ({ name: f.name, parts: f.data, ...crcOf(f.data) }));

test("zipStore: every file back byte for byte, names in UTF-8, date as given (UTC)", async () => {
  const zip = concatBytes(zipStore(INPUTS, new Date("2026-12-06T03:04:06Z")));
  const z = await openZip(memoryFile("results.zip", zip));
  assert.deepEqual(z.entries.map((e) => [e.name, e.size]), [["timeline.csv", 52], ["empty.json", 0], ["café ü.json", 2]]);
  for (const f of FILES) assert.deepEqual(await z.bytes(z.entries.find((e) => e.name === f.name)!), concatBytes(f.data));
  assert.equal(new Date(z.entries[0]!.mtime! * 1000).toISOString(), "2026-12-06T03:04:06.000Z");
  assert.deepEqual(z.warnings, []);
});

test("zipStore: Python's zipfile reads it and its CRCs check", () => {
  const dir = tempDir();
  const path = join(dir, "r.zip");
  writeFileSync(path, concatBytes(zipStore(INPUTS, new Date("2026-12-06T00:00:00Z"))));
  const out = execFileSync("python3", ["-c", "import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);print(z.testzip());print([(i.filename,i.file_size,i.compress_type) for i in z.infolist()])", path], { encoding: "utf8" });
  assert.equal(out, "None\n[('timeline.csv', 52, 0), ('empty.json', 0, 0), ('café ü.json', 2, 0)]\n");
});
