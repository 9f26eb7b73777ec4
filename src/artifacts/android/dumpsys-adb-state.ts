/**
 * Trusted ADB host keys from the `adb` dumpsys section's indented `debugging_manager={…}` dump (bugreport
 * dumpstate, AndroidQF dumpsys.txt; Android 11–16): `user_keys` (adb_keys lines) and `keystore` (the
 * adb_temp_keys.xml text with last-connection times, or its binary ABX form kept raw).
 */
import { defineArtifact } from "../../core/artifact.ts";
import { SpyglassError } from "../../core/errors.ts";
import type { Finding } from "../../core/events.ts";
import { fromUnixMillis } from "../../core/time.ts";
import { newSectionStats, sectionBytes, sectionWarning, serviceSection } from "../../formats/dumpsys.ts";

/** One trusted key: MD5 fingerprint of the decoded key, upper-case hex with ":" (as Android shows it). */
export interface AdbKey {
  user: string;
  fingerprint: string;
  /** The base64 key as printed. */
  key: string;
  /** Keystore entries only: epoch milliseconds as printed. */
  last_connected?: string;
}

export type AdbValue = string | string[] | AdbKey[] | { [key: string]: AdbValue };

/** The `debugging_manager` dict, user_keys turned into AdbKey objects, keystore into AdbKey objects when it is XML. */
export type AdbStateRecord = { [key: string]: AdbValue };

/** The adb dump is a few KB; 16 MiB and 32 levels bound a hostile one. */
const MAX_SECTION_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 32;
/** Values that continue on the following lines until a blank line (file contents dumped raw). */
const MULTILINE = new Set(["user_keys", "keystore"]);
/** A line that starts a new field of the dump ("connected_to_adb=true"); base64 key lines start upper-case. */
const FIELD = /^[a-z_][a-z0-9_]*=/;

const strict = new TextDecoder("utf-8", { fatal: true });

/** Bytes as text the way MVT writes them (Python: UTF-8, each invalid byte as the text "\xNN"). */
export function bytesText(b: Uint8Array): string {
  try {
    return strict.decode(b);
  } catch {
    let out = "";
    for (let i = 0; i < b.length; ) {
      const n = utf8Length(b, i);
      if (n) {
        out += strict.decode(b.subarray(i, i + n));
        i += n;
      } else out += `\\x${b[i++]!.toString(16).padStart(2, "0")}`;
    }
    return out;
  }
}

/** Length of the valid UTF-8 sequence at i, or 0. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (!n || i + n > b.length) return 0;
  const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
  const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
  if (b[i + 1]! < lo || b[i + 1]! > hi) return 0;
  for (let k = 2; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return n;
}

/**
 * The indented `key=value` / `key={ … }` dump (Android's DualDumpOutputStream). A multi-line value ends at a
 * blank line, a "}" or a line that starts another field at its indent or less.
 */
export function parseIndentedDump(lines: readonly string[]): { [key: string]: AdbValue } {
  const root: { [key: string]: AdbValue } = {};
  const stack = [root];
  let multi: { list: string[]; indent: number } | undefined;
  for (const line of lines) {
    const text = line.trimStart();
    const indent = line.length - text.length;
    if (multi) {
      const ends = text === "" || text.trimEnd() === "}" || (indent <= multi.indent && FIELD.test(text));
      if (!ends) {
        multi.list.push(text);
        continue;
      }
      multi = undefined;
    }
    const t = text.trimEnd();
    if (t === "") continue;
    if (t === "}") {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const eq = text.indexOf("=");
    if (eq < 0) continue;
    const key = text.slice(0, eq);
    const value = text.slice(eq + 1);
    const cur = stack[stack.length - 1]!;
    if (value.trimEnd() === "{") {
      if (stack.length > MAX_DEPTH) throw new SpyglassError("E_LIMIT", `the adb dump nests deeper than ${MAX_DEPTH} levels`);
      const child: { [key: string]: AdbValue } = {};
      cur[key] = child;
      stack.push(child);
    } else if (MULTILINE.has(key)) {
      const list = [value];
      cur[key] = list;
      multi = { list, indent };
    } else cur[key] = value;
  }
  return root;
}

/** "BASE64 user@host" → {user, fingerprint, key}; a key that is not base64 gets an empty fingerprint. */
export function keyInfo(line: string): AdbKey {
  const space = line.indexOf(" ");
  const key = space < 0 ? line : line.slice(0, space);
  const user = space < 0 ? "" : line.slice(space + 1);
  let fingerprint = "";
  try {
    const raw = Uint8Array.from(atob(key.replace(/[^A-Za-z0-9+/=]/g, "")), (c) => c.charCodeAt(0));
    fingerprint = hex(md5(raw)).toUpperCase().replace(/(..)(?!$)/g, "$1:");
  } catch {
    // not base64: flagged by the ADB key rules below when an acquisition context is known
  }
  return { user, fingerprint, key };
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e]!);

