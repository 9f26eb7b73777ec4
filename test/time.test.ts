/** Canonical timestamp text: the fast formatter (day cached) against Date's own fields, and MVT's Apple-time rules. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatMicros, fromAppleTime, fromUnix, fromWebkitTime } from "../src/core/time.ts";

/** Every field from Date, nothing cached: what formatMicros must equal. */
function reference(us: number): string {
  if (!Number.isFinite(us)) return "";
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || y < 1 || y > 9999) return "";
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const micro = Math.round(us - ms * 1000) + (ms - Math.floor(ms / 1000) * 1000) * 1000;
  return `${p(y, 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(micro, 6)}`;
}

test("formatMicros equals Date's fields for any instant, in any order (the cached day never leaks)", () => {
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const span = 253402300800e6; // year 1 to 9999, in microseconds, both sides of 1970
  const values: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const base = (rnd() * 2 - 1) * span;
    // Whole, fractional and sub-microsecond values; runs within one day and jumps across days.
    values.push(Math.round(base), base, Math.round(base) + 0.5, Math.round(base) + 86_399_999_999 * rnd());
  }
  // Edges: midnight, the last microsecond of a day, before 1970, the supported range's ends and past them.
  values.push(0, -1, -0.4, 86_400e6 - 1, 86_400e6, 1e6 - 0.4, 999_999.6, -62135596800e6, -62135596800e6 - 1, 253402300799999999, 253402300800e6, NaN, Infinity, -Infinity);
  for (const us of values) assert.equal(formatMicros(us), reference(us), String(us));
});

test("Apple, Unix and WebKit times as MVT writes them", () => {
  assert.equal(fromAppleTime(0), "");
  assert.equal(fromAppleTime(null), "");
  assert.equal(fromAppleTime(631152000), "2021-01-01 00:00:00.000000");
  assert.equal(fromAppleTime(631152000.25), "2021-01-01 00:00:00.250000");
  // 18 digits: nanoseconds, of which MVT keeps the first 9 (whole seconds).
  assert.equal(fromAppleTime("631152030123456789"), "2021-01-01 00:00:30.000000");
  assert.equal(fromAppleTime(631152030123456789n), "2021-01-01 00:00:30.000000");
  assert.equal(fromUnix(1_700_000_000.123456), "2023-11-14 22:13:20.123456");
  assert.equal(fromUnix("bad"), "");
  assert.equal(fromWebkitTime(13_350_000_000_000_000), "2024-01-17 21:20:00.000000");
  assert.equal(fromWebkitTime(0), "");
});
