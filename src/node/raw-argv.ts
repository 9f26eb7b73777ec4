/**
 * Command-line paths that are not valid UTF-8. Linux file names are bytes; Node decodes argv as UTF-8 and turns each
 * invalid byte into U+FFFD, so such a path names nothing ("does not exist"). The bytes are still in
 * /proc/self/cmdline: an argument that names an existing file or folder by its bytes is replaced by
 * /proc/self/fd/N, a descriptor opened on it and kept for the run. That string leads the kernel to the same file
 * for every reader (fs, SQLite, worker threads), and paths below it stay plain strings.
 */
import { openSync, readFileSync } from "node:fs";

const REPLACEMENT = "\uFFFD";

/** `argv` (process.argv: node, script, arguments) with each mangled path argument replaced by a descriptor path. */
export function recoverRawPaths(argv: readonly string[], cmdline = "/proc/self/cmdline"): string[] {
  const out = [...argv];
  if (!argv.some((a) => a.includes(REPLACEMENT))) return out;
  let raw: Buffer[];
  try {
    const all = readFileSync(cmdline);
    raw = [];
    for (let at = 0; at < all.length; ) {
      const end = all.indexOf(0, at);
      raw.push(all.subarray(at, end < 0 ? all.length : end));
      at = end < 0 ? all.length : end + 1;
    }
  } catch {
    return out; // no /proc (not Linux): names there are UTF-8 anyway
  }
  // The arguments are the last entries of both (cmdline also holds node's own options, before the script).
  for (let k = 0; k < argv.length - 2 && k < raw.length; k++) {
    const i = argv.length - 1 - k;
    const bytes = raw[raw.length - 1 - k]!;
    if (!argv[i]!.includes(REPLACEMENT) || bytes.toString("utf8") !== argv[i] || bytes.equals(Buffer.from(argv[i]!))) continue;
    try {
      out[i] = `/proc/self/fd/${openSync(bytes, "r")}`; // a folder opens read-only too; kept open until exit
    } catch {
      // not an existing path (an option value, a folder to create): left as it was
    }
  }
  return out;
}
