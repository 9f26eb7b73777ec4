import { test } from "node:test";
import assert from "node:assert/strict";
import { localFile } from "../node/fs-source.ts";
import { memoryFile } from "../core/source.ts";
import {
  DUMPSYS_DELIMITER, MAX_LINE_BYTES, MAX_RUN_BYTES, MAX_SECTION_BYTES, dumpstateBlock, newSectionStats, sectionBytes, sectionLines, sectionText, sectionWarning, serviceSection,
} from "./dumpsys.ts";

const AQF = new URL("../../../shared/peer-artifacts/mvt/androidqf/dumpsys.txt", import.meta.url).pathname;
const enc = new TextEncoder();
const text = (s: string) => memoryFile("dumpstate.txt", enc.encode(s));

/** A file whose stream hands out `chunks` one by one, counting how many were pulled (to prove an early stop). */
function chunked(chunks: Uint8Array[]) {
  const seen = { pulled: 0, cancelled: false };
  const file = {
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          if (seen.pulled < chunks.length) c.enqueue(chunks[seen.pulled++]!);
          else c.close();
        },
        cancel() {
          seen.cancelled = true;
        },
      }),
  };
  return { file, seen };
}

test("EXPECTED §2: the package section of androidqf/dumpsys.txt is 3907 characters", async () => {
  const stats = newSectionStats();
  const section = await sectionText(localFile(AQF, "dumpsys.txt"), serviceSection("package"), stats);
  assert.equal(section.length, 3907);
  assert.ok(section.startsWith("Database versions:") || section.length > 0);
  assert.ok(section.endsWith("was the duration of dumpsys package, ending at: 2022-01-28 17:37:43"), "dumpsys' own duration line is part of the section (MVT)");
  assert.deepEqual(stats, { found: true, wholeFile: false, truncated: false, longLines: 0, garbledLines: 0 });
});

const DUMP = [
  "Currently running services:",
  "  package",
  DUMPSYS_DELIMITER,
  "DUMP OF SERVICE packages:",
  "not this one",
  DUMPSYS_DELIMITER,
  "  DUMP OF SERVICE package:  \r",
  "line 1\r",
  "  line 2",
  "------ not the end: dumpstate block markers are only 6 dashes",
  DUMPSYS_DELIMITER + "-- longer still ends it",
  "DUMP OF SERVICE package:",
  "a second package section is ignored (MVT takes the first)",
  "------ SYSTEM PROPERTIES (getprop) ------",
  "[ro.build.version.sdk]: [34]",
  "------ 0.041s was the duration of 'SYSTEM PROPERTIES' ------",
  "[after.block]: [x]",
  "",
].join("\n");

test("a service section: stripped header equality, CRLF, ends before the 78-dash line, first occurrence only", async () => {
  const lines: string[] = [];
  for await (const l of sectionLines(text(DUMP), serviceSection("package"))) lines.push(l);
  assert.deepEqual(lines, ["line 1", "  line 2", "------ not the end: dumpstate block markers are only 6 dashes"]);
  assert.equal(await sectionText(text(DUMP), serviceSection("missing")), "");
});

test("a dumpstate block ends at the next ------ line", async () => {
  assert.equal(await sectionText(text(DUMP), dumpstateBlock("SYSTEM PROPERTIES")), "[ro.build.version.sdk]: [34]");
  assert.equal(await sectionText(text("no blocks here\n"), dumpstateBlock("SYSTEM PROPERTIES")), "", "no whole-file fallback for blocks");
});

test("a file without any DUMP OF SERVICE line is a loose capture of one service, read whole", async () => {
  const stats = newSectionStats();
  assert.equal(await sectionText(text("Receiver Resolver Table:\n  Non-Data Actions:\n"), serviceSection("package"), stats), "Receiver Resolver Table:\n  Non-Data Actions:");
  assert.equal(stats.wholeFile, true);
  const other = newSectionStats();
  assert.equal(await sectionText(text("DUMP OF SERVICE adb:\nx\n"), serviceSection("package"), other), "", "another service's dump is not read as this one");
  assert.equal(other.wholeFile, false);
});

test("streaming: lines split across 1-byte chunks read the same; reading stops (and cancels) after the section", async () => {
  const bytes = enc.encode(DUMP);
  const one = chunked(Array.from(bytes, (b) => Uint8Array.of(b)));
  assert.equal(await sectionText(one.file, serviceSection("package")), "line 1\n  line 2\n------ not the end: dumpstate block markers are only 6 dashes");
  assert.ok(one.seen.cancelled && one.seen.pulled < bytes.length, "the rest of the file is not read");

  // 40 MB of other services before the section and 40 MB after: only what precedes the section's end is pulled.
  const filler = enc.encode(("x".repeat(99) + "\n").repeat(10_000)); // 1 MB
  const section = enc.encode(`${DUMPSYS_DELIMITER}\nDUMP OF SERVICE appops:\n  Uid 0:\n${DUMPSYS_DELIMITER}\n`);
  const big = chunked([...Array(40).fill(filler), section, ...Array(40).fill(filler)]);
  assert.equal(await sectionText(big.file, serviceSection("appops")), "  Uid 0:");
  assert.ok(big.seen.pulled <= 42, `stopped right after the section (one chunk of read-ahead): pulled ${big.seen.pulled}`);
});

