/** Version grammar: dotted versions, iOS builds, patch levels, the affected_range texts of known-exploited.json. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  compareIosBuilds, comparePatchLevels, compareVersionText, isAffected, parseFixed, parseIosBuild, parseOtherFix, parsePatchLevel, parseRange,
  parseVersion, rangeFixes,
} from "./versions.ts";

test("dotted versions: numeric order, missing parts are 0, a separator-led suffix is ignored", () => {
  assert.deepEqual(parseVersion("2.19.20"), [2, 19, 20]);
  assert.deepEqual(parseVersion("116.0.5845.179"), [116, 0, 5845, 179]);
  assert.deepEqual(parseVersion("16.5.1 (a)"), [16, 5, 1]);
  assert.deepEqual(parseVersion("2.24.3.76-beta"), [2, 24, 3, 76]);
  assert.deepEqual(parseVersion(14), [14]);
  assert.equal(compareVersionText("14.3", "14.10"), -1);
  assert.equal(compareVersionText("17.0", "17"), 0);
  assert.equal(compareVersionText("2.19.134", "2.19.51"), 1);
  assert.equal(compareVersionText("2.19.20", "2.19.51"), -1);
});

test("odd version strings are unknown, never a throw", () => {
  for (const odd of ["", "abc", "14.3.", "1..2", "14,3", "1.2.3.4.5.6.7.8.9", "9".repeat(12), "x".repeat(10_000), -1, 1.5, null, undefined, {}, [], NaN]) {
    assert.equal(parseVersion(odd), undefined, String(odd));
    assert.equal(compareVersionText(odd, "1.0"), undefined);
  }
});

test("iOS builds: major, train letter, build number, suffix", () => {
  assert.deepEqual(parseIosBuild("18C66"), { major: 18, train: "C", build: 66, suffix: "" });
  assert.deepEqual(parseIosBuild("20F75c"), { major: 20, train: "F", build: 75, suffix: "c" });
  assert.equal(compareIosBuilds("18C66", "18G69"), -1); // 14.3 < 14.7
  assert.equal(compareIosBuilds("20H240", "20G75"), 1);
  assert.equal(compareIosBuilds("20F75", "20F75c"), -1);
  assert.equal(compareIosBuilds("19A346", "19A346"), 0);
  for (const odd of ["", "18c66", "C66", "18C", "14.3", 18]) assert.equal(parseIosBuild(odd), undefined, String(odd));
  assert.equal(compareIosBuilds("18C66", "nope"), undefined);
});

test("Android security patch levels: YYYY-MM-DD, a bulletin month means its first day, odd dates unknown", () => {
  assert.equal(parsePatchLevel("2021-11-05"), "2021-11-05");
  assert.equal(parsePatchLevel("2019-10"), "2019-10-01");
  assert.equal(comparePatchLevels("2021-11-01", "2021-11-05"), -1);
  assert.equal(comparePatchLevels("2025-02-05", "2025-02-05"), 0);
  for (const odd of ["2021-13-01", "2021-00-10", "2021-11-32", "1999-01-01", "05/11/2021", "2021-11-05T00:00", "", 20211105]) {
    assert.equal(parsePatchLevel(odd), undefined, String(odd));
  }
  assert.equal(comparePatchLevels("soon", "2021-11-05"), undefined);
});

test("ranges: '<X' and '>=A <B'", () => {
  const wa = parseRange("<2.19.51");
  assert.equal(isAffected("2.19.20", wa), "affected");
  assert.equal(isAffected("2.19.51", wa), "not-affected");
  assert.equal(isAffected("2.20.1", wa), "not-affected");
  const window = parseRange(">=2.22.25.2 <2.25.21.73");
  assert.equal(isAffected("2.22.25.1", window), "not-affected");
  assert.equal(isAffected("2.22.25.2", window), "affected");
  assert.equal(isAffected("2.25.21.72", window), "affected");
  assert.equal(isAffected("2.25.21.73", window), "not-affected");
  assert.equal(isAffected("weird", window), "unknown");
});

test("ranges: '(reported)', '(N.x)' branch clauses, '(and 17.0)'", () => {
  const kismet = parseRange("<=13.5.1 (reported)")!;
  assert.equal(kismet.reported, true);
  assert.equal(isAffected("13.5.1", kismet), "affected");
  assert.equal(isAffected("13.6", kismet), "not-affected");
  const tri = parseRange("<15.7.7 (15.x) / <16.5.1 (16.x)");
  assert.equal(isAffected("15.7.6", tri), "affected");
  assert.equal(isAffected("15.7.7", tri), "not-affected");
  assert.equal(isAffected("16.5", tri), "affected");
  assert.equal(isAffected("16.5.1", tri), "not-affected");
  assert.equal(isAffected("14.3", tri), "affected", "older lines than every branch are affected");
  assert.equal(isAffected("17.1", tri), "not-affected", "newer lines are not");
  assert.deepEqual(rangeFixes(tri!), [[15, 7, 7], [16, 5, 1]]);
  const predator = parseRange("<16.7 (and 17.0)");
  assert.equal(isAffected("16.6.1", predator), "affected");
  assert.equal(isAffected("17.0", predator), "affected");
  assert.equal(isAffected("17.0.0", predator), "affected");
  assert.equal(isAffected("17.0.1", predator), "not-affected");
});

test("also_fixed_in: a fix on the version's own major line", () => {
  const forcedentry = parseRange("<14.8");
  const fixes = [parseOtherFix("12.5.5")!.v];
  assert.equal(isAffected("12.5.4", forcedentry, fixes), "affected");
  assert.equal(isAffected("12.5.5", forcedentry, fixes), "not-affected");
  assert.equal(isAffected("14.7.1", forcedentry, fixes), "affected");
  assert.deepEqual(parseOtherFix("iPadOS 17.7.10"), { os: "iPadOS", v: [17, 7, 10] });
  assert.deepEqual(parseOtherFix("17.0.1 (Safari 17)"), { os: undefined, v: [17, 0, 1] });
  assert.deepEqual(parseOtherFix("26.7.2 (for devices staying on iOS 26)"), { os: undefined, v: [26, 7, 2] });
  assert.equal(parseOtherFix("soon"), undefined);
});

test("patch-level ranges and fixed versions as the JSON writes them", () => {
  const uvc = parseRange("SPL < 2025-02-05")!;
  assert.equal(uvc.kind, "patch-level");
  assert.equal(isAffected("2025-01-05", uvc), "affected");
  assert.equal(isAffected("2025-02-05", uvc), "not-affected");
  assert.equal(isAffected("Feb 2025", uvc), "unknown");
  assert.equal(isAffected("2021-10-05", parseRange("security patch level < 2021-11 bulletin")), "affected");
  assert.equal(isAffected("2019-10-01", parseRange("kernels without the Dec-2017 upstream fix; SPL < 2019-10 bulletin")), "not-affected");
  assert.equal(isAffected("2026-02-05", parseRange("SPL < 2026-03-05 (about 235 Qualcomm chipsets)")), "affected");
  assert.deepEqual(parseFixed("Android security patch level 2021-11-01/05 (bulletin 2021-11-01; exact SPL not verified)", "patch-level"), [2021, 11, 1]);
  assert.deepEqual(parseFixed("14.0 (reported: exploit did not work against iOS 14)", "version"), [14, 0]);
  assert.equal(parseFixed("Samsung SMR Apr-2025 Release 1", "version"), undefined);
});

test("free-text or malformed ranges are unknown (cannot be checked), never a throw", () => {
  for (const odd of [
    "Qualcomm chipsets before October 2024 Qualcomm bulletin (60+ chipsets incl. Snapdragon 8 Gen 1, 865, 888, 660, 680)",
    "Samsung Android 13-15 builds before SMR Apr-2025 Release 1", "", "<", "<<1.2", "<1.2 <1.3", ">=1 >=2", "SPL < 2025-13-01", null, 42, "(",
    "<1.0 / ", "a".repeat(5000),
  ]) {
    assert.equal(parseRange(odd), undefined, String(odd));
    assert.equal(isAffected("1.0", parseRange(odd)), "unknown");
  }
});

test("every affected_range in the shipped list parses or is knowingly free text", () => {
  const rows = JSON.parse(readFileSync(new URL("../../data/known-exploited.json", import.meta.url), "utf8")) as { affected_range: string | null }[];
  const free = rows.filter((r) => r.affected_range !== null && !parseRange(r.affected_range)).map((r) => r.affected_range);
  assert.deepEqual(free, [
    "Qualcomm chipsets before October 2024 Qualcomm bulletin (60+ chipsets incl. Snapdragon 8 Gen 1, 865, 888, 660, 680)",
    "Samsung Android 13-15 builds before SMR Apr-2025 Release 1",
  ]);
});
