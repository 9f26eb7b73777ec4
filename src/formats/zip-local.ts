/**
 * A zip whose central directory is gone (a copy cut short: the directory is at the end) read from its local headers,
 * front to back: each member's header gives its name and sizes, its data follows. Stops at the first member whose
 * sizes come only after its data (bit 3, streamed writers) or that the cut runs through, saying so; the members
 * before it are read as from a whole zip (the same checks, bounds and random access).
 */
import { SpyglassError } from "../core/errors.ts";
import type { SourceFile } from "../core/source.ts";
import { decodeName, dosTime, makeArchive, refusal, safeArchivePath, SIG_LOCAL, u64, ZIP_LIMITS } from "./zip.ts";
import type { SkippedEntry, ZipArchive, ZipEntry, ZipOptions } from "./zip.ts";

/** The archive of the members found, and why the scan stopped before the end (one line), if it did. */
export async function scanZipLocal(file: SourceFile, opts: ZipOptions = {}): Promise<ZipArchive & { stopped?: string }> {
  const limits = { ...ZIP_LIMITS, ...opts.limits };
  const kept = new Map<string, ZipEntry>();
  const skipped: SkippedEntry[] = [];
  const warnings: string[] = [];
  let stopped: string | undefined;
  let total = 0;
  let at = 0;
  let members = 0;
  while (at + 30 <= file.size) {
    const h = await file.slice(at, at + 30);
    const dv = new DataView(h.buffer, h.byteOffset, h.length);
    if (dv.getUint32(0, true) !== SIG_LOCAL) break; // the central directory's start, or the end of what is left
    if (++members > limits.entries) throw new SpyglassError("E_LIMIT", `the zip holds more than ${limits.entries} members`, { file: file.path });
    const [flags, method, time, date, crc] = [dv.getUint16(6, true), dv.getUint16(8, true), dv.getUint16(10, true), dv.getUint16(12, true), dv.getUint32(14, true)];
    let [csize, size] = [dv.getUint32(18, true), dv.getUint32(22, true)];
    const [nameLen, extraLen] = [dv.getUint16(26, true), dv.getUint16(28, true)];
    const tail = await file.slice(at + 30, at + 30 + nameLen + extraLen);
    if (tail.length < nameLen + extraLen) {
      stopped = `the zip is cut inside the header of its member ${members}`;
      break;
    }
    const rawName = decodeName(tail.subarray(0, nameLen), (flags & 0x800) !== 0);
    const ev = new DataView(tail.buffer, tail.byteOffset, tail.length);
    // A local ZIP64 field holds both sizes (inflated first) when either is saturated.
    for (let e = nameLen; e + 4 <= tail.length; e += 4 + ev.getUint16(e + 2, true)) {
      if (ev.getUint16(e, true) === 0x0001 && ev.getUint16(e + 2, true) >= 16 && e + 20 <= tail.length) [size, csize] = [u64(ev, e + 4), u64(ev, e + 12)];
    }
    if (flags & 0x8) {
      stopped = `member "${rawName}" and the ones after it could not be read: their sizes are written after their data, and the central directory that repeats them is missing`;
      break;
    }
    const header = at;
    const start = at + 30 + nameLen + extraLen;
    if (start + csize > file.size) {
      stopped = `member "${rawName}" is cut short (${csize} bytes declared, ${file.size - start} left)`;
      break;
    }
    at = start + csize;
    const safe = safeArchivePath(rawName);
    const isDir = rawName.endsWith("/");
    const reason = "reason" in safe ? (isDir && safe.reason === "its name is empty" ? "" : `unsafe name: ${safe.reason}`) : isDir ? undefined : refusal(flags, method, size, csize, total, limits);
    if (reason !== undefined || "reason" in safe) {
      if (reason) {
        skipped.push({ name: rawName, reason });
        warnings.push(`skipped member "${rawName}": ${reason}`);
      }
      continue;
    }
    if (!isDir) total += size;
    kept.delete(safe.path);
    kept.set(safe.path, { name: safe.path, rawName, isDir, method, size, compressedSize: csize, crc32: crc, mtime: dosTime(date, time), headerOffset: header });
  }
  if (!stopped && at < file.size && at + 30 > file.size) stopped = `the zip is cut inside the header of its member ${members + 1}`;
  return Object.assign(makeArchive(file, [...kept.values()], skipped, warnings, limits, opts.spill), stopped ? { stopped } : {});
}
