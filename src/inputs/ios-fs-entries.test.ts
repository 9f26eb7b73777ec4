/** The walk's entries kept front-coded for the Filesystem module: replayed exactly, bounded, and a dump walked once. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SourceDir } from "../core/source.ts";
import { localDir } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { declaredGlobs } from "../artifacts/select.ts";
import { IosFsBuilder, standardDump } from "../../test/builders/ios-fs.ts";
import { folderWalker } from "./ios-fs-forms.ts";
import { tempDir } from "../../test/helpers/tmp.ts";
import { KeptEntries, keptEntries, SEGMENT } from "./ios-fs-entries.ts";
import { openIosFs } from "./ios-fs.ts";

test("kept entries replay paths, kinds and times as added: shared prefixes, non-ASCII and long names, no time", () => {
  const added = [
    { path: "private", kind: "dir", mtime: 1706788800 },
    { path: "private/var", kind: "dir", mtime: 1706788800.25 },
    { path: "private/var/mobile/Média/été 😀.jpg", kind: "file", mtime: undefined },
    { path: "private/var/mobile/Média/été 😀.mov", kind: "file", mtime: 0 },
    // Emoji that share their first UTF-16 unit (one surrogate pair each): the shared prefix never splits a pair.
    { path: "private/var/mobile/Média/😃.jpg", kind: "file", mtime: 5 },
    { path: "private/var/mobile/Média/😄.jpg", kind: "file", mtime: 6 },
    { path: `private/var/${"x".repeat(300)}/${"é".repeat(200)}`, kind: "file", mtime: 1 },
    { path: "a", kind: "file", mtime: 2 },
    { path: "a", kind: "file", mtime: 3 },
    { path: "", kind: "dir", mtime: 4 },
  ] as const;
  const kept = new KeptEntries();
  for (const e of added) kept.add(e.path, e.kind, e.mtime);
  assert.deepEqual([...kept.entries()], added);
  assert.equal(kept.size, added.length);
});

test("a range of kept entries decodes alone, across a restart of the front coding, from a copy of the shared buffers", () => {
  const kept = new KeptEntries();
  const n = 2 * SEGMENT + 10;
  for (let i = 0; i < n; i++) kept.add(`private/var/mobile/Media/${Math.floor(i / 7)}/IMG_${i}.JPG`, i % 7 ? "file" : "dir", i);
  const all = [...kept.entries()];
  assert.equal(all.length, n);
  // What another thread receives: the share structured-cloned (shared memory where the runtime has it).
  const share = structuredClone(kept.share());
  for (const [from, to] of [[0, 5], [SEGMENT - 3, SEGMENT + 4], [SEGMENT, SEGMENT + 1], [2 * SEGMENT + 9, n + 50], [17, 17]] as const) {
    assert.deepEqual([...keptEntries(share, from, to)], all.slice(from, to), `${from}–${to}`);
    assert.deepEqual([...kept.entries(from, to)], all.slice(from, to));
  }
});

test("kept entries take ~15 bytes each on a dump's paths, and past their bound drop everything (the listing walks again)", () => {
  const kept = new KeptEntries(1 << 20);
  let i = 0;
  for (; !kept.dropped && i < 200_000; i++) kept.add(`private/var/mobile/Media/Filler/${Math.floor(i / 1000)}/IMG_${i}.JPG`, "file", 1706788800 + i);
  assert.ok(kept.dropped, "1 MiB holds fewer than 200,000 entries");
  assert.ok(i > 40_000, `${i} entries before 1 MiB: under ~24 bytes each, times included`);
  assert.deepEqual([...kept.entries()], []);
});

test("check-fs on a folder walks it once: the name index and the Filesystem module's listing come from the opening's walk", async () => {
  const dir = standardDump(join(tempDir(), "dump"), { spyware: true });
  let lists = 0;
  const counting = (d: SourceDir): SourceDir => ({
    ...d,
    list: () => (lists++, d.list()),
    listTimed: async (files) => {
      lists++;
      const listing = await d.listTimed!(files);
      return { ...listing, sub: (i) => counting(listing.sub(i)) };
    },
    dir: async (rel) => {
      const sub = await d.dir(rel);
      return sub && counting(sub);
    },
  });
  const fs = await openIosFs(counting(localDir(dir)), nodeHost, { globs: declaredGlobs("ios-fs") });
  const afterOpening = lists;
  assert.ok(afterOpening > 10, "the opening's walk listed the tree");
  // Datausage's and Netusage's missing-binary check asks the name index, answered from the opening: no walk of its own.
  assert.equal(fs.listing.hasFileName?.("sms.db"), true);
  assert.equal(fs.listing.hasFileName?.("no-such-binary"), false);
  const walked: string[] = [];
  for await (const e of fs.listing.entries()) walked.push(e.path);
  assert.equal(lists, afterOpening, "no folder listed again");
  const again: string[] = [];
  const plain = await openIosFs(localDir(dir), nodeHost, { globs: declaredGlobs("ios-fs").filter((g) => g !== "@walk") });
  for await (const e of plain.listing.entries()) again.push(e.path);
  assert.deepEqual(walked, again, "the replay lists what a walk lists, in its order");
  fs.close();
  plain.close();
});

test("a folder walk listed by the host (on its threads, ahead of each folder's turn) lists what asking each entry lists", async () => {
  const dir = standardDump(join(tempDir(), "dump"), { spyware: true });
  const b = new IosFsBuilder(dir);
  // Folders large and small, nested, with a link beside the files and a name that is not UTF-8 (listed the slow way).
  for (let i = 0; i < 300; i++) b.file(`private/var/mobile/Media/DCIM/100APPLE/IMG_${i}.JPG`, "x".repeat(i % 7));
  for (let i = 0; i < 40; i++) b.file(`private/var/mobile/Media/DCIM/100APPLE/sub/IMG_${i}.HEIC`, "y");
  b.finish();
  symlinkSync("/etc/passwd", join(dir, "private/var/mobile/Media/DCIM/100APPLE/link.JPG"));
  writeFileSync(Buffer.concat([Buffer.from(join(dir, "private/var/mobile/Media/DCIM/100APPLE/sub/bad-")), Buffer.from([0xff]), Buffer.from(".HEIC")]), "raw");
  const walk = async (root: SourceDir) => {
    const problems: string[] = [];
    const entries: unknown[] = [];
    for await (const e of folderWalker(root).walk((m) => problems.push(m))) entries.push({ path: e.path, kind: e.kind, mtime: e.mtime, size: e.size });
    return { entries, problems };
  };
  const withoutBatches = (d: SourceDir): SourceDir => ({
    path: d.path,
    list: () => d.list(),
    file: (rel) => d.file(rel),
    dir: async (rel) => {
      const sub = await d.dir(rel);
      return sub && { ...withoutBatches(sub), ...(sub.mtime !== undefined ? { mtime: sub.mtime } : {}) };
    },
  });
  const batched = await walk(localDir(dir));
  const oneByOne = await walk(withoutBatches(localDir(dir)));
  assert.ok(batched.entries.length > 340);
  assert.ok(batched.entries.some((e) => (e as { path: string }).path.endsWith("sub/bad-\\xff.HEIC")));
  assert.deepEqual(batched, oneByOne);
});

test("a folder walk goes on past a folder it cannot list: one line naming it, every other entry listed", async () => {
  const dir = standardDump(join(tempDir(), "dump"), { spyware: true });
  const broken = "private/var/mobile/Library";
  const failing = (d: SourceDir, at: string): SourceDir => ({
    ...d,
    listTimed: async (files) => {
      if (at === broken) throw new Error("EACCES: permission denied, scandir");
      const listing = await d.listTimed!(files);
      return { ...listing, sub: (i) => failing(listing.sub(i), at ? `${at}/${listing.listed[i]!.name}` : listing.listed[i]!.name) };
    },
  });
  const walk = async (root: SourceDir) => {
    const problems: string[] = [];
    const paths: string[] = [];
    for await (const e of folderWalker(root).walk((m) => problems.push(m))) paths.push(e.path);
    return { paths, problems };
  };
  const whole = await walk(localDir(dir));
  const cut = await walk(failing(localDir(dir), ""));
  assert.deepEqual(cut.problems, [`${broken}/: folder not readable, skipped (EACCES: permission denied, scandir)`]);
  assert.deepEqual(cut.paths, whole.paths.filter((p) => !p.startsWith(`${broken}/`)), "the folder itself is listed, nothing under it");
  assert.ok(cut.paths.includes(broken) && whole.paths.some((p) => p.startsWith(`${broken}/`)));
});
