/** XML property lists: a flat tokenizer with an explicit frame stack (nesting costs heap, never call stack). */
import { SpyglassError } from "../core/errors.ts";
import { chars, MAX_SAFE, MIN_SAFE, PLIST_MAX_DEPTH, PLIST_MAX_OBJECTS, PlistUid, setKey, utf8, type PlistDict, type PlistValue } from "./plist-value.ts";

export function decodeXmlBytes(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder("utf-16le").decode(b.subarray(2));
  return b[0] === 0xfe && b[1] === 0xff ? chars(b, 2, (b.length - 2) >> 1, true) : utf8.decode(b); // utf8 strips its BOM
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const END_TAG = /<\/([A-Za-z_][\w.:-]*)\s*>/y;
const ENTITY = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const LEAVES = new Set(["key", "string", "integer", "real", "date", "data", "true", "false"]);

type Frame =
  | { kind: "plist"; value: PlistValue; has: boolean }
  | { kind: "array"; items: PlistValue[] }
  | { kind: "dict"; obj: PlistDict; key: string | undefined };

/** A flat tokenizer with an explicit frame stack: nesting costs heap, never call stack, and is capped at PLIST_MAX_DEPTH. */
export function parseXml(src: string, file: string | undefined): PlistValue {
  const fail = (msg: string, code: "E_CORRUPT" | "E_LIMIT" = "E_CORRUPT"): never => {
    throw new SpyglassError(code, `XML plist: ${msg}`, { file });
  };
  const n = src.length;
  const stack: Frame[] = [];
  let [i, depth, objects] = [0, 0, 0]; // depth counts open array/dict frames
  let [root, hasRoot]: [PlistValue, boolean] = [null, false];

  const skipPast = (terminator: string, what: string): void => {
    const e = src.indexOf(terminator, i);
    i = e < 0 ? fail(`unterminated ${what}`) : e + terminator.length;
  };
  // Finds the '>' closing a tag or declaration, skipping quoted values and (for <!DOCTYPE) a [...] internal
  // subset, which is skipped and never interpreted: no entity expansion, so no entity bombs.
  const tagEnd = (from: number): number => {
    let [bracket, quote] = [0, 0];
    for (let k = from; k < n; k++) {
      const c = src.charCodeAt(k);
      if (quote) quote = c === quote ? 0 : quote;
      else if (c === 34 || c === 39) quote = c;
      else if (c === 91 || c === 93) bracket += c === 91 ? 1 : -1;
      else if (c === 62 && bracket <= 0) return k;
    }
    return fail("unterminated tag or declaration");
  };
  const entities = (s: string): string =>
    s.indexOf("&") < 0
      ? s
      : s.replace(ENTITY, (_m, e: string) => {
          if (e.charCodeAt(0) !== 35) return NAMED[e] ?? fail(`unknown entity &${e};`);
          const cp = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
          return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : fail(`bad character reference &${e};`);
        });
  const readEndTag = (): string => {
    END_TAG.lastIndex = i;
    const name = END_TAG.exec(src)?.[1] ?? fail(`malformed end tag at offset ${i}`);
    return (i = END_TAG.lastIndex), name;
  };
  // Text content of a leaf element up to its end tag: entities decoded, CDATA literal, comments dropped.
  const readText = (name: string): string => {
    const parts: string[] = [];
    for (;;) {
      const lt = src.indexOf("<", i);
      if (lt < 0) fail(`unterminated <${name}>`);
      if (lt > i) parts.push(entities(src.slice(i, lt)));
      i = lt;
      if (src.startsWith("<![CDATA[", i)) {
        const e = src.indexOf("]]>", i + 9);
        if (e < 0) fail("unterminated CDATA");
        parts.push(src.slice(i + 9, e));
        i = e + 3;
      } else if (src.startsWith("<!--", i)) skipPast("-->", "comment");
      else if (!src.startsWith("</", i)) fail(`unexpected element inside <${name}>`);
      else if (readEndTag() !== name) fail(`mismatched end tag inside <${name}>`);
      else return parts.length === 1 ? (parts[0] as string) : parts.join("");
    }
  };

  const add = (v: PlistValue): void => {
    if (++objects > PLIST_MAX_OBJECTS) fail(`more than ${PLIST_MAX_OBJECTS} objects`, "E_LIMIT");
    const f = stack[stack.length - 1];
    if (!f) {
      if (hasRoot) fail("more than one top-level value");
      [root, hasRoot] = [v, true];
    } else if (f.kind === "array") f.items.push(v);
    else if (f.kind === "dict") {
      if (f.key === undefined) fail("dict value without a <key>");
      setKey(f.obj, f.key as string, v);
      f.key = undefined;
    } else {
      if (f.has) fail("<plist> holds more than one value");
      [f.value, f.has] = [v, true];
    }
  };

  const open = (name: string, selfClosing: boolean): void => {
    if (name === "plist") {
      if (stack.length || hasRoot || selfClosing) fail("misplaced or empty <plist>");
      stack.push({ kind: "plist", value: null, has: false });
    } else if (name === "array" || name === "dict") {
      if (selfClosing) return add(name === "array" ? [] : {});
      if (++depth > PLIST_MAX_DEPTH) fail(`nesting deeper than ${PLIST_MAX_DEPTH}`, "E_LIMIT");
      stack.push(name === "array" ? { kind: "array", items: [] } : { kind: "dict", obj: {}, key: undefined });
    } else if (!LEAVES.has(name)) fail(`unknown element <${name}>`);
    else if (name !== "key") add(leafValue(name, selfClosing ? "" : readText(name), fail));
    else {
      const f = stack[stack.length - 1];
      if (f?.kind !== "dict" || f.key !== undefined) return fail("misplaced <key>");
      f.key = selfClosing ? "" : readText(name);
    }
  };

  const close = (name: string): void => {
    const f = stack.pop();
    if (!f || f.kind !== name) return fail(`unexpected </${name}>`);
    if (f.kind === "plist") {
      if (!f.has) fail("empty <plist>");
      return void ([root, hasRoot] = [f.value, true]);
    }
    depth--;
    if (f.kind === "array") return add(f.items);
    if (f.key !== undefined) fail(`<key>${f.key.slice(0, 40)}</key> without a value`);
    // CF writes keyed-archiver references in XML as <dict><key>CF$UID</key><integer>N</integer></dict>.
    const uid = f.obj["CF$UID"];
    if (typeof uid === "number" && Number.isInteger(uid) && uid >= 0 && Object.keys(f.obj).length === 1) return add(new PlistUid(uid));
    add(f.obj);
  };

  for (;;) {
    const lt = src.indexOf("<", i);
    if (!/^\s*$/.test(src.slice(i, lt < 0 ? n : lt))) fail(`unexpected text at offset ${i}`);
    if (lt < 0) break;
    i = lt;
    if (src.startsWith("<?", i)) skipPast("?>", "processing instruction");
    else if (src.startsWith("<!--", i)) skipPast("-->", "comment");
    else if (src.startsWith("<!", i)) i = tagEnd(i + 2) + 1;
    else if (src.startsWith("</", i)) close(readEndTag());
    else {
      NAME.lastIndex = i + 1;
      const name = NAME.exec(src)?.[0] ?? fail(`malformed tag at offset ${i}`);
      const j = tagEnd(NAME.lastIndex);
      i = j + 1;
      open(name, src.charCodeAt(j - 1) === 47);
    }
  }
  if (stack.length) fail("unexpected end of document");
  if (!hasRoot) fail("no value");
  return root;
}

function leafValue(name: string, raw: string, fail: (msg: string) => never): PlistValue {
  const t = raw.trim();
  switch (name) {
    case "string":
      return raw;
    case "true": case "false":
      return t === "" ? name === "true" : fail(`<${name}> must be empty`);
    case "integer": {
      // 40 characters hold any 128-bit value and keep BigInt() away from megabyte-long digit strings.
      if (t.length > 40 || !/^[+-]?([0-9]+|0x[0-9a-f]+)$/i.test(t)) fail(`bad integer "${t.slice(0, 40)}"`);
      const mag = BigInt(t.replace(/^[+-]/, "")); // BigInt() rejects a sign in front of "0x"
      const big = t[0] === "-" ? -mag : mag;
      return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
    }
    case "real": {
      const r = t.toLowerCase();
      if (r === "nan") return NaN;
      if (/^[+-]?inf(inity)?$/.test(r)) return r[0] === "-" ? -Infinity : Infinity;
      if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$/.test(r)) fail(`bad real "${t.slice(0, 40)}"`);
      return Number(r);
    }
    case "date": {
      const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(t);
      // A zone-less timestamp would otherwise be read in the host's local zone; plists mean UTC.
      const d = m ? new Date(m[2] ? t : `${t}Z`) : undefined;
      return d && !Number.isNaN(d.getTime()) ? d : fail(`bad date "${t.slice(0, 40)}"`);
    }
    case "data": {
      let bin = "";
      try { bin = atob(raw.replace(/\s+/g, "")); } catch { fail("bad base64 in <data>"); }
      const out = new Uint8Array(bin.length);
      for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
      return out;
    }
  }
  return fail(`unknown element <${name}>`);
}