test("hostile input: an endless line is cut at MAX_LINE_BYTES and counted; garbled and cut-short sections are reported", async () => {
  const long = new Uint8Array(MAX_LINE_BYTES + 10).fill(0x41);
  const stats = newSectionStats();
  const raw: Uint8Array[] = [];
  const file = chunked([enc.encode("DUMP OF SERVICE adb:\n"), long.subarray(0, 600_000), long.subarray(600_000), enc.encode("\nend")]).file;
  for await (const l of sectionBytes(file, serviceSection("adb"), stats)) raw.push(l.slice());
  assert.deepEqual(raw.map((l) => l.length), [MAX_LINE_BYTES, 3]);
  assert.equal(stats.longLines, 1);
  assert.equal(stats.truncated, true, "the last line has no newline and is not dumpsys' duration line");

  const garbled = newSectionStats();
  await sectionText(memoryFile("d", Uint8Array.from([...enc.encode("DUMP OF SERVICE x:\nok\n"), 0xff, 0xfe, 0x00, 10])), serviceSection("x"), garbled);
  assert.equal(garbled.garbledLines, 1);
  assert.equal(sectionWarning(garbled, "x"), "1 line(s) of the x section are not UTF-8 text (garbled?); the records read before it are kept");
  assert.match(sectionWarning(stats, "adb")!, /^The file ends inside the adb section.*; 1 line\(s\) of the adb section were longer than/);
  assert.equal(sectionWarning(newSectionStats(), "x"), undefined);

  const done = newSectionStats();
  await sectionText(text("DUMP OF SERVICE x:\na\n--------- 0.001s was the duration of dumpsys x, ending at: 2024-03-21 11:07:22"), serviceSection("x"), done);
  assert.equal(done.truncated, false, "ending on dumpsys' duration line without a newline is normal");
});

test("hostile input: a line past MAX_RUN_BYTES stops reading at its start, after the records before it; one warning per file", async () => {
  // 64 MiB of NUL bytes in 1 MiB chunks after a section: reading stops MAX_RUN_BYTES into the run, not at its end.
  const nul = new Uint8Array(1 << 20);
  const head = enc.encode(`DUMP OF SERVICE appops:\n  Uid 0:\n`);
  const chunks = [head, ...Array(64).fill(nul), enc.encode(`\n${DUMPSYS_DELIMITER}\n`)];
  const { file, seen } = chunked(chunks);
  const first = newSectionStats();
  assert.equal(await sectionText(file, serviceSection("appops"), first), "  Uid 0:", "the lines before the run are kept; the run is not a line");
  assert.equal(first.stoppedAt, head.length);
  assert.ok(seen.cancelled && seen.pulled <= 3 + MAX_RUN_BYTES / nul.length, `stopped inside the run: pulled ${seen.pulled} of 66`);
  assert.match(sectionWarning(first, "appops")!, new RegExp(`^The file is not line text from byte ${head.length} on \\(a line longer than ${MAX_RUN_BYTES} bytes`));
  // A second module reading the same file stops at the same place and says nothing more (one warning per file).
  const second = newSectionStats();
  file.stream = chunked(chunks).file.stream; // the same file object, read again from its start
  await sectionText(file, serviceSection("package"), second);
  assert.equal(second.stoppedAt, head.length);
  assert.equal(second.wholeFile, false, "a stopped read is not taken for a loose capture and read again");
  assert.equal(sectionWarning(second, "package"), undefined);
});

test("hostile input: a section past MAX_SECTION_BYTES is cut there (reading stops) with a warning", async () => {
  const mib = enc.encode(("y".repeat(1023) + "\n").repeat(1024)); // 1 MiB of 1 KiB lines
  const chunks = [enc.encode("DUMP OF SERVICE package:\n"), ...Array(MAX_SECTION_BYTES / mib.length + 8).fill(mib), enc.encode(`${DUMPSYS_DELIMITER}\n`)];
  const { file, seen } = chunked(chunks);
  const stats = newSectionStats();
  let lines = 0;
  for await (const l of sectionBytes(file, serviceSection("package"), stats)) lines += l.length === 1023 ? 1 : 0;
  assert.equal(lines, MAX_SECTION_BYTES / 1024, "every line up to the bound, none after");
  assert.ok(seen.cancelled && seen.pulled <= 3 + MAX_SECTION_BYTES / mib.length, `pulled ${seen.pulled} of ${chunks.length}`);
  assert.equal(sectionWarning(stats, "package"), `The package section is longer than ${MAX_SECTION_BYTES} bytes: only its first ${MAX_SECTION_BYTES} bytes were read; the records read before it are kept`);
});
