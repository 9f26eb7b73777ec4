/**
 * Word lists as tries, for "is this text one or two lure words?" (lureSeq in lookalike-words.ts), asked O(n²) times
 * per never-seen name: walking a trie over the text's own characters replaces a substring and a Set lookup per split
 * point (the largest cost of the popular techniques on never-seen hosts, profiled), with the same answers.
 */

interface Trie {
  /** Child of a node by character class (0: no child); node 0 is the root. */
  readonly next: Int32Array;
  /** Classes per node: the distinct characters of the words, plus one for "none of them". */
  readonly width: number;
  /** Character code → class (0 when no word holds it). */
  readonly cls: Uint8Array;
  readonly terminal: Uint8Array;
}

function build(words: ReadonlySet<string>): Trie {
  const cls = new Uint8Array(65536);
  let width = 1;
  let nodes = 1;
  for (const w of words) {
    nodes += w.length;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (!cls[c]) cls[c] = width++;
    }
  }
  if (width > 255) throw new RangeError("word list alphabet above 254 characters");
  const next = new Int32Array(nodes * width);
  const terminal = new Uint8Array(nodes);
  let used = 1;
  for (const w of words) {
    let node = 0;
    for (let i = 0; i < w.length; i++) {
      const at = node * width + cls[w.charCodeAt(i)]!;
      node = next[at] || (next[at] = used++);
    }
    terminal[node] = 1;
  }
  return { next, width, cls, terminal };
}

/** Tries by word set: the lists are constants, built once on first use. */
const TRIES = new Map<ReadonlySet<string>, Trie>();
const trieOf = (words: ReadonlySet<string>) => TRIES.get(words) ?? (TRIES.set(words, build(words)), TRIES.get(words)!);

/** Whether s[from, to) is a word of the trie. */
function isWord(t: Trie, s: string, from: number, to: number): boolean {
  let node = 0;
  for (let i = from; i < to; i++) {
    const c = t.cls[s.charCodeAt(i)]!;
    node = c ? t.next[node * t.width + c]! : 0;
    if (!node) return false;
  }
  return t.terminal[node] === 1;
}

/**
 * Whether s[from, to) is empty, a word, or (max ≥ 2) two words of 2+ letters each: what `lureSeq(s.slice(from, to),
 * max, words)` answers, without the substrings.
 */
export function wordSeqIn(s: string, from: number, to: number, max: number, words: ReadonlySet<string>): boolean {
  if (from >= to) return true;
  const t = trieOf(words);
  let node = 0;
  for (let i = from; i < to; i++) {
    const c = t.cls[s.charCodeAt(i)]!;
    node = c ? t.next[node * t.width + c]! : 0;
    if (!node) return false;
    if (t.terminal[node] !== 1) continue;
    const end = i + 1;
    if (end === to) return true;
    if (max >= 2 && end - from >= 2 && to - end >= 2 && isWord(t, s, end, to)) return true;
  }
  return false;
}
