/**
 * The items of a JSON list, read from its lines one at a time: alerts.json can hold 10^6 alerts (~1.5 GB), more than a
 * string or the heap can hold at once. Each item's text is cut out by tracking strings and brackets, then parsed
 * alone; only one item is held. Malformed text throws a SyntaxError, as JSON.parse would.
 */

/** Thrown when the text is not a JSON list (its first character is not "["): the caller reads it whole instead. */
export class NotAJsonList extends Error {}

const QUOTE = 34;
const BACKSLASH = 92;
const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;
/** Inside an object or list item only quotes and brackets matter: the others are skipped in a tight loop. */
const STRUCTURE = new Uint8Array(128);
for (const c of '"{}[]') STRUCTURE[c.charCodeAt(0)] = 1;

/** Items of the list in `lines` (lines without their ends, as readline gives them). */
export async function* jsonListItems(lines: AsyncIterable<string>): AsyncGenerator<unknown> {
  let started = false;
  let ended = false;
  let depth = 0; // inside the item being read
  let inItem = false;
  let scalar = false; // the item is a number, string, true, false or null: it ends at "," or "]"
  let pieces: string[] = [];
  const take = (text: string): unknown => {
    pieces.push(text);
    const item = pieces.join("\n");
    pieces = [];
    inItem = false;
    return JSON.parse(item);
  };
  for await (const line of lines) {
    let from = 0; // where the current item's text starts on this line
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === QUOTE) {
        // A string: skip to its closing quote (strings hold no line break in JSON).
        if (!started) throw new NotAJsonList();
        if (ended) throw new SyntaxError("Unexpected non-whitespace character after JSON");
        if (!inItem) {
          inItem = true;
          scalar = true;
          from = i;
        }
        let q = i;
        for (;;) {
          q = line.indexOf('"', q + 1);
          if (q < 0) throw new SyntaxError("Unterminated string in JSON");
          let slashes = 0;
          while (line.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
          if (slashes % 2 === 0) break;
        }
        i = q;
        continue;
      }
      if (isSpace(c)) continue;
      if (ended) throw new SyntaxError("Unexpected non-whitespace character after JSON");
      if (!started) {
        if (c !== 91) throw new NotAJsonList();
        started = true;
        continue;
      }
      if (!inItem) {
        if (c === 44) continue; // ","
        if (c === 93) {
          ended = true; // "]": the list's end
          continue;
        }
        inItem = true;
        scalar = c !== 123 && c !== 91;
        depth = 0;
        from = i;
      }
      if (scalar) {
        if (c === 44 || c === 93) {
          yield take(line.slice(from, i));
          if (c === 93) ended = true;
        }
        continue;
      }
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (--depth === 0) {
          yield take(line.slice(from, i + 1));
          continue;
        }
      }
      // Still inside the item: on to its next quote or bracket (the loop's i++ steps onto it).
      let j = i + 1;
      for (let k = line.charCodeAt(j); j < line.length && (k >= 128 || STRUCTURE[k] === 0); k = line.charCodeAt(++j));
      i = j - 1;
    }
    if (inItem) pieces.push(line.slice(from));
  }
  if (!started) throw new NotAJsonList();
  if (!ended) throw new SyntaxError("Unexpected end of JSON input");
}
