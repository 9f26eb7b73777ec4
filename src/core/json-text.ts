/**
 * Pieces of JSON text that artifact modules and the result writers both make (base64 for bytes, a string list at a
 * record's member depth): kept here, below both, so modules never import the outputs layer.
 */

/** A list of strings as JSON.stringify(…, 4) writes it as a member of a record in a list. */
export function stringListJson(list: readonly string[]): string {
  return list.length ? `[\n            ${list.map((x) => JSON.stringify(x)).join(",\n            ")}\n        ]` : "[]";
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Every 12-bit value as its two base64 characters: 3 bytes become 4 characters in two lookups.
const B64_PAIRS = Array.from({ length: 4096 }, (_, i) => B64[i >> 6]! + B64[i & 63]!);

/** Standard base64 with padding (as Python's base64 and btoa write it); ~5× faster than btoa on 300-byte blobs. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = "";
  const whole = bytes.length - (bytes.length % 3);
  let i = 0;
  for (; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64_PAIRS[v >> 12]! + B64_PAIRS[v & 4095]!;
  }
  if (bytes.length - whole === 1) out += B64_PAIRS[bytes[i]! << 4]! + "==";
  else if (bytes.length - whole === 2) {
    const v = (bytes[i]! << 8) | bytes[i + 1]!;
    out += B64_PAIRS[v >> 4]! + B64[(v & 15) << 2]! + "=";
  }
  return out;
}
