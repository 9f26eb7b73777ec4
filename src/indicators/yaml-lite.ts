// A reader for the small YAML subset indicator lists use (Echap's ioc.yaml, mvt-indicators' indicators.yaml):
// block mappings and block sequences by indentation, plain or quoted scalars, comments. No anchors, tags, flow
// collections or multi-line scalars: those throw, so a list we cannot read is refused rather than half-read.
// Runs in browsers too: no Node imports.
import { SpyglassError } from "../core/errors.ts";

export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  readonly indent: number;
  readonly text: string;
  readonly no: number;
}

const MAX_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 32;

/** Drops a comment: `#` at the start or after a space, outside quotes. */
function stripComment(s: string): string {
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || s[i - 1] === " " || s[i - 1] === "\t")) return s.slice(0, i);
  }
  return s;
}

function scalar(raw: string, where: string): string {
  const s = raw.trim();
  if (s.length >= 2 && ((s[0] === "'" && s.endsWith("'")) || (s[0] === '"' && s.endsWith('"')))) {
    return s[0] === "'" ? s.slice(1, -1).replace(/''/g, "'") : s.slice(1, -1).replace(/\\(["\\])/g, "$1");
  }
  if (/^[[{&*!|>%@`]/.test(s)) throw new SpyglassError("E_SCHEMA", `${where}: YAML feature not supported here: ${JSON.stringify(s.slice(0, 40))}`);
  return s;
}

/** `key: value` (a space may precede the colon, as in ioc.yaml's `- name : jjspy`); undefined for a plain item. */
function splitKey(text: string): [string, string] | undefined {
  const m = /^([A-Za-z0-9_.-]+)\s*:(?:\s+(.*))?$/.exec(text);
  return m ? [m[1]!, m[2] ?? ""] : undefined;
}

export function parseYamlLite(text: string, file: string): YamlValue {
  if (text.length > MAX_BYTES) throw new SpyglassError("E_LIMIT", `${file}: larger than ${MAX_BYTES} bytes`, { file });
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.includes("\t") && /^\s*\t/.test(raw)) throw new SpyglassError("E_SCHEMA", `${file}:${i + 1}: tab indentation`, { file });
    const body = stripComment(raw).trimEnd();
    if (body.trim() === "" || body.trim() === "---") return;
    const indent = body.length - body.trimStart().length;
    lines.push({ indent, text: body.trimStart(), no: i + 1 });
  });
  let pos = 0;
  const at = (l: Line) => `${file}:${l.no}`;

  function block(indent: number, depth: number): YamlValue {
    if (depth > MAX_DEPTH) throw new SpyglassError("E_LIMIT", `${file}: nested deeper than ${MAX_DEPTH}`, { file });
    const first = lines[pos]!;
    return first.text === "-" || first.text.startsWith("- ") ? sequence(indent, depth) : mapping(indent, depth);
  }

  /** The value after `key:` or `- `: inline, a nested block, or "" when nothing follows. */
  function valueAfter(inline: string, parentIndent: number, depth: number, l: Line): YamlValue {
    if (inline.trim() !== "") return scalar(inline, at(l));
    const next = lines[pos];
    // A sequence may sit at its key's own indent (`key:\n- item`), as YAML allows.
    if (next && (next.indent > parentIndent || (next.indent === parentIndent && (next.text === "-" || next.text.startsWith("- "))))) {
      return block(next.indent, depth + 1);
    }
    return "";
  }

  function mapping(indent: number, depth: number): YamlValue {
    const out: Record<string, YamlValue> = Object.create(null);
    while (pos < lines.length && lines[pos]!.indent === indent && !lines[pos]!.text.startsWith("- ") && lines[pos]!.text !== "-") {
      const l = lines[pos++]!;
      const kv = splitKey(l.text);
      if (!kv) throw new SpyglassError("E_SCHEMA", `${at(l)}: expected "key: value"`, { file });
      out[kv[0]] = valueAfter(kv[1], indent, depth, l);
    }
    return out;
  }

  function sequence(indent: number, depth: number): YamlValue {
    const out: YamlValue[] = [];
    while (pos < lines.length && lines[pos]!.indent === indent && (lines[pos]!.text === "-" || lines[pos]!.text.startsWith("- "))) {
      const l = lines[pos++]!;
      const rest = l.text.slice(1).trimStart();
      if (rest === "") {
        out.push(valueAfter("", indent, depth, l));
      } else if (splitKey(rest)) {
        // `- key: value` opens a mapping whose other keys align with `key`.
        const inner = indent + (l.text.length - rest.length);
        lines.splice(pos - 1, 1, { indent: inner, text: rest, no: l.no });
        pos--;
        out.push(mapping(inner, depth + 1));
      } else out.push(scalar(rest, at(l)));
    }
    return out;
  }

  if (lines.length === 0) return "";
  const root = block(lines[0]!.indent, 0);
  if (pos < lines.length) throw new SpyglassError("E_SCHEMA", `${at(lines[pos]!)}: unexpected indentation`, { file });
  return root;
}
