/** The worker's errors in words: the browser's own failures (a full disk, a file gone) named for people. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SpyglassError } from "../core/errors.ts";
import { sentence } from "./sentence.ts";

test("a full disk (OPFS refusing more), a file read back failing, an evidence error, anything else: one sentence each", () => {
  assert.match(sentence(new DOMException("quota", "QuotaExceededError")), /^The browser has no room left on this computer's disk .* Free some disk space/);
  assert.match(sentence(new DOMException("gone", "NotReadableError")), /^The browser could not read a file back/);
  assert.equal(sentence(new SpyglassError("E_CORRUPT", "truncated zip", { file: "a.zip" })), "a.zip: truncated zip");
  assert.equal(sentence(new TypeError("x is undefined")), "The analysis stopped on an unexpected error: x is undefined");
});
