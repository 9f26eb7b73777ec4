import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { SpyglassError } from "../core/errors.ts";
import { decodeTombstone } from "./tombstone-pb.ts";

const PB = new URL("../../../shared/peer-artifacts/mvt/android_data/tombstone_process.pb", import.meta.url).pathname;

// A tiny protobuf writer for the tests (varints, length-delimited fields).
const varint = (n: bigint): number[] => {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return out;
};
const num = (field: number, n: number | bigint) => [...varint(BigInt(field << 3)), ...varint(BigInt(n))];
const len = (field: number, body: number[] | Uint8Array) => [...varint(BigInt((field << 3) | 2)), ...varint(BigInt(body.length)), ...body];
const str = (field: number, s: string) => len(field, [...new TextEncoder().encode(s)]);

test("MVT's tombstone_process.pb: the fields of a crash record (EXPECTED §2: same values as the text tombstone)", () => {
  const t = decodeTombstone(readFileSync(PB));
  assert.equal(t.arch, "ARM32");
  assert.equal(t.build_fingerprint, "Redmi/rosemary_global/rosemary:12/SP1A.210812.016/V13.0.13.0.SKLMIXM:user/release-keys");
  assert.equal(t.timestamp, "2023-04-12 12:32:40.518290770+0200");
  assert.deepEqual([t.pid, t.tid, t.uid, t.process_uptime], [25541, 21307, 1046, 0]);
  assert.deepEqual(t.command_line, ["/vendor/bin/hw/android.hardware.media.c2@1.2-mediatek"]);
  assert.deepEqual(t.signal_info, { number: 0, name: "SIGSEGV", code: 1, code_name: "SEGV_MAPERR" });
  assert.deepEqual(t.causes, [{ human_readable: "null pointer dereference", memory_error: null }]);
  assert.equal(t.abort_message, "");
  assert.equal(t.threads.find((th) => th.id === t.tid)?.name, "mtk.ape.decoder");
});

test("a re-serialized tombstone: a later abort_message wins (proto3), negative int32, memory errors, unknown fields skipped", () => {
  const fixed32 = [...varint(BigInt((977 << 3) | 5)), 1, 2, 3, 4];
  const fixed64 = [...varint(BigInt((976 << 3) | 1)), 1, 2, 3, 4, 5, 6, 7, 8];
  const withFixed = Uint8Array.from([
    ...readFileSync(PB),
    ...str(14, "synthetic abort reason"),
    ...len(10, [...num(1, 6), ...str(2, "SIGABRT"), ...num(3, -1), ...str(4, "SI_QUEUE")]),
    ...len(15, [...str(1, "use-after-free"), ...len(2, [...num(1, 1), ...num(2, 1), ...len(3, [...num(1, 0xb400007a12345678n), ...num(2, 32)])])]),
    ...num(999, 5), ...len(998, [1, 2, 3]), ...fixed32, ...fixed64,
  ]);
  const t = decodeTombstone(withFixed);
  assert.equal(t.abort_message, "synthetic abort reason");
  assert.deepEqual(t.signal_info, { number: 6, name: "SIGABRT", code: -1, code_name: "SI_QUEUE" });
  assert.deepEqual(t.causes[1], {
    human_readable: "use-after-free",
    memory_error: { tool: "SCUDO", type: "USE_AFTER_FREE", heap: { address: String(0xb400007a12345678n), size: "32", allocation_tid: "0", deallocation_tid: "0" } },
  });
  assert.equal(t.pid, 25541, "fields before the appended ones are kept");
});

test("hostile input: truncated, lengths past the end, groups and 11-byte varints are E_CORRUPT with the offset", () => {
  const whole = readFileSync(PB);
  const bad: [string, Uint8Array][] = [
    ["truncated", whole.subarray(0, 1000)],
    ["length past the end", Uint8Array.from(len(2, [1, 2, 3]).slice(0, -1))],
    ["group wire type", Uint8Array.from([(5 << 3) | 3])],
    ["varint too long", Uint8Array.from([(5 << 3) | 0, ...Array(10).fill(0xff), 1])],
    ["field 0", Uint8Array.from([0, 1])],
  ];
  for (const [what, bytes] of bad) {
    assert.throws(() => decodeTombstone(bytes), (e: unknown) => e instanceof SpyglassError && e.code === "E_CORRUPT" && /at byte \d+/.test(e.message), what);
  }
  assert.deepEqual(decodeTombstone(new Uint8Array()).command_line, [], "an empty message is all defaults");
});
