/**
 * A minimal protobuf wire-format reader for Android's native-crash tombstones (`tombstone_NN.pb`, Android 12+;
 * AOSP `system/core/debuggerd/proto/tombstone.proto`, as vendored by MVT in `android/parsers/proto/`). Only
 * the fields a crash record needs are decoded; every other field is skipped by its wire type, so newer
 * Android versions with more fields still parse. Hostile input is bounded: lengths must fit the buffer and
 * messages nest at most MAX_DEPTH deep.
 */
import { SpyglassError } from "../core/errors.ts";

/** Deepest message nesting followed (Tombstone → Cause → MemoryError → HeapObject is 4). */
export const MAX_DEPTH = 16;
/** Most repeated entries kept per field (threads, causes, command-line words): a crash has tens, not millions. */
export const MAX_REPEATED = 100_000;

/** Tombstone.arch (enum Architecture); an unknown number is kept as its digits. */
export const ARCHITECTURES = ["ARM32", "ARM64", "X86", "X86_64", "RISCV64", "NONE"] as const;
const MEMORY_TOOLS = ["GWP_ASAN", "SCUDO"] as const;
const MEMORY_ERROR_TYPES = ["UNKNOWN", "USE_AFTER_FREE", "DOUBLE_FREE", "INVALID_FREE", "BUFFER_OVERFLOW", "BUFFER_UNDERFLOW"] as const;

export interface PbSignal {
  number: number;
  name: string;
  code: number;
  code_name: string;
}

/** Cause.memory_error (64-bit addresses as decimal strings: JSON numbers cannot hold them exactly). */
export interface PbMemoryError {
  tool: string;
  type: string;
  heap: { address: string; size: string; allocation_tid: string; deallocation_tid: string } | null;
}

export interface PbCause {
  human_readable: string;
  memory_error: PbMemoryError | null;
}

/** The decoded subset of message Tombstone; absent scalars have proto3 defaults (0, "", []). */
export interface PbTombstone {
  arch: string;
  build_fingerprint: string;
  revision: string;
  timestamp: string;
  pid: number;
  tid: number;
  uid: number;
  selinux_label: string;
  command_line: string[];
  process_uptime: number;
  signal_info: PbSignal | null;
  abort_message: string;
  causes: PbCause[];
  /** Thread id → name (map<uint32, Thread> threads = 16). */
  threads: { id: number; name: string }[];
}

const utf8 = new TextDecoder("utf-8");

