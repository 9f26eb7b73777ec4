/** Epoch conversions into MVT's canonical timestamp text "YYYY-MM-DD HH:MM:SS.ffffff" (UTC). */
import { ExactInteger } from "./exact-int.ts";

const APPLE_EPOCH_OFFSET = 978307200; // seconds from 1970-01-01 to 2001-01-01
const WEBKIT_EPOCH_OFFSET_US = 11644473600_000000; // microseconds from 1601-01-01 to 1970-01-01

const isExact = (v: unknown): v is ExactInteger => v instanceof ExactInteger;

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad(i));
// The date part of the last day formatted: records come in time order, so most share their day with the one before.
let lastDay = NaN;
let lastDate = "";

/** Formats microseconds since the Unix epoch; "" for non-finite input or a date outside years 1–9999. */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us)) return "";
  const ms = Math.floor(us / 1000);
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    const d = new Date(day * DAY_MS);
    const y = d.getUTCFullYear();
    if (Number.isNaN(d.getTime()) || y < 1 || y > 9999) return "";
    lastDate = `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `;
    lastDay = day;
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const micro = Math.round(us - ms * 1000) + (rest - s * 1000) * 1000;
  return lastDate + TWO_DIGITS[h] + ":" + TWO_DIGITS[m] + ":" + TWO_DIGITS[s] + "." + (micro < 1e6 ? String(micro + 1e6).slice(1) : String(micro));
}

/** Unix seconds (int, float or numeric string) → canonical text. */
export function fromUnix(seconds: unknown): string {
  const s = toNumber(seconds);
  if (s === undefined) return "";
  return formatMicros(Math.round(s * 1e6));
}

/** Unix milliseconds → canonical text. */
export function fromUnixMillis(ms: unknown): string {
  const v = toNumber(ms);
  return v === undefined ? "" : formatMicros(Math.round(v * 1000));
}

/**
 * Apple absolute time (seconds since 2001-01-01 UTC) → canonical text. As MVT does, an integer of exactly
 * 18 digits is a nanosecond value (sms.db `date` since iOS 11) and keeps its first 9 digits; 0 or null give "".
 */
export function fromAppleTime(value: unknown): string {
  if (value === null || value === undefined || value === 0 || value === "") return "";
  if (typeof value === "bigint" && value === 0n) return "";
  if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value)) || typeof value === "string" || isExact(value)) {
    const digits = String(value);
    if (/^\d{18}$/.test(digits)) return fromUnix(Number(digits.slice(0, 9)) + APPLE_EPOCH_OFFSET);
  }
  const s = toNumber(value);
  return s === undefined ? "" : fromUnix(s + APPLE_EPOCH_OFFSET);
}

/** Chrome/WebKit time: microseconds since 1601-01-01. */
export function fromWebkitTime(us: unknown): string {
  const v = toNumber(us);
  if (v === undefined || v === 0) return "";
  return formatMicros(v - WEBKIT_EPOCH_OFFSET_US);
}

/** A JS Date → canonical text (UTC). */
export function fromDate(d: Date): string {
  return formatMicros(d.getTime() * 1000);
}

/** Parses "YYYY-MM-DDTHH:MM:SSZ" (iTunesMetadata purchaseDate) and similar ISO strings. */
export function fromIsoString(text: unknown): string {
  if (typeof text !== "string" || text === "") return "";
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? "" : formatMicros(ms * 1000);
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  if (v instanceof Date) return v.getTime() / 1000;
  if (isExact(v)) return Number(v.digits);
  return undefined;
}

export const APPLE_EPOCH = APPLE_EPOCH_OFFSET;

const HOUR_MS = 3_600_000;

/**
 * A converter from microseconds since 1970 to canonical wall-clock text in an IANA zone (Android timestamps are
 * device-local), with Intl only, so it runs in a browser too. Throws RangeError for an unknown zone. Offsets are
 * cached per hour: an hour whose two ends share an offset has no transition inside it (zones change offset at most
 * once in an hour); otherwise each instant is resolved.
 */
export function localClock(timeZone: string): (micros: number) => string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return formatMicros;
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  });
  const offsetAt = (ms: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(ms)) if (part.type !== "literal") p[part.type] = Number(part.value);
    // setUTCFullYear, not Date.UTC: the latter maps years 0–99 to 1900–1999.
    const wall = new Date(0);
    wall.setUTCFullYear(p.year!, p.month! - 1, p.day!);
    wall.setUTCHours(p.hour!, p.minute!, p.second!, 0);
    return wall.getTime() - Math.floor(ms / 1000) * 1000;
  };
  const cache = new Map<number, number | null>();
  return (micros) => {
    if (!Number.isFinite(micros)) return "";
    const ms = Math.floor(micros / 1000);
    const hour = Math.floor(ms / HOUR_MS);
    let offset = cache.get(hour);
    if (offset === undefined) {
      const a = offsetAt(hour * HOUR_MS);
      offset = a === offsetAt((hour + 1) * HOUR_MS - 1000) ? a : null;
      if (cache.size > 100_000) cache.clear();
      cache.set(hour, offset);
    }
    const off = offset ?? offsetAt(ms);
    return Number.isNaN(off) ? "" : formatMicros(micros + off * 1000);
  };
}
