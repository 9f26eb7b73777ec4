/** HTML escaping for the report: every string from the evidence is hostile (an SMS can hold "<script>"). */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for an element body or a double-quoted attribute value. Non-strings are stringified first. */
export function esc(value: unknown): string {
  const s = typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON for a `<script type="application/json">` block: "<" is written as \u003c so no "</script" or "<!--"
 * can end the block early; U+2028/2029 likewise (harmless in JSON, not in older JS parsers).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Escapes `text` and wraps each case-insensitive occurrence of `needle` in <mark> (the matched indicator). */
export function escMark(text: string, needle: string): string {
  if (!needle || needle.length < 2) return esc(text);
  const lower = text.toLowerCase();
  const n = needle.toLowerCase();
  // Lower-casing can change lengths ("İ" → "i̇"): then the indexes would not line up, so no marks.
  if (lower.length !== text.length || n.length !== needle.length) return esc(text);
  let out = "";
  let at = 0;
  for (let i = lower.indexOf(n); i >= 0; i = lower.indexOf(n, i + n.length)) {
    out += esc(text.slice(at, i)) + "<mark>" + esc(text.slice(i, i + n.length)) + "</mark>";
    at = i + n.length;
  }
  return out + esc(text.slice(at));
}

/** Shortens text to `max` characters (by code point) with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cps = Array.from(text);
  return cps.length <= max ? text : cps.slice(0, max).join("") + "…";
}