/** A cursor over one message's bytes. */
class Reader {
  pos: number;
  constructor(readonly buf: Uint8Array, start: number, readonly end: number, readonly depth: number) {
    this.pos = start;
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
  fail(what: string): never {
    throw new SpyglassError("E_CORRUPT", `not a valid tombstone protobuf: ${what} at byte ${this.pos}`);
  }
  /** A varint as two 32-bit halves (protobuf varints carry up to 64 bits). */
  varint(): { lo: number; hi: number } {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail("varint runs past the end");
      const b = this.buf[this.pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (!(b & 0x80)) return { lo: lo >>> 0, hi: hi >>> 0 };
    }
    return this.fail("varint longer than 10 bytes");
  }
  u32(): number {
    return this.varint().lo >>> 0;
  }
  i32(): number {
    return this.varint().lo | 0;
  }
  u64(): string {
    const { lo, hi } = this.varint();
    return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  }
  bytes(): Uint8Array {
    const len = this.u32();
    if (len > this.end - this.pos) this.fail("length runs past the end");
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  string(): string {
    return utf8.decode(this.bytes());
  }
  sub(): Reader {
    if (this.depth + 1 > MAX_DEPTH) this.fail(`messages nested deeper than ${MAX_DEPTH}`);
    const len = this.u32();
    if (len > this.end - this.pos) this.fail("length runs past the end");
    const r = new Reader(this.buf, this.pos, this.pos + len, this.depth + 1);
    this.pos += len;
    return r;
  }
  /** Field number and wire type of the next field. */
  tag(): { field: number; wire: number } {
    const t = this.u32();
    const field = t >>> 3;
    if (field === 0) this.fail("field number 0");
    return { field, wire: t & 7 };
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.advance(8);
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.advance(4);
    else this.fail(`unsupported wire type ${wire}`); // 3/4 = deprecated groups, unused by tombstone.proto
  }
  advance(n: number): void {
    if (n > this.end - this.pos) this.fail("field runs past the end");
    this.pos += n;
  }
}

/** Reads each field of a message; `on` returns false for fields it does not want, which are skipped. */
function fields(r: Reader, on: (field: number, wire: number) => boolean): void {
  while (!r.done) {
    const { field, wire } = r.tag();
    if (!on(field, wire)) r.skip(wire);
  }
}

function push<T>(list: T[], v: T): void {
  if (list.length >= MAX_REPEATED) throw new SpyglassError("E_LIMIT", `more than ${MAX_REPEATED} repeated entries in a tombstone`);
  list.push(v);
}

const enumName = (names: readonly string[], n: number) => names[n] ?? String(n);

function signal(r: Reader): PbSignal {
  const s: PbSignal = { number: 0, name: "", code: 0, code_name: "" };
  fields(r, (f, w) => {
    if (f === 1 && w === 0) s.number = r.i32();
    else if (f === 2 && w === 2) s.name = r.string();
    else if (f === 3 && w === 0) s.code = r.i32();
    else if (f === 4 && w === 2) s.code_name = r.string();
    else return false;
    return true;
  });
  return s;
}

function memoryError(r: Reader): PbMemoryError {
  const m: PbMemoryError = { tool: MEMORY_TOOLS[0], type: MEMORY_ERROR_TYPES[0], heap: null };
  fields(r, (f, w) => {
    if (f === 1 && w === 0) m.tool = enumName(MEMORY_TOOLS, r.i32());
    else if (f === 2 && w === 0) m.type = enumName(MEMORY_ERROR_TYPES, r.i32());
    else if (f === 3 && w === 2) {
      const h = { address: "0", size: "0", allocation_tid: "0", deallocation_tid: "0" };
      const hr = r.sub();
      fields(hr, (hf, hw) => {
        if (hw !== 0) return false;
        if (hf === 1) h.address = hr.u64();
        else if (hf === 2) h.size = hr.u64();
        else if (hf === 3) h.allocation_tid = hr.u64();
        else if (hf === 5) h.deallocation_tid = hr.u64();
        else return false;
        return true;
      });
      m.heap = h;
    } else return false;
    return true;
  });
  return m;
}

function cause(r: Reader): PbCause {
  const c: PbCause = { human_readable: "", memory_error: null };
  fields(r, (f, w) => {
    if (f === 1 && w === 2) c.human_readable = r.string();
    else if (f === 2 && w === 2) c.memory_error = memoryError(r.sub());
    else return false;
    return true;
  });
  return c;
}

/** One `threads` map entry: key (uint32) → Thread {id = 1, name = 2}. */
function threadEntry(r: Reader): { id: number; name: string } {
  let key = 0;
  let id: number | undefined;
  let name = "";
  fields(r, (f, w) => {
    if (f === 1 && w === 0) key = r.u32();
    else if (f === 2 && w === 2) {
      const t = r.sub();
      fields(t, (tf, tw) => {
        if (tf === 1 && tw === 0) id = t.i32();
        else if (tf === 2 && tw === 2) name = t.string();
        else return false;
        return true;
      });
    } else return false;
    return true;
  });
  return { id: id ?? key, name };
}

/** Decodes a tombstone protobuf; throws E_CORRUPT (with the byte offset) on malformed wire data. */
export function decodeTombstone(buf: Uint8Array): PbTombstone {
  const t: PbTombstone = {
    arch: ARCHITECTURES[0], build_fingerprint: "", revision: "", timestamp: "", pid: 0, tid: 0, uid: 0, selinux_label: "",
    command_line: [], process_uptime: 0, signal_info: null, abort_message: "", causes: [], threads: [],
  };
  const r = new Reader(buf, 0, buf.length, 0);
  fields(r, (f, w) => {
    if (w === 0) {
      if (f === 1) t.arch = enumName(ARCHITECTURES, r.i32());
      else if (f === 5) t.pid = r.u32();
      else if (f === 6) t.tid = r.u32();
      else if (f === 7) t.uid = r.u32();
      else if (f === 20) t.process_uptime = r.u32();
      else return false;
    } else if (w === 2) {
      if (f === 2) t.build_fingerprint = r.string();
      else if (f === 3) t.revision = r.string();
      else if (f === 4) t.timestamp = r.string();
      else if (f === 8) t.selinux_label = r.string();
      else if (f === 9) push(t.command_line, r.string());
      else if (f === 10) t.signal_info = signal(r.sub());
      else if (f === 14) t.abort_message = r.string();
      else if (f === 15) push(t.causes, cause(r.sub()));
      else if (f === 16) push(t.threads, threadEntry(r.sub()));
      else return false;
    } else return false;
    return true;
  });
  return t;
}