/** `<adbKey key="BASE64 user" lastConnection="ms" />` entries of a text keystore, or undefined if it is not XML. */
export function keystoreEntries(text: string): AdbKey[] | undefined {
  if (!text.includes("<adbKey")) return undefined;
  const out: AdbKey[] = [];
  for (const m of text.matchAll(/<adbKey\b([^>]*)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]!] = unescapeXml(a[2]!);
    out.push({ ...keyInfo(attrs.key ?? ""), last_connected: attrs.lastConnection ?? "" });
  }
  return out;
}

/** The record from the section's lines: the `{ … }` body, debugging_manager with keys decoded; undefined if absent. */
export function adbState(lines: readonly string[]): AdbStateRecord | undefined {
  const open = lines.findIndex((l) => l.startsWith("{"));
  if (open < 0) return undefined;
  let close = lines.length;
  while (close > open + 1 && lines[close - 1]!.trim() !== "}") close--;
  // No closing brace (a cut file): read to the end.
  const dm = parseIndentedDump(lines.slice(open + 1, close > open + 1 ? close - 1 : lines.length)).debugging_manager;
  if (dm === undefined || typeof dm !== "object" || Array.isArray(dm)) return undefined;
  const record: AdbStateRecord = { ...dm };
  const userKeys = Array.isArray(dm.user_keys) ? (dm.user_keys as string[]) : [];
  record.user_keys = userKeys.filter((k) => k.trim() !== "").map(keyInfo);
  if (Array.isArray(dm.keystore)) record.keystore = keystoreEntries((dm.keystore as string[]).join("\n")) ?? dm.keystore;
  return record;
}

// ---- trusted-key rules, with the AndroidQF acquisition context (MVT DumpsysADBState.check_indicators) ----

/** What AndroidQF records about its own run (acquisition.json): when it started and its adb host key. */
export interface AcquisitionContext {
  started?: unknown;
  adb_host_public_key?: unknown;
}

const keyMaterial = (v: unknown) => (typeof v === "string" ? v.trim().split(" ")[0]! : "");
/** Python base64.b64decode(validate=True) succeeds with a non-empty result. */
const validKey = (k: string) => k.length > 0 && k.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(k) && !/^=/.test(k) && k.replace(/=+$/, "").length > 1;
const DAY_MS = 86_400_000;

/** ISO 8601 ("2025-06-20T18:00:00Z", also without a zone = UTC) → epoch ms, or undefined. */
export function isoMillis(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(v.trim());
  if (!m) return undefined;
  let ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3)));
  const zone = m[8];
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
  }
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The alerts for trusted keys given AndroidQF's context (none without one): each unique key (keystore entries
 * first, for their times) that is not base64 → LOW; when AndroidQF's own key is unknown → LOW; a different key
 * → LOW; AndroidQF's own key last used ≥ 1 day before the acquisition → INFORMATIONAL (an earlier session).
 */
