/**
 * The backup password or key file for a command: --key-file, --password, SPYGLASS_BACKUP_PASSWORD, else a
 * no-echo prompt on a terminal. Asked only when the backup turns out to be encrypted; never stored or logged.
 */
import { readFileSync } from "node:fs";
import { SpyglassError } from "../core/errors.ts";
import type { BackupSecret } from "../inputs/ios-backup-keys.ts";

export interface SecretOptions {
  password?: string;
  keyFile?: string;
}

export function secretFrom(o: SecretOptions, env = process.env): () => Promise<BackupSecret> {
  return async () => {
    if (o.keyFile) return { keyFile: readFileSync(o.keyFile, "utf8") };
    const given = o.password ?? env.SPYGLASS_BACKUP_PASSWORD;
    if (given !== undefined && given !== "") return { password: given };
    return { password: await askHidden("Backup password: ", "this backup is encrypted: give its password (--password or SPYGLASS_BACKUP_PASSWORD) or a key file (--key-file)") };
  };
}

/** A no-echo prompt on a terminal; without one, the error that says how to give the password instead. */
export function askHidden(question: string, noTerminal: string): Promise<string> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return Promise.reject(new SpyglassError("E_ENCRYPTED", noTerminal));
  return promptHidden(question);
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let text = "";
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new SpyglassError("E_USAGE", "cancelled"));
        if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on("data", onData);
  });
}
