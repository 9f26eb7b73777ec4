/** One error type for everything Spyglass reports: a code, the file it concerns, and the cause. */

export type ErrorCode =
  | "E_NOT_FOUND"
  | "E_CORRUPT"
  | "E_ENCRYPTED"
  | "E_BAD_PASSWORD"
  | "E_LIMIT"
  | "E_SCHEMA"
  | "E_USAGE"
  | "E_INDICATORS";

export class SpyglassError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  constructor(code: ErrorCode, message: string, opts: { file?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "SpyglassError";
    this.code = code;
    this.file = opts.file;
  }
}

/** A one-line description of any thrown value, for warnings: never a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof SpyglassError) return err.file ? `${err.file}: ${err.message}` : err.message;
  if (err instanceof Error) return err.message.split("\n")[0] ?? String(err);
  return String(err);
}