export function adbKeyFindings(records: readonly AdbStateRecord[], context: AcquisitionContext | undefined): Finding[] {
  if (context === undefined) return [];
  const ctx = context !== null && typeof context === "object" ? context : {};
  let own = keyMaterial(ctx.adb_host_public_key);
  if (own && !validKey(own)) own = "";
  const started = isoMillis(ctx.started);
  const cutoff = started === undefined ? undefined : started - DAY_MS;
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of records) {
    const candidates = [...(Array.isArray(r.keystore) ? r.keystore : []), ...(Array.isArray(r.user_keys) ? r.user_keys : [])];
    for (const k of candidates) {
      if (k === null || typeof k !== "object") continue;
      const key = keyMaterial(k.key);
      const identity = key || JSON.stringify(k);
      if (seen.has(identity)) continue;
      seen.add(identity);
      const description = `${k.fingerprint || "<unknown key>"} (${k.user || "unknown user"})`;
      const last = /^-?\d+$/.test(String(k.last_connected ?? "").trim()) ? Number(String(k.last_connected).trim()) : undefined;
      const at = last === undefined ? "" : fromUnixMillis(last);
      const low = (message: string) => out.push({ level: "LOW", message, event: k, event_time: at });
      if (!validKey(key)) low(`Found an invalid trusted ADB host key: ${description}`);
      else if (!own) low(`Found a trusted ADB host key, but the AndroidQF acquisition does not include its host key: ${description}`);
      else if (key !== own) low(`Found a trusted ADB host key different from the AndroidQF acquisition host: ${description}`);
      else if (cutoff !== undefined && last !== undefined && last <= cutoff) {
        out.push({ level: "INFORMATIONAL", message: `Found a trusted ADB host key last connected at least one day before the AndroidQF acquisition: ${description}`, event: k, event_time: at });
      }
    }
  }
  return out;
}

export default defineArtifact<AdbStateRecord>({
  id: "android.dumpsys-adb-state",
  platform: "android",
  mvt: "DumpsysADBState",
  slug: "dumpsys_adb_state",
  description: "Computers trusted for USB/Wi-Fi debugging: ADB keys and last connections (dumpsys adb)",
  sources: [
    { from: "bugreport", glob: "@dumpstate" },
    { from: "androidqf", glob: "dumpsys.txt" },
  ],
  async *parse({ file }, ctx) {
    const stats = newSectionStats();
    const lines: string[] = [];
    let bytes = 0;
    for await (const raw of sectionBytes(file, serviceSection("adb"), stats)) {
      bytes += raw.length + 1;
      if (bytes > MAX_SECTION_BYTES) throw new SpyglassError("E_LIMIT", `the adb section is over ${MAX_SECTION_BYTES} bytes`);
      lines.push(bytesText(raw));
    }
    const record = stats.found || stats.wholeFile ? adbState(lines) : undefined;
    const warning = [stats.found && !record && "The adb section has no debugging_manager dump (unexpected format)", sectionWarning(stats, "adb")]
      .filter(Boolean)
      .join("; ");
    if (warning) ctx.warn(warning);
    if (!record) return;
    yield record;
    // AndroidQF's context (acquisition.json) is needed to tell its own key from others; without it, no alerts.
    if ("androidqf_acquisition" in ctx.device) {
      for (const f of adbKeyFindings([record], (ctx.device.androidqf_acquisition ?? {}) as AcquisitionContext)) ctx.alert(f);
    }
  },
});

// ---- MD5 (RFC 1321): fingerprints only; WebCrypto has no MD5 ----

const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

export function md5(data: Uint8Array): Uint8Array {
  const total = Math.ceil((data.length + 9) / 64) * 64;
  const buf = new Uint8Array(total);
  buf.set(data);
  buf[data.length] = 0x80;
  const view = new DataView(buf.buffer);
  view.setUint32(total - 8, (data.length * 8) >>> 0, true);
  view.setUint32(total - 4, Math.floor(data.length / 0x20000000), true);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let off = 0; off < total; off += 64) {
    let [a, b, c, d] = h as [number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const r = i >> 4;
      const f = r === 0 ? (b & c) | (~b & d) : r === 1 ? (d & b) | (~d & c) : r === 2 ? b ^ c ^ d : c ^ (b | ~d);
      const g = r === 0 ? i : r === 1 ? (5 * i + 1) % 16 : r === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
      const sum = (f + a + K[i]! + view.getUint32(off + 4 * g, true)) >>> 0;
      const s = S[(r << 2) | (i & 3)]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
  }
  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  h.forEach((v, i) => ov.setUint32(4 * i, v, true));
  return out;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
