/** A file-system error as one plain sentence naming the path, never Node's "ENOENT: no such file…" text. */

const PLAIN: Record<string, string> = {
  ENOENT: "does not exist",
  EACCES: "cannot be used: permission denied",
  EPERM: "cannot be used: operation not permitted",
  EEXIST: "already exists",
  ENOTDIR: "cannot be used: a part of the path is a file, not a folder",
  EISDIR: "is a folder, not a file",
  EROFS: "cannot be written: the disk is read-only",
  ENOSPC: "cannot be written: the disk is full",
  EDQUOT: "cannot be written: the disk quota is used up",
  ENAMETOOLONG: "is too long a name for this system",
  ELOOP: "cannot be used: too many symbolic links",
  EBUSY: "cannot be used: it is busy",
  EMFILE: "cannot be opened: too many files open",
  EIO: "cannot be read or written: input/output error",
};

/** The sentence for a Node file-system error (`code` and `path`), else undefined. */
export function plainFsError(err: unknown): string | undefined {
  const e = err as { code?: unknown; path?: unknown; dest?: unknown } | null;
  if (!e || typeof e.code !== "string" || !(e.code in PLAIN)) return undefined;
  const path = typeof e.dest === "string" && e.code === "EEXIST" ? e.dest : typeof e.path === "string" ? e.path : undefined;
  return path ? `${path} ${PLAIN[e.code]}` : `a file ${PLAIN[e.code]}`;
}
