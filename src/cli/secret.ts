/**
 * The backup password or key file for a command: --key-file, --password, SPYGLASS_BACKUP_PASSWORD, else a
 * no-echo prompt on the terminal. Asked only when the backup turns out to be encrypted; never stored or logged.
 * The prompt reads the terminal itself (/dev/tty), so it works with the output piped, and a password typed
 * wrong there may be typed again, three tries in all.
 */
import { openSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ReadStream, WriteStream } from "node:tty";
import { SpyglassError } from "../core/errors.ts";
import type { BackupSecret } from "../inputs/ios-backup-keys.ts";

export interface SecretOptions {
  password?: string;
  keyFile?: string;
}

/** Tries of a password typed at the prompt. */
export const PROMPT_TRIES = 3;

/** A secret source that remembers whether it asked at the prompt (only then is a wrong password asked again). */
export interface Secret<T> {
  (): Promise<T>;
  readonly prompted: boolean;
}

function secretSource<T>(get: (ask: (question: string, noTerminal: string) => Promise<string>) => Promise<T>): Secret<T> {
  const state = { prompted: false };
  const fn = () =>
    get((q, n) => {
      state.prompted = true;
      return askHidden(q, n);
    });
  return Object.defineProperty(fn, "prompted", { get: () => state.prompted }) as Secret<T>;
}

/** The key file is read at once, so a mistyped --key-file is reported before any long work. */
export function secretFrom(o: SecretOptions, env = process.env): Secret<BackupSecret> {
  const keyFile = o.keyFile === undefined ? undefined : readKeyFile(o.keyFile);
  return secretSource(async (ask) => {
    if (keyFile !== undefined) return { keyFile };
    const given = o.password ?? env.SPYGLASS_BACKUP_PASSWORD;
    if (given !== undefined && given !== "") return { password: given };
    return { password: await ask("Backup password: ", "this backup is encrypted: give its password (--password or SPYGLASS_BACKUP_PASSWORD) or a key file (--key-file)") };
  });
}

/** The .ab password: --backup-password, SPYGLASS_ANDROID_BACKUP_PASSWORD, else the prompt; asked only if needed. */
export function androidBackupPassword(given: string | undefined, env = process.env): Secret<string> {
  return secretSource(async (ask) => {
    const p = given ?? env.SPYGLASS_ANDROID_BACKUP_PASSWORD;
    if (p) return p;
    return ask("Android backup password: ", "this Android backup is encrypted: give its password (--backup-password or SPYGLASS_ANDROID_BACKUP_PASSWORD)");
  });
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new SpyglassError("E_NOT_FOUND", `the key file ${resolve(path)} does not exist or cannot be read`, { file: resolve(path) });
  }
}

/**
 * Runs `open` with a fresh secret source, again while the password typed at the prompt is wrong (E_BAD_PASSWORD),
 * three tries in all; a password given by option or environment is not asked again.
 */
export async function withTries<T, S>(make: () => Secret<S>, open: (secret: Secret<S>) => Promise<T>, tries = PROMPT_TRIES): Promise<T> {
  for (let i = 1; ; i++) {
    const secret = make();
    try {
      return await open(secret);
    } catch (err) {
      if (!(err instanceof SpyglassError && err.code === "E_BAD_PASSWORD") || !secret.prompted || i >= tries) throw err;
      process.stderr.write(`Wrong password: try again (${tries - i} ${tries - i === 1 ? "try" : "tries"} left).\n`);
    }
  }
}

interface Terminal {
  readonly input: NodeJS.ReadStream | ReadStream;
  readonly output: NodeJS.WriteStream | WriteStream;
  close(): void;
}

/** The controlling terminal, even when stdin, stdout or stderr are redirected; undefined without one. */
function openTerminal(): Terminal | undefined {
  try {
    const input = new ReadStream(openSync("/dev/tty", "r"));
    const output = new WriteStream(openSync("/dev/tty", "w"));
    return { input, output, close: () => (input.destroy(), output.destroy()) };
  } catch {
    // No /dev/tty (Windows): the standard streams, when they are the terminal.
    return process.stdin.isTTY && process.stderr.isTTY ? { input: process.stdin, output: process.stderr, close() {} } : undefined;
  }
}

/** A no-echo prompt on the terminal; without one, the error that says how to give the password instead. */
export function askHidden(question: string, noTerminal: string): Promise<string> {
  const term = openTerminal();
  if (!term) return Promise.reject(new SpyglassError("E_ENCRYPTED", noTerminal));
  return promptHidden(term, question).finally(() => term.close());
}

/** What was typed after a line the prompt already took (a pasted second try): the next prompt starts with it. */
let typedAhead = "";

/** Reads a line from the terminal without echoing it. */
function promptHidden({ input, output }: Terminal, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // No echo before the question shows: an answer typed at once must not appear on the screen.
    input.setRawMode(true);
    output.write(question);
    let text = "";
    let ended = false;
    const done = (err?: Error) => {
      ended = true;
      input.setRawMode(false);
      input.pause();
      input.off("data", onData);
      output.write("\n");
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: Buffer | string) => {
      const chars = [...chunk.toString()];
      for (const [i, ch] of chars.entries()) {
        if (ch === "\r" || ch === "\n") {
          typedAhead = chars.slice(i + 1).join("").replace(/^\n/, "");
          return done();
        }
        if (ch === "\u0003") return done(new SpyglassError("E_USAGE", "cancelled"));
        if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
        else text += ch;
      }
    };
    input.on("data", onData);
    const ahead = typedAhead;
    typedAhead = "";
    if (ahead) onData(ahead);
    if (!ended) input.resume();
  });
}
