import { test } from "node:test";
import assert from "node:assert/strict";
import { globMatch } from "./glob.ts";

test("* stays in one segment, ** crosses segments, literals are literal", () => {
  assert.ok(globMatch("*/getprop.txt", "acq/getprop.txt"));
  assert.ok(!globMatch("*/getprop.txt", "a/b/getprop.txt"));
  assert.ok(globMatch("**/getprop.txt", "a/b/getprop.txt"));
  assert.ok(globMatch("**/getprop.txt", "getprop.txt"));
  assert.ok(globMatch("settings_*.txt", "settings_secure.txt"));
  assert.ok(!globMatch("settings_*.txt", "settings_secure.txt.bak"));
  assert.ok(!globMatch("a.b", "axb"), "the dot is literal");
  assert.ok(globMatch("private/var/mobile/Containers/Data/Application/*/Library/Safari/History.db", "private/var/mobile/Containers/Data/Application/ABC/Library/Safari/History.db"));
});
