/**
 * Text from the evidence made safe to print: a terminal executes control characters, so an SMS holding
 * `ESC [2J` or an OSC title sequence would repaint the analyst's screen (even paint a fake verdict), and bidi
 * overrides reorder what is shown. Every such character is written visibly instead (`\x1b`, `\u202e`): what
 * was in the evidence stays readable, nothing is executed. Escaping is one-way (a literal backslash is kept as
 * it is): this is for people reading, the JSON and CSV results keep the exact text.
 *
 * Escaped: C0 (U+0000–001F) except a line break where the caller allows several lines, DEL, C1 (U+0080–009F),
 * the bidi marks, embeddings, overrides and isolates (U+061C, U+200E/200F, U+202A–202E, U+2066–2069) and the
 * Unicode line and paragraph separators (U+2028/2029), which some terminals treat as line breaks.
 */

// One class, used twice: with and without the line feed.
const UNSAFE = "\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069";
const UNSAFE_ONE_LINE = new RegExp(`[\\n${UNSAFE}]`, "g");
const UNSAFE_MULTI_LINE = new RegExp(`[${UNSAFE}]`, "g");
// In JSON text C0 is already escaped by JSON.stringify; the rest stays raw there.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every control and bidi character written visibly. A line break is kept only with
 * `{ multiline: true }` (a field meant to hold several lines); otherwise it reads `\x0a`, so one evidence field
 * can never start a line of its own that looks like Spyglass's.
 */
export function terminalSafe(text: string, opts: { multiline?: boolean } = {}): string {
  return text.replace(opts.multiline ? UNSAFE_MULTI_LINE : UNSAFE_ONE_LINE, escapeChar);
}

/** JSON text for a terminal: the same characters as JSON `\u` escapes, so it still parses to the same data. */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
